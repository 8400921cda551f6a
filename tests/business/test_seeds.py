"""The staff costs seeded from business/reference/staff_costs.csv, each note an assumption the
page can tag."""

from business.book_sources import is_assumption
from business.seeds import staff_cost

BAND_6_SESSION_GBP = 140.68


def test_a_sonographer_is_costed_at_band_6_and_the_source_says_it_is_an_assumption():
    group, seed = staff_cost("sonography")
    assert group == "Radiographer (AfC band 6)" and seed.value == BAND_6_SESSION_GBP
    assert seed.source.startswith("costs.csv: AfC band 6 radiographer")
    assert seed.source.endswith(
        ". Note: assumption: sonographers are costed at the band 6 radiographer rate; "
        "many are band 7"
    )
    assert is_assumption(seed.source)


def test_a_radiographer_has_no_note_and_is_no_assumption():
    group, seed = staff_cost("ct-radiography")
    assert group == "Radiographer (AfC band 6)" and seed.value == BAND_6_SESSION_GBP
    assert "Note:" not in seed.source and not is_assumption(seed.source)


def test_a_skill_the_table_does_not_name_is_costed_as_a_consultant_by_assumption():
    group, seed = staff_cost("ent")
    assert group == "Consultant" and seed.value == 398.79
    assert seed.source.startswith("assumption: a clinician with skill 'ent' is costed as a ")
    assert "Note:" not in seed.source
