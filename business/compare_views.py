"""Two plans' money side by side, at /ops/business/compare?a=<plan id>&b=<plan id>, for ops.

The plans may be of different scenarios: the board's what-if is a copy of a scenario with
one thing changed. `contingencies=1` shows both with their own books' contingencies.
"""

import re

import sqlalchemy as sa
from flask import Blueprint, render_template, request

from business.compare import compare
from business.headlines import price_plans
from extensions import db
from plans.models import Plan, Scenario
from security.access import role_required

bp = Blueprint("business_compare", __name__, url_prefix="/ops/business")

PLAN_NUMBER = re.compile(r"[0-9]{1,9}")  # a plan id, short enough for any database's integer


@bp.get("/compare")
@role_required("ops")
def index():
    choices = _choices()
    chosen = {side: request.args.get(side, "").strip() for side in ("a", "b")}
    with_contingencies = request.args.get("contingencies") == "1"
    problem = _problem(chosen)
    if problem:
        return render_template(
            "business/compare.html", choices=choices, chosen=chosen, problem=problem
        )
    plan_a = db.get_or_404(Plan, int(chosen["a"]))
    plan_b = db.get_or_404(Plan, int(chosen["b"]))
    priced = price_plans([plan_a, plan_b])
    return render_template(
        "business/compare.html",
        choices=choices,
        chosen=chosen,
        a=plan_a,
        b=plan_b,
        result=compare(priced[plan_a.id], priced[plan_b.id], with_contingencies),
        books=(priced[plan_a.id].book, priced[plan_b.id].book),
    )


def _choices() -> list[tuple[int, str]]:
    """Every plan of every scenario, labelled with its scenario, name and status."""
    rows = db.session.execute(
        sa.select(Plan.id, Scenario.name, Plan.name, Plan.status)
        .join(Scenario, Plan.scenario_id == Scenario.id)
        .order_by(Scenario.created_at, Scenario.name, Plan.id)
    )
    return [(id_, f"{scenario} — {plan} ({status})") for id_, scenario, plan, status in rows]


def _problem(chosen: dict[str, str]) -> str | None:
    """What is wrong with the plans asked for, in words; None when they are two plan numbers.

    One plan against itself is refused: its table would be all noughts, saying nothing.
    """
    if not chosen["a"] and not chosen["b"]:
        return "Choose plan A and plan B, then press Compare."
    for side, value in chosen.items():
        if not value:
            return f"Choose plan {side.upper()} as well, then press Compare."
        if not PLAN_NUMBER.fullmatch(value):
            return f"Plan {side.upper()} “{value}” is not a plan number: choose one from the list."
    if int(chosen["a"]) == int(chosen["b"]):
        return "Plan A and plan B are the same plan: choose two different plans."
    return None
