"""Reading the trail: each role its own events, filtered by user, dates and subject."""

from datetime import date, datetime

import pytest

from audit import trail
from audit.models import AuditEvent
from audit.trail import TrailQuery, actors, find_events, may_search_patients, shown
from extensions import db


def _event(actor: str, entity_type: str, entity_id: str, at: datetime, **values) -> None:
    db.session.add(
        AuditEvent(
            at=at,
            actor=actor,
            action="update",
            entity_type=entity_type,
            entity_id=entity_id,
            **values,
        )
    )
    db.session.commit()


@pytest.fixture
def events(app):
    _event("olivia", "plan", "7", datetime(2027, 1, 4, 9))
    _event("bea", "referral", "12", datetime(2027, 1, 5, 23, 59))
    _event("bea", "booking", "3", datetime(2027, 1, 6, 8))
    _event("root", "user", "2", datetime(2027, 1, 7, 8))


def _seen(role: str, query: TrailQuery | None = None) -> list[tuple[str, str]]:
    found, _ = find_events(role, query or TrailQuery())
    return [(event.entity_type, event.entity_id) for event in found]


def test_each_role_reads_its_own_kind_of_event_newest_first(events):
    assert _seen("ops") == [("plan", "7")]
    assert _seen("booking") == [("booking", "3"), ("referral", "12")]
    assert _seen("admin") == [("user", "2"), ("booking", "3"), ("referral", "12"), ("plan", "7")]
    assert _seen("nobody") == []
    assert actors("booking") == ["bea"] and actors("admin") == ["bea", "olivia", "root"]


def test_filters_by_user_by_whole_days_and_by_subject(events):
    assert _seen("admin", TrailQuery(actor="olivia")) == [("plan", "7")]
    days = TrailQuery(start=date(2027, 1, 5), end=date(2027, 1, 5))  # to the day's last minute
    assert _seen("admin", days) == [("referral", "12")]
    about = TrailQuery(subjects={"referral": ["12"], "booking": []})
    assert _seen("booking", about) == [("referral", "12")]
    assert _seen("booking", TrailQuery(subjects={})) == []


def test_the_count_is_of_every_match_when_the_page_shows_fewer(events, monkeypatch):
    monkeypatch.setattr(trail, "PAGE_ROWS", 1)
    found, total = find_events("admin", TrailQuery())
    assert len(found) == 1 and total == 4


def test_a_shown_event_lists_the_changed_fields_apart(app):
    after = {"changed": ["name", "postcode"]}
    _event("bea", "referral", "12", datetime(2027, 1, 5), after=after)
    event = shown(db.session.query(AuditEvent).one())
    assert event.changed == ["name", "postcode"]
    assert (event.before, event.after) == ({}, {})


def test_booking_staff_and_admins_may_search_a_patients_events():
    assert may_search_patients("booking") and may_search_patients("admin")
    assert not may_search_patients("ops")
