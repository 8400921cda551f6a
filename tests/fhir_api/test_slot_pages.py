"""Pages of free slots: every page, and the total, as the whole list sorted and cut would give.

The reference below is the search as it was before it learnt to compute only the page asked
for (every free slot of the window made, sorted soonest first, then by site name, session
and number, and sliced); a busy week where sessions at several sites run at once, with
slots booked, kept for follow-ups, a session called off and one begun, checks that each
search answers exactly what the reference does.
"""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from booking.models import Booking, SessionCancellation, SessionSlot
from booking.openings import load_openings, published_sessions
from extensions import db
from fhir_api.schedules import free_numbers
from fhir_api.search import Window
from fhir_api.slot_pages import Outline, runs
from inputs.models import Clinician
from plans.models import ClinicSession
from tests.booking.conftest import FAR_SITE, NEAR_SITE
from tests.fhir_api.conftest import MONDAY

THIRD_SITE = "croxley-green-medical-centre"
TUESDAY, WEDNESDAY, FRIDAY = date(2027, 1, 5), date(2027, 1, 6), date(2027, 1, 8)
CLINICIAN = "c-orthopaedic-surgery-1"
# Sessions of AM and PM that overlap (08:00-13:00 and 12:30-17:00): their slots interleave.
OVERLAPPING_TIMES = {"AM": ["08:00", "13:00"], "PM": ["12:30", "17:00"]}


@pytest.fixture
def plan(desk):
    """Five sessions at once on Monday morning at three sites (12, 14, 11, 12 and 13 slots,
    so their times interleave), more through the week; some slots booked (one booking since
    cancelled), follow-up slots, Friday's session called off, a clinician on two sessions."""
    plan = desk.plan(
        [
            (NEAR_SITE, MONDAY, "AM", 0, "orthopaedics"),
            (NEAR_SITE, MONDAY, "AM", 1, "ophthalmology"),
            (NEAR_SITE, MONDAY, "AM", 2, "diabetes"),
            (FAR_SITE, MONDAY, "AM", 0, "general-surgery", "op-1"),
            (THIRD_SITE, MONDAY, "AM", 0, "mri", "rad-1"),
            (NEAR_SITE, MONDAY, "PM", 0, "ophthalmology"),
            (FAR_SITE, MONDAY, "PM", 1, "orthopaedics", "op-1"),
            (NEAR_SITE, TUESDAY, "AM", 3, "orthopaedics"),
            (FAR_SITE, TUESDAY, "AM", 1, "ophthalmology", "op-1"),
            (FAR_SITE, WEDNESDAY, "PM", 0, "orthopaedics", "op-1"),
            (NEAR_SITE, FRIDAY, "AM", 0, "general-surgery"),
        ]
    )
    ids = {(s.date, s.period, s.service_id): s.id for s in plan.sessions}
    for key, numbers in {
        (MONDAY, "AM", "orthopaedics"): (0, 1, 5),
        (MONDAY, "AM", "ophthalmology"): (0, 13),
        (TUESDAY, "AM", "ophthalmology"): tuple(range(14)),  # full
    }.items():
        for number in numbers:
            _booking(desk, ids[key], number)
    _booking(desk, ids[MONDAY, "PM", "ophthalmology"], 2, status="cancelled")
    for number in (9, 10, 11):
        db.session.get(
            SessionSlot, (ids[MONDAY, "AM", "general-surgery"], number)
        ).kind = "follow_up"
    db.session.add(
        SessionCancellation(
            session_id=ids[FRIDAY, "AM", "general-surgery"],
            reason="other",
            detail="flood",
            actor="test",
        )
    )
    clinician = db.session.get(Clinician, CLINICIAN)
    for key in ((MONDAY, "PM", "orthopaedics"), (WEDNESDAY, "PM", "orthopaedics")):
        session = db.session.get(ClinicSession, ids[key])
        session.clinicians.append(clinician)
    db.session.commit()
    return plan


def _booking(desk, session_id: int, number: int, status: str = "booked") -> None:
    referral = desk.referral()
    db.session.add(
        Booking(referral_id=referral.id, session_id=session_id, slot_number=number, status=status)
    )
    db.session.commit()


def reference(window: Window, now: datetime, *, services=None, sites=None, kind=None, ids=None):
    """The ids of the free slots a search gives, in order, computed the plain way."""
    openings = load_openings(published_sessions(), now)
    held = set(
        db.session.execute(
            sa.select(Booking.session_id, Booking.slot_number).where(Booking.status != "cancelled")
        ).all()
    )
    kinds = {(s.session_id, s.number): s.kind for s in db.session.scalars(sa.select(SessionSlot))}
    found = [
        (o.slot_time(number), o.site_name, o.session_id, number)
        for o in openings
        for (session, number), slot_kind in kinds.items()
        if session == o.session_id and (session, number) not in held
        if services is None or o.service_id in services
        if sites is None or o.site_id in sites
        if ids is None or o.session_id in ids
        if kind is None or slot_kind == kind
    ]
    return [f"{s}-{n}" for start, _, s, n in sorted(found) if window.holds(start)]


def _every_page(api, token: str, query: str, count: int) -> tuple[list[int], list[str]]:
    """Follow the search's pages from the first: (each page's total, every id in order)."""
    url, totals, ids = f"/fhir/Slot?{query}&_count={count}", [], []
    while url:
        response = api.get(url, token)
        assert response.status_code == 200, response.json
        totals.append(response.json["total"])
        ids += [e["resource"]["id"] for e in response.json.get("entry", [])]
        following = [link["url"] for link in response.json["link"] if link["relation"] == "next"]
        url = following[0].removeprefix("http://localhost") if following else None
    return totals, ids


def _sessions_of(clinician_id: str) -> set[int]:
    query = sa.select(ClinicSession.id).where(
        ClinicSession.clinicians.any(Clinician.id == clinician_id)
    )
    return set(db.session.scalars(query))


WEEK = Window(datetime(2027, 1, 4), datetime(2027, 1, 11))
MONDAY_MIDDAY = Window(datetime(2027, 1, 4, 10, 0), datetime(2027, 1, 4, 14, 0))
SEARCHES = [
    ("start=ge2027-01-04&start=le2027-01-10", WEEK, {}),
    ("start=ge2027-01-04T10:00:00Z&start=lt2027-01-04T14:00:00Z", MONDAY_MIDDAY, {}),
    ("start=ge2027-01-04&start=le2027-01-10&service-type=orthopaedics,mri", WEEK, {}),
    (f"start=ge2027-01-04&start=le2027-01-10&location={FAR_SITE}", WEEK, {}),
    ("start=ge2027-01-04&start=le2027-01-10&appointment-type=FOLLOWUP", WEEK, {}),
    ("start=ge2027-01-04&start=le2027-01-10&appointment-type=ROUTINE", WEEK, {}),
    (f"start=ge2027-01-04&start=le2027-01-10&schedule.actor=Practitioner/{CLINICIAN}", WEEK, {}),
]
FILTERS = [
    {},
    {},
    {"services": {"orthopaedics", "mri"}},
    {"sites": {FAR_SITE}},
    {"kind": "follow_up"},
    {"kind": "new"},
    "clinician",
]


@pytest.mark.parametrize("times", [None, OVERLAPPING_TIMES])
@pytest.mark.parametrize("now", [datetime(2026, 12, 1, 9, 0), datetime(2027, 1, 4, 9, 30)])
@pytest.mark.parametrize("case", range(len(SEARCHES)))
def test_every_page_is_the_reference_cut(api, plan, monkeypatch, times, now, case):
    api.desk.scenario.session_times = times
    db.session.commit()
    monkeypatch.setattr("fhir_api.views.local_now", lambda: now)
    query, window, keep = SEARCHES[case][0], SEARCHES[case][1], FILTERS[case]
    if keep == "clinician":
        keep = {"ids": _sessions_of(CLINICIAN)}
    expected = reference(window, now, **keep)
    token = api.token()
    for count in (7, 100):
        totals, ids = _every_page(api, token, query, count)
        assert ids == expected, (query, count)
        assert set(totals) == {len(expected)}


def test_a_page_past_the_end_is_empty_but_counts_all(api, plan):
    week = "start=ge2027-01-04&start=le2027-01-10"
    found = api.get(f"/fhir/Slot?{week}&_offset=500", api.token()).json
    assert "entry" not in found
    assert found["total"] == len(reference(WEEK, datetime(2026, 12, 1, 9, 0)))


def _outline(session_id: int, start: int, end: int) -> Outline:
    day = datetime(2027, 1, 4)
    return Outline(session_id, day.replace(hour=start), day.replace(hour=end), 4, 4, "", "", "")


def test_sessions_run_together_while_they_overlap():
    found = [_outline(1, 8, 12), _outline(2, 9, 10), _outline(3, 11, 14), _outline(4, 14, 16)]
    assert [[o.session_id for o in run] for run in runs(found)] == [[1, 2, 3], [4]]
    assert runs([]) == []


def test_a_page_makes_only_the_slots_of_the_runs_it_falls_in(api, plan, monkeypatch):
    asked = []

    def counted(session_ids):
        asked.append(sorted(session_ids))
        return free_numbers(session_ids)

    monkeypatch.setattr("fhir_api.slot_pages.free_numbers", counted)
    week = "start=ge2027-01-04&start=le2027-01-10"
    found = api.get(f"/fhir/Slot?{week}&_count=3", api.token()).json
    assert found["total"] == len(reference(WEEK, datetime(2026, 12, 1, 9, 0)))
    monday_morning = {s.id for s in plan.sessions if (s.date, s.period) == (MONDAY, "AM")}
    assert asked == [sorted(monday_morning)]
