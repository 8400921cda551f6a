"""A spreadsheet cell's text is parsed, or refused with a reason in plain words, and each value
is written back the way it is read."""

from datetime import date

import pytest

from inputs import cells
from inputs.cells import CellError


def test_ids_are_trimmed_and_checked():
    assert cells.identifier(" op-1 ") == "op-1"
    with pytest.raises(CellError, match="'op 1' is not a valid id"):
        cells.identifier("op 1")
    with pytest.raises(CellError, match="must not be empty"):
        cells.identifier("  ")


def test_whole_numbers_within_bounds():
    assert cells.integer("3.0", minimum=1) == 3
    with pytest.raises(CellError, match="'1.5' is not a whole number"):
        cells.integer("1.5")
    with pytest.raises(CellError, match="must be at least 1, not 0"):
        cells.integer("0", minimum=1)
    with pytest.raises(CellError, match="must be at most 5, not 6"):
        cells.integer("6", maximum=5)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "many"])
def test_a_number_is_finite(value):
    with pytest.raises(CellError, match="is not a number"):
        cells.number(value)


def test_numbers_positive_or_not_negative():
    assert cells.number("0", minimum=0) == 0
    with pytest.raises(CellError, match="must not be negative, not -2"):
        cells.number("-2", minimum=0)
    with pytest.raises(CellError, match="must be more than 0, not 0"):
        cells.number("0", positive=True)


def test_coordinates_lie_on_the_globe():
    assert (cells.latitude("51.75"), cells.longitude("-0.47")) == (51.75, -0.47)
    with pytest.raises(CellError, match="latitude must lie between -90 and 90, not 91"):
        cells.latitude(" 91 ")
    with pytest.raises(CellError, match="longitude must lie between -180 and 180, not 181"):
        cells.longitude("181")


def test_lists_keep_order_and_repeats_and_name_the_first_unknown_item():
    assert cells.items("b; a;;b") == ["b", "a", "b"]
    assert cells.items("") == []
    with pytest.raises(CellError, match="must list at least one item"):
        cells.items(" ; ", required=True)
    with pytest.raises(CellError, match="'bus' is not one of outpatient, radiology"):
        cells.items("outpatient;bus", allowed=("outpatient", "radiology"))
    with pytest.raises(CellError, match="'bus' is not one of"):
        cells.choice("bus", ("outpatient",))


def test_date_ranges_are_inclusive_and_in_order():
    assert cells.date_ranges("2027-02-15..2027-02-19;2027-04-02") == [
        (date(2027, 2, 15), date(2027, 2, 19)),
        (date(2027, 4, 2), date(2027, 4, 2)),
    ]
    with pytest.raises(CellError, match="dates out of order in '2027-02-19..2027-02-15'"):
        cells.date_ranges("2027-02-19..2027-02-15")
    with pytest.raises(CellError, match="'19/02/2027' is not a date written YYYY-MM-DD"):
        cells.date_ranges("19/02/2027")


def test_an_empty_optional_cell_is_none():
    assert cells.optional(cells.integer, " ", minimum=1) is None
    assert cells.optional(cells.integer, "2", minimum=1) == 2


@pytest.mark.parametrize(
    ("value", "written"),
    [(None, ""), (True, "yes"), (2.0, "2"), (2.5, "2.5"), (["a", "b"], "a;b")],
)
def test_values_are_written_as_the_parsers_read_them(value, written):
    assert cells.format_value(value) == written


def test_date_ranges_are_written_so_they_parse_back_the_same():
    ranges = [(date(2027, 2, 15), date(2027, 2, 19)), (date(2027, 4, 2), date(2027, 4, 2))]
    assert cells.format_value(ranges) == "2027-02-15..2027-02-19;2027-04-02"
    assert cells.date_ranges(cells.format_value(ranges)) == ranges
