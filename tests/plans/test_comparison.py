"""Two plans side by side: their figures, and the unit-weeks and sessions that differ."""

from datetime import date

from plans.comparison import compare
from plans.editing import change_session, copy_plan
from plans.models import ClinicSession, Placement, Plan

MONDAY = date(2027, 1, 4)


def _plan(kpis: dict, placements: list[tuple], sessions: list[tuple]) -> Plan:
    """A plan held in memory only: (unit, week, site) placements, (unit, date, room) sessions."""
    return Plan(
        kpis=kpis,
        placements=[Placement(unit_id=u, week=w, site_id=s) for u, w, s in placements],
        sessions=[
            ClinicSession(unit_id=u, date=day, period="AM", room=room, service_id="derm")
            for u, day, room in sessions
        ],
    )


def test_compare_names_the_figures_and_what_differs():
    a = _plan(
        {"coverage": 0.5, "moves": 2},
        [("op-1", 0, "tring"), ("op-1", 1, "tring"), ("op-2", 0, "berko")],
        [("op-1", MONDAY, 0), ("op-1", MONDAY, 1)],
    )
    b = _plan(
        {"coverage": 0.6},
        [("op-1", 0, "tring"), ("op-1", 1, "hemel"), ("op-2", 1, "berko")],
        [("op-1", MONDAY, 0), ("op-2", MONDAY, 0)],
    )
    result = compare(a, b)
    assert result.figures[0] == ("Coverage", "pct", 0.5, 0.6)
    assert ("Moves", "count", 2, None) in result.figures
    assert result.unit_weeks == [
        ("op-1", 1, "tring", "hemel"),
        ("op-2", 0, "berko", None),
        ("op-2", 1, None, "berko"),
    ]
    assert result.only_a == [(MONDAY, "AM", "op-1", 1, "derm")]
    assert result.only_b == [(MONDAY, "AM", "op-2", 0, "derm")]


def test_a_plan_compared_with_itself_differs_in_nothing():
    a = _plan({}, [("op-1", 0, "tring")], [("op-1", MONDAY, 0)])
    result = compare(a, a)
    assert result.unit_weeks == [] and result.only_a == [] and result.only_b == []
    assert all(x is None and y is None for _, _, x, y in result.figures)


def test_compare_two_plans(client, login, import_tiny_plan):
    plan = import_tiny_plan()
    other = copy_plan(plan, "Other")
    change_session(other, other.sessions[0], None)
    login("ops")
    html = client.get(f"/ops/plans/{plan.id}/compare?with={other.id}").data.decode()
    assert "Unit-weeks that differ (0)" in html
    assert "1 sessions only in “Tiny”, 0 only in “Other”" in html
