"""What the reference tables seed for each figure: the same as a new book holds, figure by
figure and source by source, and which typed value takes back the reference's source."""

import pytest

from business.book_edit import open_book
from business.book_reference import Reference, reference
from business.seeds import Seed


@pytest.fixture
def scenario(hand_world):
    return hand_world.scenario


def test_a_new_book_holds_what_the_reference_seeds_for_every_figure(scenario):
    sheet, seeded = open_book(scenario), reference(scenario)
    figures = list(sheet.figures())
    assert sorted(f.key for f in figures) == sorted(seeded.figures)
    assert [(f.key, f.value, f.source) for f in figures] == [
        (f.key, seeded.figures[f.key].value, seeded.figures[f.key].source) for f in figures
    ]
    assert seeded.staff_groups == {line.skill: line.staff_group for line in sheet.staff}


def test_the_seeds_are_keyed_as_the_page_names_its_fields(scenario):
    seeded = reference(scenario)
    derm = seeded.figures["service:dermatology:first_price_gbp"]
    assert derm.value == 153.3 and "prices.csv op_first_330: " in derm.source
    assert seeded.figures["unit:op-1:move_gbp"].source.startswith("costs.csv: Relocation")
    assert seeded.figures["staff:ent:session_gbp"].value == 398.79
    assert seeded.figures["capital_outlay_gbp"].source.startswith("1 site × £")
    assert seeded.staff_groups == {"dermatology": "Consultant", "ent": "Consultant"}


@pytest.mark.parametrize(
    ("key", "value", "source"),
    [
        ("price", 165.0, "prices.csv: urology"),
        ("price", 165.00001, "prices.csv: urology"),  # the database keeps four places
        ("price", 170.0, None),
        ("price", None, None),
        ("unknown", None, ""),  # a price the tables do not know, left empty
        ("unknown", 1.0, None),
        ("not a figure", 165.0, None),
    ],
)
def test_only_the_seeded_value_takes_back_the_references_source(key, value, source):
    seeded = Reference({"price": Seed(165.0, "prices.csv: urology"), "unknown": Seed(None, "")}, {})
    assert seeded.source_if_seeded(key, value) == source
