"""Checking a referral's fields: every problem named by field, nothing half-written."""

from datetime import date

import pytest
import sqlalchemy as sa

from booking.identity import REGISTERED_ELSEWHERE
from booking.models import Referral
from booking.reference import format_reference
from booking.referrals import (
    ReferralInvalid,
    add_referral,
    check_referral,
    parse_referral,
    referral_ids_matching,
)
from extensions import db

TODAY = date(2026, 12, 1)
PRACTICES, SERVICES = {"E82102"}, {"orthopaedics"}
GOOD = {
    "nhs_number": "943 476 5919",
    "name": " Mary Seacole ",
    "date_of_birth": "23/11/1955",
    "postcode": "wd4 3aa",
    "practice": "e82102",
    "service": "Orthopaedics",
    "priority": "",
    "referral_date": "2026-11-30",
    "notes": "",
}


def test_good_text_becomes_referral_values():
    values, errors = parse_referral(GOOD, TODAY, PRACTICES, SERVICES)
    assert errors == {}
    assert values == {
        "nhs_number": "9434765919",
        "name": "Mary Seacole",
        "date_of_birth": date(1955, 11, 23),
        "postcode": "WD4 3AA",
        "practice_id": "E82102",
        "service_id": "orthopaedics",
        "priority": "routine",
        "referral_date": date(2026, 11, 30),
        "notes": "",
        "mobile": None,
        "email": None,
        "message_consent": False,
    }


def test_contact_details_are_normalised_and_a_landline_is_refused_by_name():
    contact = {"mobile": "+44 (0)7700 900123", "email": "Mary@NHS.net", "message_consent": "yes"}
    values, errors = parse_referral(GOOD | contact, TODAY, PRACTICES, SERVICES)
    assert errors == {}
    assert (values["mobile"], values["email"], values["message_consent"]) == (
        "+447700900123",
        "Mary@nhs.net",
        True,
    )
    bad = {"mobile": "01442 123456", "email": "mary at nhs", "message_consent": "maybe"}
    _, errors = parse_referral(GOOD | bad, TODAY, PRACTICES, SERVICES)
    assert set(errors) == {"mobile", "email", "message_consent"}
    assert "not a mobile number" in errors["mobile"]


def test_every_bad_field_is_named_at_once():
    bad = GOOD | {
        "nhs_number": "123",
        "name": "",
        "date_of_birth": "31/02/1990",
        "postcode": "ZZ99 3VZ",
        "practice": "nope",
        "service": "",
        "priority": "asap",
        "referral_date": "2027-01-01",
    }
    _, errors = parse_referral(bad, TODAY, PRACTICES, SERVICES)
    assert set(errors) == {
        "nhs_number",
        "name",
        "date_of_birth",
        "postcode",
        "practice",
        "service",
        "priority",
        "referral_date",
    }
    assert "pseudo-postcode" in errors["postcode"]
    assert errors["referral_date"] == "The referral date cannot be in the future."


def test_a_birth_date_after_today_or_the_referral_is_refused():
    _, errors = parse_referral(GOOD | {"date_of_birth": "2026-12-02"}, TODAY, PRACTICES, SERVICES)
    assert errors == {"date_of_birth": "The date of birth must be in the past (and after 1900)."}
    later = GOOD | {"date_of_birth": "2026-11-30", "referral_date": "2026-11-29"}
    _, errors = parse_referral(later, TODAY, PRACTICES, SERVICES)
    assert errors == {"referral_date": "The referral date cannot be before the date of birth."}


def test_a_patient_waits_once_per_service(desk):
    raw = GOOD | {"date_of_birth": "1955-11-23"}
    add_referral(raw, TODAY)
    with pytest.raises(ReferralInvalid) as refused:
        add_referral(raw | {"name": "SEACOLE, Mary"}, TODAY)
    assert "already waiting for orthopaedics" in refused.value.errors["nhs_number"]
    assert add_referral(raw | {"service": "ophthalmology"}, TODAY).service_id == "ophthalmology"


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Referral))


@pytest.mark.parametrize(
    ("changed", "field"),
    [
        ({"date_of_birth": "24/11/1955"}, "date_of_birth"),
        ({"name": "Mary Grant"}, "name"),
        ({"name": "Mary Jane Seacole"}, "name"),
    ],
)
def test_an_nhs_number_on_record_for_another_person_is_refused_by_field(desk, changed, field):
    add_referral(GOOD, TODAY)
    other_service = GOOD | {"service": "ophthalmology"}
    with pytest.raises(ReferralInvalid) as refused:
        add_referral(other_service | changed, TODAY)
    assert list(refused.value.errors) == [field]
    message = refused.value.errors[field]
    assert message.startswith("This NHS number is already recorded with a different ")
    assert "Seacole" not in message and "1955" not in message
    assert _count() == 1


def test_the_same_person_typed_differently_is_referred_again(desk):
    add_referral(GOOD, TODAY)
    again = GOOD | {
        "service": "ophthalmology",
        "name": "  SEACOLE,  mary ",
        "date_of_birth": "1955-11-23",
    }
    assert add_referral(again, TODAY).name == "SEACOLE,  mary"
    assert _count() == 2


def test_a_referral_with_other_problems_is_not_checked_against_the_record(desk):
    add_referral(GOOD, TODAY)
    probe = GOOD | {"service": "ophthalmology", "name": "Ann Smith", "postcode": ""}
    values, errors = check_referral(probe, TODAY)
    assert set(errors) == {"postcode"}


def test_the_desk_finds_a_patient_by_the_booking_reference_of_a_shortlist(desk):
    mine, other = desk.referral(name="Mary Seacole"), desk.referral(name="Grace Hopper")
    assert referral_ids_matching(format_reference(mine.id)) == [mine.id]
    assert referral_ids_matching(format_reference(mine.id).lower().replace("-", " ")) == [mine.id]
    assert referral_ids_matching("DMC-000-000-0") == []
    assert referral_ids_matching("Grace") == [other.id]
    assert referral_ids_matching(other.nhs_number) == [other.id]


@pytest.mark.parametrize(
    "typed",
    [
        {},  # the record's own name and date of birth
        {"name": "Ann Smith"},
        {"date_of_birth": "1956-01-01"},
        {"service": "ophthalmology"},  # not the service the patient waits for
    ],
)
def test_a_practice_cannot_refer_or_probe_another_practices_patient(desk, typed):
    add_referral(GOOD | {"practice": "E82100"}, TODAY)  # waiting for orthopaedics there
    with pytest.raises(ReferralInvalid) as refused:
        add_referral(GOOD | typed, TODAY, acting_for="E82102")
    assert refused.value.errors == {"nhs_number": REGISTERED_ELSEWHERE}
    assert _count() == 1


def test_the_desk_still_checks_across_every_practice(desk):
    add_referral(GOOD | {"practice": "E82100"}, TODAY)
    with pytest.raises(ReferralInvalid) as refused:
        add_referral(GOOD | {"name": "Ann Smith", "service": "ophthalmology"}, TODAY)
    assert "different name" in refused.value.errors["name"]
    with pytest.raises(ReferralInvalid) as refused:
        add_referral(GOOD, TODAY)
    assert "already waiting for orthopaedics" in refused.value.errors["nhs_number"]


def test_a_practice_refers_its_own_patients_again_and_only_for_itself(desk):
    add_referral(GOOD, TODAY, acting_for="E82102")
    with pytest.raises(ReferralInvalid) as refused:
        add_referral(GOOD | {"name": "Ann Smith", "service": "ophthalmology"}, TODAY, "E82102")
    assert "different name" in refused.value.errors["name"]
    with pytest.raises(ReferralInvalid) as refused:
        add_referral(GOOD, TODAY, acting_for="E82102")
    assert "already waiting for orthopaedics" in refused.value.errors["nhs_number"]
    again = add_referral(GOOD | {"service": "ophthalmology"}, TODAY, acting_for="E82102")
    assert again.practice_id == "E82102"
    with pytest.raises(ReferralInvalid) as refused:
        add_referral(GOOD | {"practice": "E82100"}, TODAY, acting_for="E82102")
    assert set(refused.value.errors) == {"practice"}
