"""The tour map of a plan and the demand map of a scenario, under /ops/."""

from flask import Blueprint, current_app, render_template, request, url_for

from extensions import db
from maps.demand import demand_map
from maps.tour import tour_map
from plans.bridge import plan_domain, scenario_instance
from plans.models import Plan, Scenario
from security.access import role_required
from security.headers import map_frame

bp = Blueprint("maps", __name__, url_prefix="/ops")


def _map_options() -> dict:
    return {
        "vendor_url": lambda package, filename: url_for(
            "pages.vendor", package=package, filename=filename
        ),
        "tiles_url": current_app.config["MAP_TILES_URL"] or None,
        "tiles_attribution": current_app.config["MAP_TILES_ATTRIBUTION"] or None,
    }


@bp.get("/plans/<int:plan_id>/map")
@role_required("ops")
def tour(plan_id: int):
    plan = db.get_or_404(Plan, plan_id)
    week = request.args.get("week", default=0, type=int)
    return render_template("maps/tour.html", plan=plan, week=week)


@bp.get("/plans/<int:plan_id>/map/frame")
@role_required("ops")
def tour_frame(plan_id: int):
    plan = db.get_or_404(Plan, plan_id)
    week = min(max(request.args.get("week", default=0, type=int), 0), plan.scenario.weeks - 1)
    page = tour_map(
        scenario_instance(plan.scenario),
        plan_domain(plan),
        plan.kpis,
        week=week,
        title=f"Tour map: {plan.name}",
        **_map_options(),
    )
    return map_frame(page)


@bp.get("/scenarios/<scenario_id>/demand-map")
@role_required("ops")
def demand(scenario_id: str):
    scenario = db.get_or_404(Scenario, scenario_id)
    service = request.args.get("service") or None
    if service not in {None} | {s.id for s in scenario.services}:
        service = None
    return render_template("maps/demand.html", scenario=scenario, service=service)


@bp.get("/scenarios/<scenario_id>/demand-map/frame")
@role_required("ops")
def demand_frame(scenario_id: str):
    scenario = db.get_or_404(Scenario, scenario_id)
    service = request.args.get("service") or None
    if service not in {s.id for s in scenario.services}:
        service = None
    page = demand_map(
        scenario_instance(scenario), service=service, title="Demand map", **_map_options()
    )
    return map_frame(page)
