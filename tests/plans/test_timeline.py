"""The plan page's grid: where each unit stands each week, its arrivals, sessions and locks."""

from datetime import timedelta

from extensions import db
from plans.timeline import LOCALITY_COLOURS, build_timeline


def test_the_grid_has_a_cell_per_unit_and_week(app, import_tiny_plan):
    plan = import_tiny_plan()
    scenario = plan.scenario
    timeline = build_timeline(plan)
    assert len(timeline.weeks) == scenario.weeks
    assert timeline.weeks[1] == (1, scenario.start + timedelta(weeks=1))
    assert set(timeline.cells) == {(u.id, w) for u in scenario.units for w in range(scenario.weeks)}


def test_a_unit_arrives_once_then_stays_and_its_sessions_count(app, import_tiny_plan):
    plan = import_tiny_plan()
    plan.placements[1].locked = True
    db.session.commit()
    unit, site_id = plan.placements[0].unit_id, plan.placements[0].site_id
    site = next(s for s in plan.scenario.sites if s.id == site_id)
    timeline = build_timeline(plan)
    first, second, third = (timeline.cells[unit, week] for week in (0, 1, 2))
    assert (first.site_id, first.site_name, first.locality) == (site_id, site.name, site.locality)
    assert first.arrives and not second.arrives  # the same site two weeks running
    assert (first.sessions, second.sessions) == (0, 1)
    assert (first.locked, second.locked) == (False, True)
    assert third.site_id is None and not third.arrives and third.sessions == 0
    assert timeline.sessions[unit, 1] == [plan.sessions[0]]


def test_each_locality_has_a_colour_from_the_palette(app, import_tiny_plan):
    plan = import_tiny_plan()
    timeline = build_timeline(plan)
    localities = sorted({site.locality for site in plan.scenario.sites})
    assert list(timeline.colours) == localities
    assert set(timeline.colours.values()) <= set(LOCALITY_COLOURS)
    first = localities[: len(LOCALITY_COLOURS)]
    assert len({timeline.colours[name] for name in first}) == len(first)
