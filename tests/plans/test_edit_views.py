"""The plan page's forms carry the plan's version: a change made meanwhile refuses theirs."""

import pytest

from extensions import db
from plans.editing import copy_plan
from plans.models import Plan


@pytest.fixture
def draft(world, login):
    login("ops")
    return copy_plan(db.session.get(Plan, world.plan_id))


def _flashes(client) -> str:
    with client.session_transaction() as session:
        return " ".join(message for _, message in session.get("_flashes", []))


def test_the_plan_page_sends_its_version_with_each_form(client, draft):
    html = client.get(f"/ops/plans/{draft.id}").get_data(as_text=True)
    assert f'name="version" value="{draft.version}"' in html


def _change_meanwhile(client, draft) -> int:
    """Another manager clears a session; return the plan's version seen before."""
    seen, session = draft.version, draft.sessions[-1]
    client.post(
        f"/ops/plans/{draft.id}/sessions/{session.id}", data={"action": "clear", "version": seen}
    )
    db.session.expire_all()
    assert db.session.get(Plan, draft.id).version > seen, _flashes(client)
    _flashes_cleared(client)
    return seen


def _flashes_cleared(client) -> None:
    with client.session_transaction() as session:
        session.pop("_flashes", None)


def test_a_move_from_a_page_drawn_before_another_change_is_refused(client, draft):
    placement = draft.placements[0]
    site = placement.site_id
    seen = _change_meanwhile(client, draft)
    client.post(
        f"/ops/plans/{draft.id}/move",
        data={"unit": placement.unit_id, "week": placement.week, "site": "", "version": seen},
    )
    assert "while you had the page open" in _flashes(client)
    db.session.expire_all()
    assert db.session.get(type(placement), placement.id).site_id == site


def test_publishing_from_a_stale_page_is_refused(client, draft):
    seen = _change_meanwhile(client, draft)
    client.post(f"/ops/plans/{draft.id}/publish", data={"version": seen})
    assert "while you had the page open" in _flashes(client)
    db.session.expire_all()
    assert db.session.get(Plan, draft.id).status == "draft"
