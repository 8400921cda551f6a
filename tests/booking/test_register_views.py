"""The clinic register's pages: who may read it, the audit of each reading, marking
attendance from it, and outcomes recorded for the whole clinic at once."""

import re
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from booking import register_views, service, views
from booking.models import Booking, Referral
from booking.service import book, record_attendance
from booking.session_cancellation import cancel_session
from extensions import db
from tests.booking.conftest import NEAR_SITE, NOW, accesses

MON = date(2027, 1, 11)
ON_THE_DAY = datetime(2027, 1, 11, 10, 0)


@pytest.fixture(autouse=True)
def on_the_day(monkeypatch):
    """Pin the desk's clock to the clinic's morning."""
    for module in (views, service, register_views):
        monkeypatch.setattr(module, "local_now", lambda: ON_THE_DAY)


@pytest.fixture
def session_id(desk) -> int:
    """An orthopaedic clinic on MON, another 6 weeks on, and an MRI list."""
    plan = desk.plan(
        [
            (NEAR_SITE, MON, "AM", 0, "orthopaedics"),
            (NEAR_SITE, MON + timedelta(weeks=6), "AM", 0, "orthopaedics"),
            (NEAR_SITE, MON + timedelta(days=14), "AM", 0, "mri", "rad-1"),
        ]
    )
    return plan.sessions[0].id


def _attended(desk, session_id: int, count: int) -> list[Booking]:
    found = []
    for n in range(count):
        booking = book(desk.referral(name=f"Attender {n}").id, session_id, now=NOW)
        found.append(record_attendance(booking.id, "attended", now=ON_THE_DAY))
    return found


def _error(html: str, field_id: str) -> str:
    found = re.search(rf'id="{field_id}-error">(.*?)</span>\s*(.*?)</span>', html, re.S)
    return found.group(2).strip() if found else ""


@pytest.mark.parametrize(("role", "status"), [(None, 302), ("ops", 403), ("booking", 200)])
def test_only_booking_staff_read_a_register(client, login, session_id, role, status):
    if role:
        login(role)
    response = client.get(f"/booking/sessions/{session_id}/register")
    assert response.status_code == status
    if role is None:
        assert response.headers["Location"].startswith("/login")
    listed = client.get(f"/booking/sessions?day={MON.isoformat()}")
    assert listed.status_code == status


def test_reading_a_register_is_audited_without_patient_details(client, login, desk, session_id):
    book(desk.referral(name="Grace Hopper").id, session_id, now=NOW)
    book(desk.referral().id, session_id, now=NOW)
    login("booking", "clerk")
    html = client.get(f"/booking/sessions/{session_id}/register").data.decode()
    assert "Grace Hopper" in html
    assert accesses() == [("clerk", "view", "session_register", str(session_id), {"rows": 2})]


def test_an_unknown_session_has_no_register(client, login, desk):
    login("booking")
    assert client.get("/booking/sessions/999/register").status_code == 404
    assert client.post("/booking/sessions/999/outcomes", data={}).status_code == 404


def test_the_register_lists_the_slots_in_order(client, login, desk, session_id):
    first = book(desk.referral(name="Ada Lovelace").id, session_id, now=NOW)
    book(desk.referral(name="Grace Hopper").id, session_id, now=NOW)
    login("booking")
    html = client.get(f"/booking/sessions/{session_id}/register").data.decode()
    slots = re.findall(
        r'data-slot="(\d+)">\s*<td[^>]*>(\d\d:\d\d)</td>\s*<td[^>]*>(\w[\w-]*)', html
    )
    assert slots[:3] == [("0", "09:00", "New"), ("1", "09:20", "New"), ("2", "09:40", "New")]
    assert len(slots) == 12
    assert html.index("Ada Lovelace") < html.index("Grace Hopper")
    assert first.referral.nhs_number[:3] + " " in html  # formatted: 3 3 4 digits
    assert "Orthopaedic clinic, Monday 11 January 2027, AM" in html
    assert "Chipperfield Sports Club" in html and "unit op-2, room 1" in html


def test_the_days_sessions_link_their_registers(client, login, desk, session_id):
    login("booking")
    html = client.get(f"/booking/sessions?day={MON.isoformat()}").data.decode()
    assert f'href="/booking/sessions/{session_id}/register"' in html
    html = client.get("/booking/sessions?day=not-a-day").data.decode()  # today, then
    assert "Monday 11 January 2027" in html


def test_attendance_marked_from_the_register_comes_back_to_it(client, login, desk, session_id):
    booking = book(desk.referral(name="Ada Lovelace").id, session_id, now=NOW)
    login("booking")
    response = client.post(
        f"/booking/bookings/{booking.id}/attendance",
        data={"status": "arrived", "version": booking.version, "back": "register"},
    )
    assert response.headers["Location"] == f"/booking/sessions/{session_id}/register"
    html = client.get(response.headers["Location"]).data.decode()
    assert "Recorded: Ada Lovelace, arrived." in html
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == "arrived"


def test_outcomes_for_the_whole_clinic_are_recorded_at_once(client, login, desk, session_id):
    one, two = _attended(desk, session_id, 2)
    login("booking")
    response = client.post(
        f"/booking/sessions/{session_id}/outcomes",
        data={
            f"b{one.id}-outcome": "discharged",
            f"b{one.id}-version": one.version,
            f"b{two.id}-outcome": "refer_on_diagnostic",
            f"b{two.id}-service": "mri",
            f"b{two.id}-version": two.version,
        },
    )
    assert response.headers["Location"] == f"/booking/sessions/{session_id}/register"
    assert "2 outcomes recorded." in client.get(response.headers["Location"]).data.decode()
    db.session.expire_all()
    assert [db.session.get(Booking, b.id).outcome for b in (one, two)] == [
        "discharged",
        "refer_on_diagnostic",
    ]
    assert db.session.scalar(sa.select(Referral.service_id).where(Referral.kind == "diagnostic"))


def test_rows_that_fail_are_shown_again_and_the_others_recorded(client, login, desk, session_id):
    good, bad, later, skipped = _attended(desk, session_id, 4)
    login("booking")
    response = client.post(
        f"/booking/sessions/{session_id}/outcomes",
        data={
            f"b{good.id}-outcome": "discharged",
            f"b{bad.id}-outcome": "follow_up",
            f"b{bad.id}-weeks": "six",
            f"b{later.id}-outcome": "patient_initiated",
            f"b{later.id}-expiry": "2027-07-11",
            f"b{skipped.id}-outcome": "",
        },
    )
    html = response.data.decode()
    assert response.status_code == 400
    assert "2 recorded, 1 needs attention" in html
    assert "whole number" in _error(html, f"b{bad.id}-weeks")
    assert (
        f'id="b{bad.id}-weeks" name="b{bad.id}-weeks" type="text" inputmode="numeric" value="six"'
        in html
    )
    assert '<option value="follow_up" selected>' in html
    assert f'data-booking="{skipped.id}"' in html  # still waiting, untouched
    assert f'data-booking="{good.id}"' not in html  # recorded: no longer in the form
    db.session.expire_all()
    outcomes = [db.session.get(Booking, b.id).outcome for b in (good, bad, later, skipped)]
    assert outcomes == ["discharged", None, "patient_initiated", None]


def test_a_row_changed_meanwhile_needs_attention(client, login, desk, session_id):
    [booking] = _attended(desk, session_id, 1)
    login("booking")
    stale = booking.version
    client.post(  # another clerk, from the referral page
        f"/booking/bookings/{booking.id}/outcome", data={"outcome": "active_monitoring"}
    )
    response = client.post(
        f"/booking/sessions/{session_id}/outcomes",
        data={f"b{booking.id}-outcome": "discharged", f"b{booking.id}-version": stale},
    )
    html = response.data.decode()
    assert response.status_code == 400
    assert "0 recorded, 1 needs attention" in html
    assert "while you had the page open; nothing was changed." in html
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).outcome == "active_monitoring"


def test_a_booking_of_another_session_is_not_recorded_here(client, login, desk, session_id):
    [booking] = _attended(desk, session_id, 1)
    other = session_id + 1
    login("booking")
    response = client.post(
        f"/booking/sessions/{other}/outcomes", data={f"b{booking.id}-outcome": "discharged"}
    )
    html = client.get(response.headers["Location"]).data.decode()
    assert "Choose an outcome for at least one patient." in html
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).outcome is None


def test_posting_no_outcome_says_so(client, login, desk, session_id):
    _attended(desk, session_id, 1)
    login("booking")
    response = client.post(f"/booking/sessions/{session_id}/outcomes", data={})
    html = client.get(response.headers["Location"]).data.decode()
    assert "Choose an outcome for at least one patient." in html


def test_other_roles_cannot_record_outcomes(client, login, desk, session_id):
    [booking] = _attended(desk, session_id, 1)
    login("ops")
    response = client.post(
        f"/booking/sessions/{session_id}/outcomes", data={f"b{booking.id}-outcome": "discharged"}
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).outcome is None


def test_the_referral_page_and_the_rebooking_list_link_the_register(
    client, login, desk, session_id
):
    booking = book(desk.referral().id, session_id, now=datetime(2026, 12, 1, 9))
    login("booking")
    link = f'href="/booking/sessions/{session_id}/register"'
    assert link in client.get(f"/booking/referrals/{booking.referral_id}").data.decode()
    service.cancel(booking.id, "service", now=datetime(2026, 12, 1, 9))
    assert link in client.get("/booking/to-rebook").data.decode()


def test_a_register_offers_cancelling_its_session_until_it_is_cancelled(
    client, login, desk, session_id
):
    later = session_id + 1  # the clinic six weeks on, still to come
    login("booking")
    page = client.get(f"/booking/sessions/{later}/register").text
    assert f'href="/booking/sessions/{later}/cancel">Cancel this session</a>' in page
    patient = desk.referral(name="Grace Hopper")
    book(patient.id, later, now=ON_THE_DAY)
    cancel_session(later, "unit_breakdown", now=ON_THE_DAY)
    page = client.get(f"/booking/sessions/{later}/register").text
    assert "Session cancelled" in page and "unit breakdown" in page
    assert "Cancel this session" not in page and ">Free<" not in page
    cancelled = page[page.index('data-testid="register-cancelled"') :]
    assert f'href="/booking/referrals/{patient.id}">Grace Hopper</a>' in cancelled
    day = (MON + timedelta(weeks=6)).isoformat()
    listed = client.get(f"/booking/sessions?day={day}").text
    row = listed[listed.index(f'data-session="{later}"') :]
    assert "Cancelled</strong>" in row[: row.index("</tr>")]
    # The morning's clinic is under way: it can still be called off; once over, not.
    assert "Cancel this session" in client.get(f"/booking/sessions/{session_id}/register").text
