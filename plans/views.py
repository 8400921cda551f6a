"""The operations manager's workspace under /ops/."""

import json

import sqlalchemy as sa
from flask import Blueprint, Response, abort, render_template, request

from extensions import db
from inputs.exporter import export_rows
from inputs.tables import TABLES_BY_NAME
from plans.bridge import scenario_instance
from plans.figures import breakdown, gap
from plans.models import Plan, Scenario
from plans.timeline import build_timeline
from scheduler.contract.json_io import instance_to_json
from security.access import role_required
from spreadsheets.files import csv_text, xlsx_bytes

bp = Blueprint("plans", __name__, url_prefix="/ops")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/")
@role_required("ops")
def dashboard():
    scenarios = db.session.scalars(sa.select(Scenario).order_by(Scenario.created_at))
    return render_template("plans/dashboard.html", scenarios=scenarios, tables=TABLES_BY_NAME)


@bp.get("/plans/<int:plan_id>")
@role_required("ops")
def plan(plan_id: int):
    row = db.get_or_404(Plan, plan_id)
    timeline = build_timeline(row)
    unit_id, week = request.args.get("unit"), request.args.get("week", type=int)
    chosen = timeline.sessions.get((unit_id, week), []) if unit_id and week is not None else None
    services = {service.id: service.name for service in row.scenario.services}
    return render_template(
        "plans/plan.html",
        plan=row,
        timeline=timeline,
        chosen=chosen,
        chosen_unit=unit_id,
        chosen_week=week,
        by_locality=breakdown(row.kpis, "by_locality"),
        by_service=breakdown(row.kpis, "by_service", services),
        gap=gap(row.kpis, row.bound),
        services=services,
    )


@bp.get("/scenarios/<scenario_id>/instance.json")
@role_required("ops")
def instance_json(scenario_id: str):
    scenario = db.get_or_404(Scenario, scenario_id)
    document = instance_to_json(scenario_instance(scenario))
    return _download(json.dumps(document, indent=2), "application/json", f"{scenario.id}.json")


@bp.get("/data.xlsx")
@role_required("ops")
def data_xlsx():
    return _download(xlsx_bytes(export_rows()), XLSX_TYPE, "mobile-units-data.xlsx")


@bp.get("/data/<name>.csv")
@role_required("ops")
def data_csv(name: str):
    if name not in TABLES_BY_NAME:
        abort(404)
    return _download(csv_text(name, export_rows()[name]), "text/csv", f"{name}.csv")


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
