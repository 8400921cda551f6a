"""The booking actions' pages: book, rebook, cancel, attendance, the letter and calendar file."""

import re
from datetime import date, datetime

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from booking import service, views
from booking.models import Booking
from booking.service import book
from choice.models import ChoiceOffer
from extensions import db
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW, accesses

MON, TUE = date(2027, 1, 11), date(2027, 1, 12)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """Pin the booking service's clock to the tests' NOW."""
    monkeypatch.setattr(service, "local_now", lambda: NOW)


def test_book_rebook_and_cancel_through_the_pages(client, login, desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (FAR_SITE, TUE, "PM", 0, "orthopaedics")]
    )
    near, far = plan.sessions
    referral = desk.referral()
    login("booking")
    page = client.get(f"/booking/referrals/{referral.id}").data.decode()
    assert page.index(f'data-session="{near.id}"') < page.index(f'data-session="{far.id}"')
    response = client.post(
        f"/booking/referrals/{referral.id}/book",
        data={"session_id": near.id},
        follow_redirects=True,
    )
    assert "Booked for Monday 11 January 2027 at 09:00" in response.data.decode()
    booking = db.session.scalar(sa.select(Booking))
    response = client.post(
        f"/booking/bookings/{booking.id}/rebook",
        data={"session_id": far.id, "cancelled_by": "service"},
        follow_redirects=True,
    )
    assert "Moved the appointment to Tuesday 12 January 2027 at 13:30" in response.data.decode()
    moved = db.session.scalar(sa.select(Booking).where(Booking.status == "booked"))
    assert moved.session_id == far.id
    response = client.post(
        f"/booking/bookings/{moved.id}/cancel",
        data={"cancelled_by": "patient"},
        follow_redirects=True,
    )
    assert "its slot is free again" in response.data.decode()
    assert db.session.scalar(sa.select(Booking).where(Booking.status == "booked")) is None


def test_a_full_session_is_refused_on_the_page_with_the_next_slot(client, login, desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (FAR_SITE, TUE, "PM", 0, "orthopaedics")]
    )
    full = plan.sessions[0]
    for _ in range(12):
        book(desk.referral().id, full.id, now=NOW)
    referral = desk.referral()
    login("booking")
    response = client.post(
        f"/booking/referrals/{referral.id}/book",
        data={"session_id": full.id},
        follow_redirects=True,
    )
    html = response.data.decode()
    assert "That session is now full." in html
    assert "The soonest free slot now is Tuesday 12 January at 13:30" in html


def test_the_letter_and_calendar_file(client, login, desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    referral = desk.referral(name="Grace Hopper")
    book(desk.referral().id, plan.sessions[0].id, now=NOW)
    booking = book(referral.id, plan.sessions[0].id, now=NOW)
    login("booking")
    html = client.get(f"/booking/bookings/{booking.id}/letter").data.decode()
    assert "Monday 11 January 2027" in html and "09:20" in html  # slot 2 of 12 in 09:00-13:00
    assert "Chipperfield" in html and "<svg" in html and "What to bring" in html
    response = client.get(f"/booking/bookings/{booking.id}/appointment.ics")
    assert response.mimetype == "text/calendar"
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    assert event.decoded("dtstart") == datetime(
        2027, 1, 11, 9, 20, tzinfo=event.decoded("dtstart").tzinfo
    )
    assert str(event["uid"]) == f"booking-{booking.id}@dacorum-mobile-clinics"


def test_the_letter_and_calendar_file_are_audited(client, login, desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    booking = book(desk.referral().id, plan.sessions[0].id, now=NOW)
    login("booking", "clerk")
    assert client.get(f"/booking/bookings/{booking.id}/letter").status_code == 200
    assert client.get(f"/booking/bookings/{booking.id}/appointment.ics").status_code == 200
    assert accesses() == [
        ("clerk", "view", "booking", str(booking.id), {"what": "letter"}),
        ("clerk", "export", "booking", str(booking.id), {"what": "calendar file"}),
    ]


def test_attendance_is_recorded_through_the_page(client, login, desk, monkeypatch):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    booking = book(desk.referral(name="Ada Lovelace").id, plan.sessions[0].id, now=NOW)
    monkeypatch.setattr(service, "local_now", lambda: datetime(2027, 1, 11, 9, 5))
    login("booking")
    response = client.post(
        f"/booking/bookings/{booking.id}/attendance",
        data={"status": "arrived"},
        follow_redirects=True,
    )
    assert "Recorded: Ada Lovelace, arrived." in response.data.decode()
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == "arrived"


def test_a_refused_change_is_flashed_and_changes_nothing(client, login, desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    booking = book(desk.referral().id, plan.sessions[0].id, now=NOW)
    login("booking")
    response = client.post(
        f"/booking/bookings/{booking.id}/attendance",
        data={"status": "arrived"},
        follow_redirects=True,
    )
    html = response.data.decode()
    assert "Attendance can be recorded from the day of the appointment." in html
    assert "Recorded:" not in html
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == "booked"


def test_no_letter_for_a_cancelled_appointment(client, login, desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    booking = book(desk.referral().id, plan.sessions[0].id, now=NOW)
    service.cancel(booking.id, "patient", now=NOW)
    login("booking")
    response = client.get(f"/booking/bookings/{booking.id}/letter", follow_redirects=True)
    assert "Letters are for appointments still booked." in response.data.decode()
    assert "What to bring" not in response.data.decode()


def test_an_unknown_booking_is_not_found(client, login, desk):
    login("booking")
    assert (
        client.post("/booking/bookings/999/cancel", data={"cancelled_by": "patient"}).status_code
        == 404
    )


def test_a_first_appointment_dna_is_confirmed_then_says_the_patient_went_back_to_the_referrer(
    client, login, desk, monkeypatch
):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    child = desk.referral(name="Ada Lovelace", date_of_birth=date(2019, 3, 1))
    booking = book(child.id, plan.sessions[0].id, now=NOW)
    monkeypatch.setattr(service, "local_now", lambda: datetime(2027, 1, 11, 13, 5))
    login("booking")
    url = f"/booking/bookings/{booking.id}/attendance"
    asked = client.post(url, data={"status": "did_not_attend", "back": "register"}).text
    assert "This ends the pathway" in asked and "Ada Lovelace is 7." in asked
    assert 'name="confirmed" value="yes"' in asked and 'name="back" value="register"' in asked
    db.session.expire_all()
    assert db.session.get(Booking, booking.id).status == "booked"  # nothing recorded yet
    response = client.post(
        url, data={"status": "did_not_attend", "confirmed": "yes"}, follow_redirects=True
    )
    assert (
        "Recorded: Ada Lovelace, did not attend. Did not attend the first appointment: "
        "returned to the referrer." in response.text
    )


def _shown_on(page: str) -> list[int]:
    """The session ids the page's slot form says it shows, in order."""
    return [int(n) for n in re.findall(r'name="shown" value="(\d+)"', page)]


@pytest.fixture
def three_slots(desk, monkeypatch):
    """Orthopaedics near on Monday morning and afternoon and far on Tuesday, and an
    ophthalmology session; the referral page's clock pinned to NOW."""
    monkeypatch.setattr(views, "local_now", lambda: NOW)
    plan = desk.plan(
        [
            (NEAR_SITE, MON, "AM", 0, "orthopaedics"),
            (NEAR_SITE, MON, "PM", 0, "orthopaedics"),
            (FAR_SITE, TUE, "PM", 0, "orthopaedics", "op-1"),
            (NEAR_SITE, MON, "AM", 1, "ophthalmology"),
        ]
    )
    key = {("orthopaedics", MON, "AM"): 0, ("orthopaedics", MON, "PM"): 1}
    key |= {("orthopaedics", TUE, "PM"): 2, ("ophthalmology", MON, "AM"): 3}
    ordered = sorted(plan.sessions, key=lambda s: key[(s.service_id, s.date, s.period)])
    return [s.id for s in ordered]


def test_a_desk_booking_records_the_slots_shown_and_the_one_taken(client, login, desk, three_slots):
    am, pm, far, _ = three_slots
    referral = desk.referral()
    login("booking")
    shown = _shown_on(client.get(f"/booking/referrals/{referral.id}").data.decode())
    assert shown == [am, pm, far]
    client.post(f"/booking/referrals/{referral.id}/book", data={"session_id": pm, "shown": shown})
    booking = db.session.scalar(sa.select(Booking))
    offer = db.session.scalar(sa.select(ChoiceOffer))
    assert (offer.channel, offer.outcome, offer.booking_id) == ("desk", "booked", booking.id)
    assert [(o.session_id, o.site_id, o.date, o.taken) for o in offer.options] == [
        (am, NEAR_SITE, MON, False),
        (pm, NEAR_SITE, MON, True),
        (far, FAR_SITE, TUE, False),
    ]
    assert offer.options[1].starts_at == datetime(2027, 1, 11, 13, 30)


def test_forged_shown_ids_and_posted_facts_are_ignored(client, login, desk, three_slots):
    am, _, far, eyes = three_slots
    referral = desk.referral()
    login("booking")
    client.post(
        f"/booking/referrals/{referral.id}/book",
        data={
            "session_id": am,
            "shown": [999_999, eyes, "x", far, am],
            "site_id": "somewhere-else",
            "distance_km": "0",
        },
    )
    offer = db.session.scalar(sa.select(ChoiceOffer))
    assert [(o.session_id, o.site_id, o.taken) for o in offer.options] == [
        (far, FAR_SITE, False),
        (am, NEAR_SITE, True),
    ]
    assert offer.options[0].distance_km > 12


def test_a_booking_from_an_old_page_without_the_slots_shown_records_no_offer(
    client, login, desk, three_slots
):
    referral = desk.referral()
    login("booking")
    client.post(f"/booking/referrals/{referral.id}/book", data={"session_id": three_slots[0]})
    assert db.session.scalar(sa.select(Booking)).session_id == three_slots[0]
    assert db.session.scalar(sa.select(ChoiceOffer)) is None


def test_a_move_records_the_slots_offered_but_not_the_one_held(client, login, desk, three_slots):
    am, pm, far, _ = three_slots
    referral = desk.referral()
    held = book(referral.id, am, now=NOW)
    login("booking")
    shown = _shown_on(client.get(f"/booking/referrals/{referral.id}").data.decode())
    assert shown == [pm, far]
    data = {"session_id": far, "cancelled_by": "patient", "version": held.version}
    client.post(f"/booking/bookings/{held.id}/rebook", data=data | {"shown": [am, *shown]})
    moved = db.session.scalar(sa.select(Booking).where(Booking.status == "booked"))
    offer = db.session.scalar(sa.select(ChoiceOffer))
    assert moved.session_id == far and offer.booking_id == moved.id
    assert [(o.session_id, o.taken) for o in offer.options] == [(pm, False), (far, True)]


def test_a_refused_desk_booking_records_no_offer(client, login, desk, three_slots):
    referral = desk.referral()
    login("booking")
    data = {"session_id": three_slots[3], "shown": three_slots[:3]}  # another service's session
    client.post(f"/booking/referrals/{referral.id}/book", data=data)
    assert db.session.scalar(sa.select(ChoiceOffer)) is None
