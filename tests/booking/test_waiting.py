"""The waiting list's filters and sorting, and the list of patients to rebook."""

from datetime import date

import pytest

from booking.service import book, cancel, rebook
from booking.session_cancellation import cancel_session
from booking.waiting import Filters, ranked, to_rebook, waiting_list, with_referrals
from extensions import db
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW

MON, TUE, WED = date(2027, 1, 11), date(2027, 1, 12), date(2027, 1, 13)


@pytest.fixture
def listed(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    people = {
        "old": desk.referral(referral_date=date(2026, 6, 1)),  # breached on 5 October
        "urgent": desk.referral(priority="urgent", referral_date=date(2026, 11, 20)),
        "eyes": desk.referral(service_id="ophthalmology", practice_id="E82103"),
        "booked": desk.referral(),
    }
    book(people["booked"].id, plan.sessions[0].id, now=NOW)
    return people


def _names(entries) -> list[str]:
    return [entry.referral.name for entry in entries]


def _who(listed, *keys) -> list[str]:
    return [listed[key].name for key in keys]


def test_waiting_is_the_default_and_breach_date_the_order(listed):
    assert _names(waiting_list(Filters(), NOW)) == _who(listed, "old", "eyes", "urgent")
    assert _names(waiting_list(Filters(status="booked"), NOW)) == _who(listed, "booked")
    assert len(waiting_list(Filters(status="all"), NOW)) == 4


@pytest.mark.parametrize(
    ("filters", "keys"),
    [
        (Filters(service="ophthalmology"), ["eyes"]),
        (Filters(practice="E82103"), ["eyes"]),
        (Filters(locality="Redbourn"), ["eyes"]),
        (Filters(priority="urgent"), ["urgent"]),
        (Filters(min_weeks=20), ["old"]),
        (Filters(risk="breached"), ["old"]),
        (Filters(risk="will_breach"), ["eyes"]),  # no ophthalmology session at all
        (Filters(risk="on_track"), ["urgent"]),
        (Filters(sort="priority"), ["urgent", "old", "eyes"]),
        (Filters(sort="waited"), ["old", "eyes", "urgent"]),
    ],
)
def test_filters_and_sorting(listed, filters, keys):
    assert _names(waiting_list(filters, NOW)) == _who(listed, *keys)


def test_search_by_name_or_nhs_number(listed):
    number = listed["eyes"].nhs_number
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    assert _names(waiting_list(Filters(query=spaced), NOW)) == _who(listed, "eyes")
    assert len(waiting_list(Filters(query="patient", status="all"), NOW)) == 4


@pytest.mark.parametrize(
    "filters",
    [
        Filters(status=status, sort=sort)
        for status in ("waiting", "booked", "open", "all")
        for sort in ("breach", "waited", "priority", "name")
    ]
    + [Filters(risk="will_breach", status="all"), Filters(query="patient", status="open")],
)
def test_the_pages_ranked_list_is_the_waiting_list(desk, listed, filters):
    """The page ranks steps read column by column and reads a page's referrals whole: the same
    entries, in the same order, as the list built from whole referrals."""
    day_case = desk.referral(service_id="daycase-orthopaedics", kind="day_case")
    day_case.pathway.started = date(2026, 9, 1)  # a day case waits on its pathway's clock
    db.session.commit()
    expected = waiting_list(filters, NOW)
    found = ranked(filters, NOW)
    assert [e.referral.id for e in found] == [e.referral.id for e in expected]
    shown = with_referrals(found[1:3])
    assert shown == expected[1:3] and all(e.referral in db.session for e in shown)


def test_the_rebook_list_holds_service_cancellations_and_dropped_sessions(desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (FAR_SITE, TUE, "AM", 0, "orthopaedics")]
    )
    first, second = plan.sessions
    by_service, by_patient, dropped = desk.referral(), desk.referral(), desk.referral()
    cancel(book(by_service.id, first.id, now=NOW).id, "service", now=NOW)
    cancel(book(by_patient.id, first.id, now=NOW).id, "patient", now=NOW)
    book(dropped.id, second.id, now=NOW)
    plan.status = "draft"  # the plan is withdrawn: its sessions are no longer published
    db.session.commit()
    listed = {item.entry.referral.id: item.reason for item in to_rebook(NOW)}
    assert listed == {
        by_service.id: "Cancelled by the service",
        dropped.id: "Session no longer in the published plan",
    }


def test_rebooking_takes_a_patient_off_the_rebook_list(desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (FAR_SITE, TUE, "AM", 0, "orthopaedics")]
    )
    first, second = plan.sessions
    referral = desk.referral()
    cancel(book(referral.id, first.id, now=NOW).id, "service", now=NOW)
    assert [item.entry.referral.id for item in to_rebook(NOW)] == [referral.id]
    book(referral.id, second.id, now=NOW)
    assert to_rebook(NOW) == []


def test_a_moved_appointment_is_not_a_service_cancellation_to_rebook(desk):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (FAR_SITE, TUE, "AM", 0, "orthopaedics")]
    )
    first, second = plan.sessions
    rebook(
        book(desk.referral().id, first.id, now=NOW).id, second.id, cancelled_by="service", now=NOW
    )
    assert to_rebook(NOW) == []


def test_a_cancelled_sessions_patients_are_to_rebook_most_urgent_first_with_offers(desk):
    plan = desk.plan(
        [
            (NEAR_SITE, MON, "AM", 0, "orthopaedics"),
            (NEAR_SITE, MON, "PM", 0, "orthopaedics"),
            (FAR_SITE, TUE, "AM", 0, "orthopaedics", "op-1"),
            (FAR_SITE, TUE, "PM", 0, "orthopaedics", "op-1"),
            (FAR_SITE, WED, "AM", 0, "orthopaedics", "op-1"),
        ]
    )
    off = plan.sessions[0].id
    later = desk.referral(referral_date=date(2026, 11, 1))  # breaches on 8 March
    sooner = desk.referral(referral_date=date(2026, 9, 1))  # breaches on 6 January
    same_day = desk.referral(referral_date=date(2026, 11, 1), priority="urgent")
    for referral in (later, sooner, same_day):
        book(referral.id, off, now=NOW)
    cancel_session(off, "unit_breakdown", now=NOW)
    items = to_rebook(NOW)
    assert [item.entry.referral.id for item in items] == [sooner.id, same_day.id, later.id]
    assert {item.reason for item in items} == {"Session cancelled by the service: unit breakdown"}
    assert [item.days_left for item in items] == [36, 97, 97]
    first = items[0]
    assert [o.opening.session_id for o in first.offers] == [s.id for s in plan.sessions[1:4]]
    assert not any(o.in_time for o in first.offers)  # all after its breach date: flagged
    assert [len(item.offers) for item in to_rebook(NOW, offers=1)] == [1, 1, 1]


def test_a_patient_the_service_cancelled_alone_keeps_the_plain_reason(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    cancel(book(desk.referral().id, plan.sessions[0].id, now=NOW).id, "service", now=NOW)
    [item] = to_rebook(NOW)
    assert item.reason == "Cancelled by the service" and item.offers[0].opening.session_id == (
        plan.sessions[0].id
    )
