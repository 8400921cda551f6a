"""What a re-plan keeps: locked items, booked sessions and the published plan's past."""

from datetime import date, timedelta

import pytest

import scheduler.contract.domain as d
from booking.models import Booking
from extensions import db
from jobs.replanning import kept_items, merge
from plans.bridge import fixed_session, placement_domain
from plans.editing import EditRefused, change_session
from plans.models import Plan
from publishing.service import publish


def test_locks_and_kept_items_for_re_planning(client, login, import_tiny_plan):
    plan = import_tiny_plan()
    login("ops")
    placement, session = plan.placements[0], plan.sessions[0]
    client.post(
        f"/ops/plans/{plan.id}/lock", data={"kind": "placement", "id": placement.id, "locked": "1"}
    )
    client.post(
        f"/ops/plans/{plan.id}/lock", data={"kind": "session", "id": session.id, "locked": "1"}
    )
    db.session.expire_all()
    plan = db.session.get(Plan, plan.id)
    kept = kept_items(plan, date(2000, 1, 1))
    assert [(p.unit, p.site, p.week) for p in kept.placements] == [
        (placement.unit_id, placement.site_id, placement.week)
    ]
    assert len(kept.sessions) == 1 and kept.sessions[0].date == session.date
    with pytest.raises(EditRefused, match="locked"):
        change_session(plan, plan.sessions[0], None)


def test_published_past_items_are_kept(app, import_tiny_plan):
    plan = import_tiny_plan()
    plan.status = "published"
    db.session.commit()
    after_everything = date(2030, 1, 1)
    kept = kept_items(plan, after_everything)
    assert len(kept.placements) == len(plan.placements) and len(kept.sessions) == 1
    assert kept_items(plan, plan.scenario.start).sessions == ()


def test_a_booked_session_and_its_unit_week_are_kept(app, import_tiny_plan, referral_for):
    plan = import_tiny_plan()
    publish(plan)
    session = plan.sessions[0]
    db.session.add(Booking(referral=referral_for(plan), session_id=session.id, slot_number=0))
    db.session.commit()
    before_the_start = plan.scenario.start - timedelta(days=1)
    kept = kept_items(plan, before_the_start)
    week = (session.date - plan.scenario.start).days // 7
    assert kept.placements == tuple(placement_domain(p) for p in plan.placements if p.week == week)
    assert kept.sessions == (fixed_session(session),)


def test_merge_keeps_both_without_repeating_a_placement():
    first = d.FixedItems((d.Placement("u", "a", 0),), (d.FixedSession(unit="u"),))
    second = d.FixedItems(
        (d.Placement("u", "a", 0), d.Placement("u", "b", 1)), (d.FixedSession(room=1),)
    )
    merged = merge(first, second)
    assert merged.placements == (d.Placement("u", "a", 0), d.Placement("u", "b", 1))
    assert merged.sessions == (d.FixedSession(unit="u"), d.FixedSession(room=1))
