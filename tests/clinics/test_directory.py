"""The directory of services, built from a hand-made timetable and openings (no database)."""

from datetime import date, datetime, time, timedelta

from booking.openings import Opening
from clinics.directory import (
    DIRECT_ACCESS,
    GP_OR_SPECIALIST,
    GP_REFERRAL,
    HORIZON_WEEKS,
    NEXT_DATES,
    Wait,
    build_directory,
    standard_text,
    wait_text,
)
from clinics.timetable import Clinic, PublicService, PublicSite, Timetable

TODAY = date(2027, 1, 4)  # a Monday
SITES = {
    "berko": PublicSite("berko", "Berkhamsted", "Berkhamsted", "HP4 3BY", "", 51.76, -0.57, ()),
    "tring": PublicSite("tring", "Tring", "Tring", "HP23 5JD", "", 51.79, -0.65, ()),
}
SERVICES = {
    "derm": PublicService("derm", "Dermatology clinic", "outpatient", 18),
    "mri": PublicService("mri", "MRI scan", "radiology", 6),
    "cataract": PublicService("cataract", "Cataract list", "theatre", 18),
    "ent": PublicService("ent", "ENT clinic", "outpatient", None),
}


def _clinic(site_id: str, service_id: str, days: int, session_id: int) -> Clinic:
    day = TODAY + timedelta(days=days)
    start, end = datetime.combine(day, time(9)), datetime.combine(day, time(13))
    return Clinic(site_id, service_id, day, "AM", start, end, (session_id,))


def _opening(clinic: Clinic, free: int, free_follow_up: int = 0, follow_ups: int = 0):
    """An opening of the clinic's session with `free` slots, `free_follow_up` of them kept
    for follow-ups (of `follow_ups` such slots)."""
    site = SITES[clinic.site_id]
    return Opening(
        session_id=clinic.session_ids[0],
        plan_id=1,
        date=clinic.date,
        period=clinic.period,
        start=clinic.start,
        end=clinic.end,
        unit_id="op-1",
        room=0,
        service_id=clinic.service_id,
        service_name=SERVICES[clinic.service_id].name,
        site_id=site.id,
        site_name=site.name,
        address="",
        postcode=site.postcode,
        locality=site.locality,
        lat=site.lat,
        lon=site.lon,
        slots=14,
        free=free,
        follow_up_slots=follow_ups,
        free_follow_up=free_follow_up,
    )


def _directory(clinics, openings):
    ordered = tuple(sorted(clinics, key=lambda c: (c.date, c.start)))
    return build_directory(Timetable("v1", SITES, SERVICES, ordered, ()), openings, TODAY)


def _entry(directory, service_id):
    return next(e for e in directory.entries if e.service.id == service_id)


def test_the_wait_is_days_to_the_first_free_new_appointment_at_any_site():
    full_tring = _clinic("tring", "derm", 3, 1)  # Thursday: nothing free
    berko = _clinic("berko", "derm", 10, 2)  # the Thursday after: 2 free
    tring = _clinic("tring", "derm", 17, 3)
    openings = [_opening(berko, 2), _opening(tring, 5)]  # the full session has no opening
    entry = _entry(_directory([full_tring, berko, tring], openings), "derm")
    assert entry.wait.first_free == date(2027, 1, 14)
    assert (entry.wait.days, entry.wait.weeks) == (10, 1)  # 10 days: one completed week
    assert entry.wait.within_standard is True
    assert wait_text(entry.wait, HORIZON_WEEKS) == "1 week"
    # Sites soonest first, each with its own first free day.
    assert [(s.site.id, s.first_free) for s in entry.sites] == [
        ("tring", date(2027, 1, 21)),
        ("berko", date(2027, 1, 14)),
    ]
    assert entry.sites[0].dates == (full_tring, tring)


def test_follow_up_slots_do_not_count_as_free_for_a_new_patient():
    clinic = _clinic("tring", "derm", 2, 1)
    only_follow_ups = _opening(clinic, free=3, free_follow_up=3, follow_ups=6)
    entry = _entry(_directory([clinic], [only_follow_ups]), "derm")
    assert entry.wait.first_free is None and entry.wait.within_standard is None
    assert wait_text(entry.wait, 26) == "No appointments free in the next 26 weeks"
    assert entry.sites[0].first_free is None and entry.sites[0].dates == (clinic,)


def test_a_service_with_nothing_planned_has_no_sites_and_no_wait():
    entry = _entry(_directory([], []), "ent")
    assert entry.sites == () and entry.wait.first_free is None


def test_dates_and_free_appointments_beyond_the_horizon_are_left_out():
    inside = _clinic("tring", "derm", 7 * HORIZON_WEEKS, 1)  # the horizon's last day
    beyond = _clinic("berko", "derm", 7 * HORIZON_WEEKS + 1, 2)
    entry = _entry(_directory([inside, beyond], [_opening(inside, 1), _opening(beyond, 1)]), "derm")
    assert [s.site.id for s in entry.sites] == ["tring"]
    assert entry.wait.weeks == HORIZON_WEEKS


def test_each_site_lists_its_next_dates_and_counts_the_rest():
    clinics = [_clinic("tring", "derm", 7 * week, week) for week in range(1, NEXT_DATES + 3)]
    site = _entry(_directory(clinics, []), "derm").sites[0]
    assert site.dates == tuple(clinics[:NEXT_DATES]) and site.more == 2


def test_the_standard_is_met_up_to_its_last_day_and_not_after():
    assert Wait(TODAY, TODAY + timedelta(weeks=6), 6).within_standard is True
    assert Wait(TODAY, TODAY + timedelta(weeks=6, days=1), 6).within_standard is False
    assert Wait(TODAY, TODAY + timedelta(weeks=6), None).within_standard is None


def test_a_diagnostic_wait_longer_than_six_weeks_is_outside_its_standard():
    scan = _clinic("berko", "mri", 50, 1)  # 7 weeks and a day
    entry = _entry(_directory([scan], [_opening(scan, 4)]), "mri")
    assert (entry.wait.weeks, entry.wait.within_standard) == (7, False)
    assert wait_text(entry.wait, HORIZON_WEEKS) == "7 weeks"
    assert standard_text(entry) == "6 weeks from the request to the test"


def test_a_wait_under_a_week_says_so():
    clinic = _clinic("tring", "derm", 0, 1)
    entry = _entry(_directory([clinic], [_opening(clinic, 1)]), "derm")
    assert (entry.wait.days, wait_text(entry.wait, HORIZON_WEEKS)) == (0, "Less than 1 week")


def test_each_kind_of_service_says_how_to_be_referred_and_its_standard():
    directory = _directory([], [])
    derm, mri = _entry(directory, "derm"), _entry(directory, "mri")
    cataract, ent = _entry(directory, "cataract"), _entry(directory, "ent")
    assert derm.route is GP_REFERRAL and "NHS e-Referral Service" in derm.route.text
    assert mri.route is DIRECT_ACCESS and mri.direct_access
    assert "GP requests the test" in mri.route.text
    assert cataract.route is GP_OR_SPECIALIST
    assert standard_text(derm) == "18 weeks from referral to treatment"
    assert standard_text(ent) == "No waiting-time standard"
    assert mri.what == "Scans and X-rays (diagnostic tests)"


def test_the_fingerprint_changes_when_the_first_free_day_does():
    first, second = _clinic("tring", "derm", 3, 1), _clinic("tring", "derm", 10, 2)
    both = _directory([first, second], [_opening(first, 1), _opening(second, 1)])
    later = _directory([first, second], [_opening(second, 1)])
    assert both.fingerprint() != later.fingerprint()
