"""One NHS number, one person: what counts as the same name, and the record's identities."""

from datetime import date

import pytest

from booking.identity import (
    REGISTERED_ELSEWHERE,
    Identity,
    differences,
    identity_errors,
    name_key,
    recorded_identities,
    registered_elsewhere,
)
from tests.booking.conftest import nhs_number

BORN = date(1955, 11, 23)
MARY = Identity.of("Mary Seacole", BORN)


@pytest.mark.parametrize(
    "typed",
    ["Mary Seacole", "MARY  SEACOLE", " mary seacole ", "Seacole, Mary", "SEACOLE Mary"],
)
def test_case_spaces_commas_and_order_do_not_make_another_name(typed):
    assert name_key(typed) == name_key("Mary Seacole")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Anne-Marie Smith-Jones", "Anne Marie Smith Jones"),
        ("Siobhan O'Brien", "Siobhan OBrien"),
        ("Siobhan O’Brien", "siobhan o'brien"),
        ("Zoë Brontë", "Zoe Bronte"),
        ("St. John Rivers", "St John Rivers"),
    ],
)
def test_hyphens_apostrophes_full_stops_and_accents_are_ignored(one, other):
    assert name_key(one) == name_key(other)


@pytest.mark.parametrize(
    "other",
    ["Mary Jane Seacole", "M Seacole", "Mary Grant", "Marie Seacole", "Mary"],
)
def test_another_given_name_surname_or_an_initial_is_another_name(other):
    assert name_key(other) != name_key("Mary Seacole")


def test_nothing_on_record_or_a_match_has_no_differences():
    assert differences(MARY, set()) == ()
    assert differences(Identity.of("seacole, MARY", BORN), {MARY}) == ()


def test_each_field_that_differs_is_named_and_the_date_is_exact():
    assert differences(Identity.of("Mary Seacole", date(1955, 11, 24)), {MARY}) == (
        "date_of_birth",
    )
    assert differences(Identity.of("Mary Grant", BORN), {MARY}) == ("name",)
    assert differences(Identity.of("Ann Smith", date(1960, 1, 1)), {MARY}) == (
        "date_of_birth",
        "name",
    )


def test_records_that_already_disagree_accept_either_but_not_a_mixture():
    older = {MARY, Identity.of("Mary Grant", date(1955, 3, 11))}
    assert differences(Identity.of("Mary Grant", date(1955, 3, 11)), older) == ()
    assert differences(MARY, older) == ()
    # Each field is on record, never together: the stricter test, the date, is named.
    assert differences(Identity.of("Mary Grant", BORN), older) == ("date_of_birth",)


def test_the_record_is_read_for_every_number_asked(desk):
    first = desk.referral(name="Mary Seacole", date_of_birth=BORN)
    desk.referral(nhs_number=first.nhs_number, name="MARY SEACOLE", date_of_birth=BORN)
    other = desk.referral(name="Ann Smith")
    found = recorded_identities([first.nhs_number, other.nhs_number, nhs_number(99)])
    assert found == {
        first.nhs_number: {MARY},
        other.nhs_number: {Identity.of("Ann Smith", date(1960, 5, 17))},
    }


def test_identity_errors_name_the_field_and_leak_nothing_of_the_record(desk):
    recorded = desk.referral(name="Mary Seacole", date_of_birth=BORN)
    values = {"nhs_number": recorded.nhs_number, "name": "Ann Smith", "date_of_birth": BORN}
    errors = identity_errors(values)
    assert errors == {
        "name": "This NHS number is already recorded with a different name; "
        "check the number and the patient's details."
    }
    later = values | {"name": "Mary Seacole", "date_of_birth": date(1956, 1, 1)}
    assert "different date of birth" in identity_errors(later)["date_of_birth"]
    assert "Seacole" not in str(identity_errors(later | {"name": "Ann Smith"}))
    assert identity_errors(values | {"nhs_number": nhs_number(99)}) == {}


def test_a_practice_is_told_only_that_a_number_is_another_practices(desk):
    theirs = desk.referral(name="Mary Seacole", date_of_birth=BORN, practice_id="E82100")
    assert registered_elsewhere(theirs.nhs_number, "E82102")
    assert not registered_elsewhere(theirs.nhs_number, "E82100")
    assert not registered_elsewhere(nhs_number(99), "E82102")
    # The same one answer whether the details typed match the record or not: nothing to probe.
    for name, born in (("Mary Seacole", BORN), ("Ann Smith", BORN), ("Mary Seacole", date.min)):
        values = {"nhs_number": theirs.nhs_number, "name": name, "date_of_birth": born}
        assert identity_errors(values, acting_for="E82102") == {"nhs_number": REGISTERED_ELSEWHERE}
    assert "different name" in identity_errors(values | {"name": "Ann Smith"})["name"]  # the desk


def test_a_practice_compares_its_own_records_only(desk):
    mine = desk.referral(name="Mary Seacole", date_of_birth=BORN, practice_id="E82102")
    desk.referral(nhs_number=mine.nhs_number, name="Ann Smith", practice_id="E82100")
    assert recorded_identities([mine.nhs_number], "E82102") == {mine.nhs_number: {MARY}}
    assert len(recorded_identities([mine.nhs_number])[mine.nhs_number]) == 2
