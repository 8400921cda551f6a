"""The operations manager's workspace under /ops/."""

import json

import sqlalchemy as sa
from flask import Blueprint, render_template, request

from extensions import db
from inputs.tables import TABLES_BY_NAME
from plans.bridge import scenario_instance
from plans.figures import breakdown, gap, unserved
from plans.home import headlines
from plans.models import Plan, Scenario
from plans.timeline import build_timeline
from scheduler.contract.json_io import instance_to_json
from security.access import role_required
from spreadsheets.views import download

bp = Blueprint("plans", __name__, url_prefix="/ops")


@bp.get("/")
@role_required("ops")
def dashboard():
    scenarios = db.session.scalars(sa.select(Scenario).order_by(Scenario.created_at))
    return render_template(
        "plans/dashboard.html", headlines=headlines(scenarios), tables=TABLES_BY_NAME
    )


@bp.get("/plans/<int:plan_id>")
@role_required("ops")
def plan(plan_id: int):
    row = db.get_or_404(Plan, plan_id)
    timeline = build_timeline(row)
    unit_id, week = request.args.get("unit"), request.args.get("week", type=int)
    chosen = timeline.sessions.get((unit_id, week), []) if unit_id and week is not None else None
    services = {service.id: service.name for service in row.scenario.services}
    by_service = breakdown(row.kpis, "by_service", services)
    return render_template(
        "plans/plan.html",
        plan=row,
        timeline=timeline,
        chosen=chosen,
        chosen_unit=unit_id,
        chosen_week=week,
        by_locality=breakdown(row.kpis, "by_locality"),
        by_service=by_service,
        unserved=unserved(by_service),
        gap=gap(row.kpis, row.bound),
        services=services,
    )


@bp.get("/scenarios/<scenario_id>/instance.json")
@role_required("ops")
def instance_json(scenario_id: str):
    scenario = db.get_or_404(Scenario, scenario_id)
    document = instance_to_json(scenario_instance(scenario))
    return download(json.dumps(document, indent=2), "application/json", f"{scenario.id}.json")
