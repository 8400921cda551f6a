"""Hand edits to a draft plan, each checked against the rules before it is kept.

Each edit locks the plan row first (database/locking.py), as publishing does, so an edit and a
publish of the same plan wait for each other, and the edit sees the plan as it is now.
"""

from dataclasses import dataclass

from audit.record import record
from database.locking import lock_row, write_transaction
from extensions import db
from inputs.models import Clinician
from plans.bridge import locked_items, plan_domain, scenario_instance, store_plan
from plans.models import ClinicSession, Placement, Plan
from scheduler import score, validate


class EditRefused(ValueError):
    """The edit would break the rules (or cannot be made); nothing was changed."""

    def __init__(self, message: str, violations: list[str] | None = None):
        self.violations = violations or []
        super().__init__(message)


@dataclass(frozen=True)
class SessionChange:
    service_id: str
    clinician_ids: tuple[str, ...]


def refuse_if_stale(plan: Plan, expected_version: int | None, refused: type[Exception]) -> None:
    """Refuse, saying what happened, if the plan changed since the person saw
    `expected_version` of it (the version their page showed)."""
    if expected_version is None or plan.version == expected_version:
        return
    what = "was published" if plan.status == "published" else "was changed"
    raise refused(f"This plan {what} while you had the page open; nothing was changed.")


def lock_plan(plan_id: int, expected_version: int | None = None, *, shared: bool = False) -> Plan:
    """Lock the plan in the open write transaction and return it read afresh."""
    plan = lock_row(Plan, plan_id, shared=shared)
    if plan is None:
        raise EditRefused("That plan no longer exists.")
    refuse_if_stale(plan, expected_version, EditRefused)
    return plan


def _editable(plan: Plan) -> None:
    if plan.status == "published":
        raise EditRefused(
            "The published plan cannot be changed directly: make a draft copy, edit it, and "
            "publish that."
        )


def _check_and_keep(plan: Plan, action: str, item: str, before, after) -> None:
    """Validate the edited plan; keep it with fresh figures, or undo it and say why."""
    db.session.flush()
    db.session.expire(plan)
    instance = scenario_instance(plan.scenario)
    domain = plan_domain(plan)
    violations = validate(instance, domain)
    if violations:
        db.session.rollback()
        raise EditRefused(
            "That change would break the rules, so it was not made.",
            [str(v) for v in violations[:10]],
        )
    plan.kpis = score(instance, domain).to_json()
    record(action, "plan", plan.id, before={item: before}, after={item: after})
    db.session.commit()


def move_unit_week(
    plan: Plan,
    unit_id: str,
    week: int,
    site_id: str | None,
    *,
    expected_version: int | None = None,
) -> None:
    """Stand the unit at another site that week (None: off the road), sessions and all."""
    plan_id = plan.id
    with write_transaction(EditRefused):
        plan = lock_plan(plan_id, expected_version)
        _editable(plan)
        placement = next(
            (p for p in plan.placements if p.unit_id == unit_id and p.week == week), None
        )
        before = placement.site_id if placement else None
        if placement is not None and placement.locked:
            raise EditRefused("That unit-week is locked; unlock it first.")
        if site_id is None:
            sessions = _sessions_in_week(plan, unit_id, week)
            if sessions:
                raise EditRefused(
                    f"{len(sessions)} sessions run on {unit_id} that week; clear them first."
                )
            if placement is not None:
                db.session.delete(placement)
        elif placement is None:
            plan.placements.append(Placement(unit_id=unit_id, site_id=site_id, week=week))
        else:
            placement.site_id = site_id
        _check_and_keep(plan, "move", f"{unit_id} week {week}", before, site_id)


def change_session(
    plan: Plan,
    session: ClinicSession,
    change: SessionChange | None,
    *,
    expected_version: int | None = None,
) -> None:
    """Give a session another service or clinicians, or clear it (change None)."""
    plan_id, session_id = plan.id, session.id
    with write_transaction(EditRefused):
        plan = lock_plan(plan_id, expected_version)
        _editable(plan)
        session = _item(ClinicSession, session_id, plan)
        if session.locked:
            raise EditRefused("That session is locked; unlock it first.")
        label = f"{session.unit_id} {session.date} {session.period} room {session.room}"
        clinicians = [c.id for c in session.clinicians]
        before = {"service": session.service_id, "clinicians": clinicians}
        if change is None:
            db.session.delete(session)
            after = None
        else:
            session.service_id = change.service_id
            session.clinicians = [db.session.get(Clinician, c) for c in change.clinician_ids]
            after = {"service": change.service_id, "clinicians": list(change.clinician_ids)}
        _check_and_keep(plan, "change session", label, before, after)


def _item(model: type, item_id: int, plan: Plan):
    """The plan's placement or session, as it is now (an edit meanwhile may have removed it)."""
    item = db.session.get(model, item_id)
    if item is None or item.plan_id != plan.id:
        raise EditRefused("That item was removed from the plan meanwhile; nothing was changed.")
    return item


def set_lock(plan: Plan, item: Placement | ClinicSession, locked: bool) -> None:
    """Lock an item so re-planning keeps it, or unlock it."""
    plan_id, model, item_id = plan.id, type(item), item.id
    with write_transaction(EditRefused):
        plan = lock_plan(plan_id)
        item = _item(model, item_id, plan)
        item.locked = locked
        kind = "placement" if model is Placement else "session"
        record("lock" if locked else "unlock", kind, item.id, after={"plan": plan.id})
        db.session.commit()


def copy_plan(plan: Plan, name: str | None = None) -> Plan:
    """Make a draft copy of a plan (with its locks) to edit or re-plan from.

    The plan is share-locked while it is read, so the copy never catches an edit half made.
    """
    plan_id = plan.id
    with write_transaction(EditRefused):
        plan = lock_plan(plan_id, shared=True)
        copy = _copy(plan, name)
        db.session.flush()
        record("copy", "plan", copy.id, before={"from": plan.id})
        db.session.commit()
    return copy


def _copy(plan: Plan, name: str | None) -> Plan:
    return store_plan(
        plan.scenario,
        plan_domain(plan),
        name=name or f"Copy of {plan.name}",
        kpis=plan.kpis,
        locked=locked_items(plan),
    )


def _sessions_in_week(plan: Plan, unit_id: str, week: int) -> list[ClinicSession]:
    start = plan.scenario.start
    return [s for s in plan.sessions if s.unit_id == unit_id and (s.date - start).days // 7 == week]
