"""The demand forecast page under /ops/referrals/forecast: a scenario's planning demand beside
the forecast from referrals, for the ops and commissioner roles; ops may use the forecast as
the scenario's demand and put the old demand back."""

from datetime import date

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from accounts import clock
from booking.clocks import local_now
from extensions import db
from plans.models import Scenario
from referral_analysis.access import CHANGERS, READERS
from referral_analysis.forecast import forecast_demand
from referral_analysis.forecast_use import (
    ChangedSince,
    NothingToForecast,
    UndoRefused,
    changes,
    undo_forecast,
    use_forecast,
)
from security.access import role_required

bp = Blueprint("forecast", __name__, url_prefix="/ops/referrals/forecast")


def _today() -> date:
    """The clinics' date today (the desk's clock, as on the other referral pages)."""
    return local_now().date()


@bp.get("/")
@role_required(*READERS)
def index():
    scenarios = list(
        db.session.scalars(sa.select(Scenario).order_by(Scenario.is_sample.desc(), Scenario.name))
    )
    asked = request.args.get("scenario")
    scenario = next((s for s in scenarios if s.id == asked), scenarios[0] if scenarios else None)
    return render_template(
        "referral_analysis/forecast.html",
        scenarios=[(s.id, s.name) for s in scenarios],
        scenario=scenario,
        found=forecast_demand(scenario, _today()) if scenario else None,
        may_change=current_user.has_role(*CHANGERS),
        confirm=request.args.get("confirm", type=int),
        local=clock.local,
    )


@bp.post("/<scenario_id>/use")
@role_required(*CHANGERS)
def use(scenario_id: str):
    scenario = db.get_or_404(Scenario, scenario_id)
    try:
        snapshot = use_forecast(scenario.id, _today())
    except NothingToForecast as refused:
        flash(str(refused), "error")
    else:
        changed = changes(snapshot)
        flash(
            f"The forecast is now the demand of {scenario.name}: {_rows(changed.rows)} changed, "
            f"new referrals a week {changed.kept:.1f} before and {changed.now:.1f} now. "
            "Follow-ups follow from each service's ratio.",
            "info",
        )
    return redirect(url_for("forecast.index", scenario=scenario.id))


@bp.post("/<scenario_id>/undo")
@role_required(*CHANGERS)
def undo(scenario_id: str):
    scenario = db.get_or_404(Scenario, scenario_id)
    snapshot_id = request.form.get("snapshot", type=int)
    if snapshot_id is None:
        abort(400)
    confirmed = request.form.get("confirm") == "yes"
    try:
        changed = undo_forecast(scenario.id, snapshot_id, confirmed=confirmed)
    except ChangedSince as refused:
        flash(str(refused), "error")
        return redirect(url_for("forecast.index", scenario=scenario.id, confirm=snapshot_id))
    except UndoRefused as refused:
        flash(str(refused), "error")
    else:
        flash(
            f"Put back the demand of {scenario.name} from before the forecast: "
            f"{_rows(changed.rows)} changed, new referrals a week {changed.now:.1f} before "
            f"and {changed.kept:.1f} now.",
            "info",
        )
    return redirect(url_for("forecast.index", scenario=scenario.id))


def _rows(number: int) -> str:
    return f"{number} demand row{'s' if number != 1 else ''}"
