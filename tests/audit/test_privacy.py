"""What the trail keeps of a patient's record: ids, codes and the names of changed fields."""

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from audit.privacy import AuditPrivacyError, category, leaks, redact, visible_categories
from audit.trail import shown
from extensions import db

REFERRAL = {
    "nhs_number": "9434765919",
    "name": "Ada Lovelace",
    "date_of_birth": "1950-12-10",
    "postcode": "HP2 4AD",
    "practice_id": "E82102",
    "service_id": "orthopaedics",
    "priority": "routine",
    "referral_date": "2026-11-02",
    "notes": "Call her daughter",
}


def test_a_new_referral_keeps_codes_by_value_and_details_by_name():
    before, after = redact("referral", "create", None, REFERRAL)
    assert before is None
    assert after == {
        "practice_id": "E82102",
        "service_id": "orthopaedics",
        "priority": "routine",
        "referral_date": "2026-11-02",
        "changed": sorted(REFERRAL),
    }


def test_an_edit_names_only_the_fields_that_changed():
    edited = REFERRAL | {"postcode": "WD4 3AA", "notes": "", "priority": "urgent"}
    before, after = redact("referral", "update", REFERRAL, edited)
    assert before["priority"] == "routine" and after["priority"] == "urgent"
    assert after["changed"] == ["notes", "postcode", "priority"]
    assert "WD4 3AA" not in str(after) and "HP2 4AD" not in str(before)


def test_a_field_added_later_is_kept_by_name_only():
    """An allowlist: a phone number or email nobody thought of is not kept."""
    _, after = redact("referral", "create", None, {"phone": "07700 900123", "email": "a@b.uk"})
    assert after == {"changed": ["email", "phone"]}


def test_long_text_and_odd_field_names_are_not_kept():
    _, after = redact(
        "booking",
        "update",
        None,
        {"status": "x" * 41, "Ada Lovelace": 1, "session_id": [1, 2]},
        changed=["9434765919", "notes"],
    )
    assert after == {"changed": ["notes", "session_id", "status"]}


def test_a_reading_changes_no_field():
    assert redact("booking", "view", None, {"what": "letter"}) == (None, {"what": "letter"})


def test_planning_events_are_kept_as_given():
    values = {"name": "Tring Sports Centre", "postcode": "HP23 5BH"}
    assert redact("site", "update", None, values) == (None, values)


def test_leaks_names_what_a_patient_event_may_not_keep():
    assert leaks("referral", None, REFERRAL) == [
        "nhs_number",
        "name",
        "date_of_birth",
        "postcode",
        "notes",
    ]
    assert leaks("referral", *redact("referral", "create", None, REFERRAL)) == []
    assert leaks("site", None, {"name": "Tring"}) == []


def test_the_database_refuses_an_event_that_keeps_a_patients_details(app):
    event = AuditEvent(actor="x", action="create", entity_type="referral", entity_id="1")
    event.after = REFERRAL
    db.session.add(event)
    with pytest.raises(AuditPrivacyError, match="date_of_birth, name, nhs_number, notes, postcode"):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0


def test_an_event_written_before_the_rule_is_shown_without_details(app):
    event = AuditEvent(actor="x", action="create", entity_type="referral", entity_id="1")
    event.after = REFERRAL  # as the trail kept it before: shown through the same rule
    row = shown(event)
    assert row.changed == sorted(REFERRAL) and "Ada" not in str(row)


@pytest.mark.parametrize(
    ("role", "seen"),
    [
        ("ops", {"planning"}),
        ("booking", {"patient"}),
        ("admin", {"patient", "planning", "account"}),
        ("nobody", set()),
    ],
)
def test_who_reads_which_events(role, seen):
    assert visible_categories(role) == seen


def test_categories():
    assert [category(t) for t in ("referral", "booking", "user", "plan", "site")] == [
        "patient",
        "patient",
        "account",
        "planning",
        "planning",
    ]
