"""Hand edits to a plan, copies for what-ifs, locks, and comparing two plans."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from extensions import db
from plans.comparison import compare
from plans.editing import (
    EditRefused,
    SessionChange,
    change_session,
    copy_plan,
    move_unit_week,
    set_lock,
)
from plans.models import ClinicSession, Placement, Plan
from security.access import role_required

bp = Blueprint("edits", __name__, url_prefix="/ops/plans")


def _back(plan: Plan, unit: str | None = None, week: int | None = None):
    anchor = "#sessions" if unit is not None else ""
    return redirect(url_for("plans.plan", plan_id=plan.id, unit=unit, week=week) + anchor)


def _version() -> int | None:
    """The plan's version when the page was drawn: an edit made since refuses this one."""
    return request.form.get("version", type=int)


def _refused(refused: EditRefused) -> None:
    flash(str(refused), "error")
    for violation in refused.violations:
        flash(violation, "error")


@bp.post("/<int:plan_id>/copy")
@role_required("ops")
def copy(plan_id: int):
    plan = db.get_or_404(Plan, plan_id)
    try:
        new = copy_plan(plan)
    except EditRefused as refused:
        _refused(refused)
        return _back(plan)
    flash(f"Made a draft copy of “{plan.name}”. Edit it, re-plan from it, or publish it.", "info")
    return redirect(url_for("plans.plan", plan_id=new.id))


@bp.post("/<int:plan_id>/move")
@role_required("ops")
def move(plan_id: int):
    plan = db.get_or_404(Plan, plan_id)
    unit, week = request.form.get("unit", ""), request.form.get("week", type=int)
    site = request.form.get("site") or None
    if week is None or unit not in {u.id for u in plan.scenario.units}:
        abort(400)
    try:
        move_unit_week(plan, unit, week, site, expected_version=_version())
    except EditRefused as refused:
        _refused(refused)
    else:
        flash(f"Moved {unit} in week {week + 1} to {site or 'off the road'}.", "info")
    return _back(plan, unit, week)


@bp.post("/<int:plan_id>/sessions/<int:session_id>")
@role_required("ops")
def session(plan_id: int, session_id: int):
    plan = db.get_or_404(Plan, plan_id)
    row = db.get_or_404(ClinicSession, session_id)
    if row.plan_id != plan.id:
        abort(404)
    unit, week = row.unit_id, (row.date - plan.scenario.start).days // 7
    if request.form.get("action") == "clear":
        change = None
    else:
        change = SessionChange(
            request.form.get("service", ""), tuple(request.form.getlist("clinicians"))
        )
    try:
        change_session(plan, row, change, expected_version=_version())
    except EditRefused as refused:
        _refused(refused)
    else:
        flash("Cleared the session." if change is None else "Changed the session.", "info")
    return _back(plan, unit, week)


@bp.post("/<int:plan_id>/lock")
@role_required("ops")
def lock(plan_id: int):
    plan = db.get_or_404(Plan, plan_id)
    model = {"placement": Placement, "session": ClinicSession}.get(request.form.get("kind"))
    if model is None:
        abort(400)
    item = db.get_or_404(model, request.form.get("id", type=int))
    if item.plan_id != plan.id:
        abort(404)
    locked = request.form.get("locked") == "1"
    try:
        set_lock(plan, item, locked)
    except EditRefused as refused:
        _refused(refused)
    else:
        flash("Locked: re-planning will keep it." if locked else "Unlocked.", "info")
    week = item.week if model is Placement else (item.date - plan.scenario.start).days // 7
    return _back(plan, item.unit_id, week)


@bp.get("/<int:plan_id>/compare")
@role_required("ops")
def compare_plans(plan_id: int):
    plan = db.get_or_404(Plan, plan_id)
    other_id = request.args.get("with", type=int)
    other = db.session.get(Plan, other_id) if other_id else None
    choices = [p for p in plan.scenario.plans if p.id != plan.id]
    result = compare(plan, other) if other and other.scenario_id == plan.scenario_id else None
    return render_template(
        "plans/compare.html", plan=plan, other=other, choices=choices, result=result
    )
