"""A stored plan's sessions as rows people read: clock times, sites, grouping."""

from datetime import datetime, time, timedelta

from extensions import db
from plans.models import ClinicSession
from plans.schedule import Line, by_clinician, by_site, schedule_lines


def test_a_line_holds_the_session_s_site_service_clinicians_and_clock_times(app, import_tiny_plan):
    plan = import_tiny_plan()
    session, placement = plan.sessions[0], plan.placements[1]
    [line] = schedule_lines(plan)
    site = next(s for s in plan.scenario.sites if s.id == placement.site_id)
    service = next(s for s in plan.scenario.services if s.id == session.service_id)
    begin, end = {"AM": (time(9), time(13)), "PM": (time(13, 30), time(17, 30))}[session.period]
    assert (line.start, line.end) == (
        datetime.combine(session.date, begin),
        datetime.combine(session.date, end),
    )
    assert (line.site_id, line.site_name) == (site.id, site.name)
    assert line.service_name == service.name
    assert line.clinician_ids == tuple(c.id for c in session.clinicians)
    assert line.clinicians == tuple(c.name for c in session.clinicians)


def test_the_scenario_s_own_session_times_and_a_session_with_no_site(app, import_tiny_plan):
    plan = import_tiny_plan()
    plan.scenario.session_times = {"AM": ["08:00", "12:00"], "PM": ["12:30", "16:30"]}
    session = plan.sessions[0]
    unplaced = session.date + timedelta(weeks=5)  # the unit stands nowhere that week
    plan.sessions.append(
        ClinicSession(
            unit_id=session.unit_id,
            date=unplaced,
            period="AM",
            room=0,
            service_id=session.service_id,
        )
    )
    db.session.flush()
    first, last = schedule_lines(plan)
    assert first.start.time() == (time(8) if session.period == "AM" else time(12, 30))
    assert (last.date, last.start.time(), last.end.time()) == (unplaced, time(8), time(12))
    assert (last.site_id, last.site_name, last.clinicians) == ("", "(no site)", ())


def test_lines_group_by_site_and_under_each_of_their_clinicians():
    a = _line("tring", ("c1", "c2"))
    b = _line("berko", ("c2",))
    c = _line("tring", ())
    assert by_site([a, b, c]) == {"tring": [a, c], "berko": [b]}
    assert by_clinician([a, b, c]) == {"c1": [a], "c2": [a, b]}


def _line(site_id: str, clinician_ids: tuple[str, ...]) -> Line:
    moment = datetime(2027, 1, 4, 9)
    return Line(
        date=moment.date(),
        period="AM",
        start=moment,
        end=moment,
        site_id=site_id,
        site_name=site_id,
        unit_id="op-1",
        room=0,
        service_id="derm",
        service_name="Dermatology",
        clinicians=clinician_ids,
        clinician_ids=clinician_ids,
        locked=False,
    )
