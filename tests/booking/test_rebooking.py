"""The list of patients to rebook: why each is there, most urgent first, with offers."""

from datetime import date

from booking.rebooking import to_rebook
from booking.service import book, cancel, rebook
from booking.session_cancellation import cancel_session
from extensions import db
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW

MON, TUE, WED = date(2027, 1, 11), date(2027, 1, 12), date(2027, 1, 13)


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
