"""A plan's schedules for people: site calendar, clinician rota, printable sheets, exports."""

import json

from flask import Blueprint, abort, render_template

from extensions import db
from inputs.models import Clinician
from plans.bridge import plan_domain
from plans.exports import plan_xlsx, rota_ics, sessions_csv
from plans.models import Plan
from plans.schedule import by_clinician, by_site, schedule_lines
from scheduler.contract.json_io import plan_to_json
from security.access import role_required
from spreadsheets.views import XLSX_TYPE, download

bp = Blueprint("schedules", __name__, url_prefix="/ops/plans")


@bp.get("/<int:plan_id>/sites")
@role_required("ops")
def site_calendar(plan_id: int):
    plan = db.get_or_404(Plan, plan_id)
    groups = by_site(schedule_lines(plan))
    sites = [site for site in plan.scenario.sites if site.id in groups]
    return render_template("plans/site_calendar.html", plan=plan, sites=sites, groups=groups)


@bp.get("/<int:plan_id>/sites/<site_id>/print")
@role_required("ops")
def site_print(plan_id: int, site_id: str):
    plan = db.get_or_404(Plan, plan_id)
    site = next((s for s in plan.scenario.sites if s.id == site_id), None)
    if site is None:
        abort(404)
    lines = by_site(schedule_lines(plan)).get(site_id, [])
    return render_template("plans/site_print.html", plan=plan, site=site, lines=lines)


@bp.get("/<int:plan_id>/rota")
@role_required("ops")
def rota(plan_id: int):
    plan = db.get_or_404(Plan, plan_id)
    groups = by_clinician(schedule_lines(plan))
    clinicians = [c for c in plan.scenario.clinicians if c.id in groups]
    idle = [c for c in plan.scenario.clinicians if c.id not in groups]
    return render_template(
        "plans/rota.html", plan=plan, clinicians=clinicians, groups=groups, idle=idle
    )


@bp.get("/<int:plan_id>/rota/<clinician_id>.ics")
@role_required("ops")
def rota_calendar(plan_id: int, clinician_id: str):
    plan = db.get_or_404(Plan, plan_id)
    clinician = db.get_or_404(Clinician, clinician_id)
    body = rota_ics(plan, clinician.id, clinician.name)
    return download(body, "text/calendar", f"rota-{clinician.id}.ics")


@bp.get("/<int:plan_id>/export.<kind>")
@role_required("ops")
def export(plan_id: int, kind: str):
    plan = db.get_or_404(Plan, plan_id)
    if kind == "json":
        body = json.dumps(plan_to_json(plan_domain(plan)), indent=2)
        return download(body, "application/json", f"plan-{plan.id}.json")
    if kind == "csv":
        return download(sessions_csv(plan), "text/csv", f"plan-{plan.id}-sessions.csv")
    if kind == "xlsx":
        return download(plan_xlsx(plan), XLSX_TYPE, f"plan-{plan.id}.xlsx")
    abort(404)
