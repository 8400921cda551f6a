"""Using the forecast as a scenario's demand and putting the old demand back: exactly, once,
last first, audited, with follow-ups following by each service's ratio."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

import scheduler.contract.domain as d
from audit.models import AuditEvent
from extensions import db
from inputs.models import Demand, Service
from plans.bridge import scenario_instance
from plans.scenarios import copy_scenario
from referral_analysis.forecast import NOTHING_HELD, NothingToForecast, forecast_demand
from referral_analysis.forecast_use import (
    ChangedSince,
    InPlaceAlready,
    UndoRefused,
    changes,
    undo_forecast,
    use_forecast,
)
from referral_analysis.models import DemandSnapshot
from tests.referral_analysis.conftest import LAST_MONDAY, TODAY, refer


def _demand() -> dict:
    """Every demand row in the database, as (per_week, source) by pair."""
    return {
        (row.practice_id, row.service_id): (row.per_week, row.source)
        for row in db.session.scalars(sa.select(Demand))
    }


def _events(*actions: str) -> list[AuditEvent]:
    """The audit events of these actions on demand rows and scenarios."""
    return list(
        db.session.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.action.in_(actions),
                AuditEvent.entity_type.in_(("demand", "scenario")),
            )
        )
    )


@pytest.fixture
def referred(scenario):
    """Two pairs referred steadily for 30 weeks (so forecast 9 and 3 a week): one with a
    demand row, one without (removed)."""
    refer("E82100", "orthopaedics", [9] * 30)
    refer("E82101", "orthopaedics", [3] * 30)
    db.session.delete(db.session.get(Demand, _id("E82101", "orthopaedics")))
    db.session.get(Demand, _id("E82100", "orthopaedics")).source = "the GP survey, 2026"
    db.session.commit()
    return scenario


def _id(practice: str, service: str) -> int:
    return db.session.scalar(
        sa.select(Demand.id).where(Demand.practice_id == practice, Demand.service_id == service)
    )


def test_using_the_forecast_writes_it_as_the_demand_and_keeps_the_old(referred):
    before = _demand()
    snapshot = use_forecast(referred.id, TODAY)
    found = forecast_demand(referred, TODAY)

    after = _demand()
    per_week, source = after["E82100", "orthopaedics"]
    assert per_week == round(_forecast(found, "E82100"), 2) == 9.0
    assert source.startswith("forecast from referrals to 29 November 2026: recent level 9.00")
    assert after["E82101", "orthopaedics"][0] == 3.0  # a row made where there was none
    assert set(after) == {("E82100", "orthopaedics"), ("E82101", "orthopaedics")}  # 0: none
    kept = {
        (r["practice_id"], r["service_id"]): (r["per_week"], r["source"]) for r in snapshot.rows
    }
    assert kept == before and snapshot.restored_at is None
    assert found.snapshot == snapshot and found.kept == pytest.approx(
        sum(v for v, _ in before.values())
    )
    assert changes(snapshot).rows == len(before) + 1  # each kept row differs, and the one made
    assert changes(snapshot).now == 12.0


def _forecast(found, practice: str) -> float:
    return next(
        row.forecast.per_week
        for row in found.rows
        if (row.practice_id, row.service_id) == (practice, "orthopaedics")
    )


def test_undo_puts_back_exactly_the_demand_there_was(referred):
    before = _demand()
    snapshot = use_forecast(referred.id, TODAY)
    undo_forecast(referred.id, snapshot.id)

    assert _demand() == before  # every row, per_week and source; the row made is gone again
    assert db.session.get(DemandSnapshot, snapshot.id).restored_at is not None
    assert forecast_demand(referred, TODAY).snapshot is None


def test_follow_ups_follow_the_new_demand_by_the_services_ratio(referred):
    db.session.get(Service, "orthopaedics").follow_up_ratio = 1.5
    db.session.commit()
    use_forecast(referred.id, TODAY)

    follow_ups = {
        (row.practice, row.service): row.per_week
        for row in scenario_instance(referred).demand
        if row.kind == d.FOLLOW_UP
    }
    assert follow_ups == {
        ("E82100", "orthopaedics"): 9.0 * 1.5,
        ("E82101", "orthopaedics"): 3.0 * 1.5,
    }


def test_each_change_is_audited_and_the_whole_once(referred):
    rows = len(_demand())
    snapshot = use_forecast(referred.id, TODAY)

    assert len(_events("create")) == 1 and len(_events("update")) == 1
    assert len(_events("delete")) == rows - 1  # every pair forecast as 0
    (whole,) = _events("forecast")
    assert (whole.entity_type, whole.entity_id) == ("scenario", referred.id)
    assert whole.after == {
        "snapshot": snapshot.id, "created": 1, "updated": 1, "deleted": rows - 1,
        "per_week_before": round(sum(row["per_week"] for row in snapshot.rows), 2),
        "per_week_after": 12.0,
    }  # fmt: skip
    undo_forecast(referred.id, snapshot.id)
    (undone,) = _events("undo_forecast")
    assert undone.after["created"] == rows - 1 and undone.after["deleted"] == 1
    assert all(e.entity_type == "demand" for e in _events("create", "update", "delete"))


def test_undoing_twice_is_refused_and_changes_nothing(referred):
    snapshot = use_forecast(referred.id, TODAY)
    undo_forecast(referred.id, snapshot.id)
    before, events = _demand(), len(_events("create", "update", "delete", "undo_forecast"))

    with pytest.raises(UndoRefused, match="was put back already"):
        undo_forecast(referred.id, snapshot.id)
    assert _demand() == before
    assert len(_events("create", "update", "delete", "undo_forecast")) == events


def test_forecasts_are_undone_last_first_even_across_scenarios_sharing_demand(referred):
    original = _demand()
    copy = copy_scenario(referred)
    first = use_forecast(referred.id, TODAY)
    refer("E82100", "orthopaedics", [20], last_monday=LAST_MONDAY + timedelta(weeks=1))
    second = use_forecast(copy.id, TODAY.replace(day=9))

    with pytest.raises(UndoRefused, match=r"\(copy 1\), which shares some of this demand"):
        undo_forecast(referred.id, first.id)
    undo_forecast(copy.id, second.id)
    undo_forecast(referred.id, first.id)
    assert _demand() == original


def test_with_nothing_held_using_the_forecast_is_refused_and_nothing_written(scenario):
    before = _demand()
    with pytest.raises(NothingToForecast) as refused:
        use_forecast(scenario.id, TODAY)

    assert str(refused.value) == NOTHING_HELD
    assert _demand() == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DemandSnapshot)) == 0
    assert _events("create", "update", "delete", "forecast") == []


def test_using_the_same_forecast_twice_changes_nothing_the_second_time(referred):
    use_forecast(referred.id, TODAY)
    after = _demand()
    with pytest.raises(InPlaceAlready, match="is this forecast already: nothing to change"):
        use_forecast(referred.id, TODAY)
    assert _demand() == after
    assert db.session.scalar(sa.select(sa.func.count(DemandSnapshot.id))) == 1


def test_an_undo_that_would_lose_later_edits_names_them_and_waits_to_be_confirmed(referred):
    before = _demand()
    snapshot = use_forecast(referred.id, TODAY)
    db.session.get(Demand, _id("E82100", "orthopaedics")).per_week = 99
    db.session.commit()
    edited = _demand()
    with pytest.raises(ChangedSince, match="E82100 orthopaedics is 99 a week"):
        undo_forecast(referred.id, snapshot.id)
    assert _demand() == edited and snapshot.restored_at is None
    undo_forecast(referred.id, snapshot.id, confirmed=True)
    assert _demand() == before
