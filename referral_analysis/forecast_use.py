"""Using the forecast from referrals as a scenario's demand, and putting the demand it
replaced back.

Demand rows are shared by every scenario with the same practices and services, so a forecast
in place for one scenario is in place for them too: forecasts are undone last first, across
the scenarios that share rows, so that what is put back is exactly what was there.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from accounts import clock
from audit.record import record, who
from extensions import db
from inputs.models import Demand
from plans.models import Scenario
from referral_analysis.forecast import (
    NOTHING_HELD,
    NothingToForecast,
    Pair,
    Row,
    forecast_demand,
    kept_rows,
    scenario_demand,
    shared_with,
)
from referral_analysis.models import DemandSnapshot


class UndoRefused(ValueError):
    """The kept demand cannot be put back (already put back, or a later forecast is in place)."""


class InPlaceAlready(NothingToForecast):
    """The scenario's demand is the forecast already: using it again would change nothing."""


class ChangedSince(UndoRefused):
    """The demand the forecast wrote was changed since: putting back the kept demand would
    lose those changes, so it waits for a confirmation."""

    def __init__(self, changed: list[str]):
        self.changed = changed
        super().__init__(
            "The demand was changed after the forecast was used: "
            + "; ".join(changed)
            + ". Putting back the demand from before the forecast would lose these changes."
        )


@dataclass(frozen=True)
class Changes:
    """How a scenario's demand differs from the demand a snapshot kept."""

    rows: int  # practice and service pairs whose row differs (or exists in one only)
    kept: float  # new referrals a week in the snapshot
    now: float  # new referrals a week in the demand now


def changes(snapshot: DemandSnapshot) -> Changes:
    """Compare the demand kept in the snapshot with the scenario's demand now."""
    scenario = db.session.get(Scenario, snapshot.scenario_id)
    kept = kept_rows(snapshot)
    now = {pair: (row.per_week, row.source) for pair, row in scenario_demand(scenario).items()}
    differ = sum(kept.get(pair) != now.get(pair) for pair in kept.keys() | now.keys())
    return Changes(differ, _per_week(kept), _per_week(now))


def use_forecast(scenario_id: str, today: date) -> DemandSnapshot:
    """Make the forecast the scenario's demand, keeping the rows it replaces; commit.

    Every Demand row of the scenario's practices and services goes into a snapshot; each
    pair then gets its forecast rounded to 2 decimals (a forecast of 0: no row), its source
    saying so. Each change is audited as the demand grid audits it, and the whole once.

    Raises:
        NothingToForecast: no whole week of referrals is held; nothing is written.
    """
    scenario = db.session.get(Scenario, scenario_id)
    found = forecast_demand(scenario, today)
    if found.observed is None:
        raise NothingToForecast(NOTHING_HELD)
    rows = scenario_demand(scenario)
    source = f"forecast from referrals to {found.observed.last:%-d %B %Y}"
    wanted = {row.pair: _wanted(row, source) for row in found.rows}
    now = {pair: (row.per_week, row.source) for pair, row in rows.items()}
    if all(now.get(pair) == value for pair, value in wanted.items()):
        raise InPlaceAlready(
            f"The demand of {scenario.name} is this forecast already: nothing to change."
        )
    snapshot = DemandSnapshot(
        scenario_id=scenario.id,
        rows=[
            {"practice_id": p, "service_id": s, "per_week": row.per_week, "source": row.source}
            for (p, s), row in sorted(rows.items())
        ],
        written=[
            {"practice_id": p, "service_id": s, "per_week": value[0], "source": value[1]}
            for (p, s), value in sorted(wanted.items())
            if value is not None
        ],
        taken_at=clock.now(),
        taken_by=who()[1],
    )
    db.session.add(snapshot)
    db.session.flush()
    done = _write(rows, wanted)
    record("forecast", "scenario", scenario.id, after={"snapshot": snapshot.id, **done})
    db.session.commit()
    return snapshot


def undo_forecast(scenario_id: str, snapshot_id: int, *, confirmed: bool = False) -> Changes:
    """Put back exactly the demand the snapshot kept, for the scenario's pairs; commit.

    Returns what changed, as `changes` saw it before the demand was put back.

    Raises:
        UndoRefused: the snapshot is not the scenario's, was put back already, or a later
            forecast (of this scenario or one sharing its demand) is still in place.
    """
    snapshot = db.session.get(DemandSnapshot, snapshot_id)
    if snapshot is None or snapshot.scenario_id != scenario_id:
        raise UndoRefused("That kept demand is not this scenario's.")
    taken = f"{clock.local(snapshot.taken_at):%-d %B %Y at %H:%M}"
    if snapshot.restored_at is not None:
        put_back = f"{clock.local(snapshot.restored_at):%-d %B %Y at %H:%M}"
        raise UndoRefused(f"The demand kept on {taken} was put back already, on {put_back}.")
    scenario = db.session.get(Scenario, scenario_id)
    sharing = [scenario.id] + [other.id for other in shared_with(scenario)]
    later = db.session.scalar(
        sa.select(DemandSnapshot.scenario_id).where(
            DemandSnapshot.id > snapshot.id,
            DemandSnapshot.restored_at.is_(None),
            DemandSnapshot.scenario_id.in_(sharing),
        )
    )
    if later is not None:
        whose = (
            "this scenario"
            if later == scenario.id
            else f"{db.session.get(Scenario, later).name}, which shares some of this demand,"
        )
        raise UndoRefused(f"A later forecast for {whose} is still in place: undo it first.")
    kept, rows = kept_rows(snapshot), scenario_demand(scenario)
    edited = _edited_since(snapshot, rows)
    if edited and not confirmed:
        raise ChangedSince(edited)
    changed = changes(snapshot)
    pairs = kept.keys() | {(p.id, s.id) for p in scenario.practices for s in scenario.services}
    done = _write(rows, {pair: kept.get(pair) for pair in pairs})
    snapshot.restored_at = clock.now()
    record("undo_forecast", "scenario", scenario.id, after={"snapshot": snapshot.id, **done})
    db.session.commit()
    return changed


def _edited_since(snapshot: DemandSnapshot, rows: dict[Pair, Demand]) -> list[str]:
    """The pairs whose demand differs from what the forecast wrote, in words."""
    written = {(r["practice_id"], r["service_id"]): r["per_week"] for r in snapshot.written}
    now = {pair: row.per_week for pair, row in rows.items()}
    said = []
    for pair in sorted(written.keys() | now.keys()):
        if written.get(pair) != now.get(pair):
            was, is_ = written.get(pair), now.get(pair)
            said.append(
                f"{pair[0]} {pair[1]} is {'no row' if is_ is None else f'{is_:g} a week'} "
                f"(the forecast wrote {'no row' if was is None else f'{was:g}'})"
            )
    return said


def _per_week(rows: dict[Pair, tuple[float, str]]) -> float:
    return sum(per_week for per_week, _ in rows.values())


def _wanted(row: Row, source: str) -> tuple[float, str] | None:
    """The row's forecast as (per_week, source), its method in short; None for a 0."""
    if row.stored is None:
        return None
    found = row.forecast
    method = f"recent level {found.level:.2f}, trend {found.trend:+.2f} a week"
    if found.seasonal != 1.0:
        method += f", seasonal ×{found.seasonal:.2f}"
    return row.stored, f"{source}: {method}"


def _write(rows: dict[Pair, Demand], wanted: dict[Pair, tuple[float, str] | None]) -> dict:
    """Make each pair's Demand row what is wanted (None: no row), auditing each change as
    the demand grid does; return how many rows were created, updated and deleted and the
    new referrals a week before and after."""
    done = Counter(created=0, updated=0, deleted=0)
    before = sum(row.per_week for pair, row in rows.items() if pair in wanted)
    for pair, value in sorted(wanted.items()):
        row, key = rows.get(pair), f"{pair[0]}/{pair[1]}"
        if row is None and value is not None:
            per_week, source = value
            db.session.add(
                Demand(practice_id=pair[0], service_id=pair[1], per_week=per_week, source=source)
            )
            record("create", "demand", key, after={"per_week": per_week, "source": source})
            done["created"] += 1
        elif row is not None and value is None:
            record("delete", "demand", key, before={"per_week": row.per_week, "source": row.source})
            db.session.delete(row)
            done["deleted"] += 1
        elif row is not None and (row.per_week, row.source) != value:
            record(
                "update", "demand", key,
                before={"per_week": row.per_week, "source": row.source},
                after={"per_week": value[0], "source": value[1]},
            )  # fmt: skip
            row.per_week, row.source = value
            done["updated"] += 1
    after = sum(value[0] for value in wanted.values() if value is not None)
    return dict(done) | {"per_week_before": round(before, 2), "per_week_after": round(after, 2)}
