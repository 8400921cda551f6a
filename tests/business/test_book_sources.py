"""Source texts: split per figure and joined back, the reference files they name, and
whether a figure is an assumption."""

from datetime import date

import pytest

from business.book_sources import (
    entered_by,
    is_assumption,
    join_service,
    join_unit,
    reference_files,
    split_service,
    split_unit,
)


def test_the_reference_files_a_source_names_in_order():
    source = "general.csv: derived: a clerk (costs.csv: booking clerk); assumption: the 10 minutes"
    assert reference_files(source) == [
        "business/reference/general.csv",
        "business/reference/costs.csv",
    ]
    assert reference_files("entered by kim on 5 January 2027") == []
    assert reference_files("workbook_Apr22.xlsx") == []


@pytest.mark.parametrize(
    ("source", "assumption"),
    [
        ("costs.csv: x; assumption: 5-day hire", True),
        ("Assumption: none found", True),
        ("NTPS 2022/23", False),
    ],
)
def test_an_assumption_is_named_in_its_source(source, assumption):
    assert is_assumption(source) is assumption


def test_who_entered_a_figure_and_when():
    assert entered_by("kim", date(2027, 1, 5)) == "entered by kim on 5 January 2027"


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [("prices.csv a; b", "prices.csv c; d"), ("", "prices.csv c"), ("note only", ""), ("", "")],
)
def test_a_service_rows_source_splits_back_into_its_two_prices(first, follow_up):
    assert split_service(join_service(first, follow_up)) == (first, follow_up)


def test_a_service_row_seeded_by_the_book_splits_at_its_follow_up():
    assert split_service("prices.csv a; x; follow-up: prices.csv b") == (
        "prices.csv a; x",
        "prices.csv b",
    )


@pytest.mark.parametrize(
    ("hire", "move"),
    [("costs.csv: a; b", "costs.csv: c"), ("", "costs.csv: c"), ("costs.csv: a", "")],
)
def test_a_unit_rows_source_splits_back_into_its_two_costs(hire, move):
    assert split_unit(join_unit(hire, move)) == (hire, move)
    assert split_unit("hire: costs.csv: a; move: costs.csv: b") == ("costs.csv: a", "costs.csv: b")
