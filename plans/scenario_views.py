"""Create, edit and copy scenarios."""

from datetime import date

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from extensions import db
from inputs.models import Service, Site, Unit
from plans.forms import ScenarioForm
from plans.models import Scenario
from plans.scenarios import (
    ScenarioRefused,
    ScenarioValues,
    copy_scenario,
    create_scenario,
    update_scenario,
)
from security.access import role_required

bp = Blueprint("scenarios", __name__, url_prefix="/ops/scenarios")


def _form(scenario: Scenario | None = None) -> ScenarioForm:
    form = ScenarioForm(obj=None)
    form.units.choices = _choices(Unit)
    form.sites.choices = _choices(Site)
    form.services.choices = _choices(Service)
    if scenario is not None and not form.is_submitted():
        form.id.data, form.name.data = scenario.id, scenario.name
        form.start.data, form.weeks.data = scenario.start, scenario.weeks
        form.weekdays.data = list(scenario.weekdays)
        form.closed_dates.data = "\n".join(scenario.closed_dates)
        form.units.data = [u.id for u in scenario.units]
        form.sites.data = [s.id for s in scenario.sites]
        form.services.data = [s.id for s in scenario.services]
    elif scenario is None and not form.is_submitted():
        form.weeks.data = 16
        form.weekdays.data = ["Mon", "Tue", "Wed", "Thu", "Fri"]
        form.units.data = [choice.value for choice in form.units.choices]
        form.sites.data = [choice.value for choice in form.sites.choices]
        form.services.data = [choice.value for choice in form.services.choices]
    return form


def _choices(model) -> list[SelectChoice]:
    return [
        SelectChoice(row.id, f"{row.name} ({row.id})")
        for row in db.session.scalars(sa.select(model).order_by(model.id))
    ]


def _values(form: ScenarioForm) -> ScenarioValues | None:
    """The form's values, or None after naming the bad closed date on the form."""
    closed = []
    for line in (form.closed_dates.data or "").split():
        try:
            closed.append(date.fromisoformat(line.strip()))
        except ValueError:
            form.closed_dates.errors.append(f"'{line}' is not a date written YYYY-MM-DD")
            return None
    return ScenarioValues(
        id=form.id.data,
        name=form.name.data,
        start=form.start.data,
        weeks=form.weeks.data,
        weekdays=form.weekdays.data,
        closed_dates=closed if (form.closed_dates.data or "").strip() else None,
        unit_ids=form.units.data,
        site_ids=form.sites.data,
        service_ids=form.services.data,
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required("ops")
def new():
    form = _form()
    if form.validate_on_submit() and (values := _values(form)) is not None:
        try:
            scenario = create_scenario(values)
        except ScenarioRefused as refused:
            form.id.errors.append(str(refused))
        else:
            flash(
                f"Created “{scenario.name}”. Bank holidays were filled in where none were given.",
                "info",
            )
            return redirect(url_for("jobs.scenario", scenario_id=scenario.id))
    return render_template("plans/scenario_form.html", form=form, scenario=None)


@bp.route("/<scenario_id>/edit", methods=["GET", "POST"])
@role_required("ops")
def edit(scenario_id: str):
    scenario = db.get_or_404(Scenario, scenario_id)
    form = _form(scenario)
    form.id.data = scenario.id  # ids are fixed once made
    if form.validate_on_submit() and (values := _values(form)) is not None:
        try:
            update_scenario(scenario, values)
        except ScenarioRefused as refused:
            flash(str(refused), "error")
        else:
            flash("Saved the scenario.", "info")
            return redirect(url_for("jobs.scenario", scenario_id=scenario.id))
    return render_template("plans/scenario_form.html", form=form, scenario=scenario)


@bp.post("/<scenario_id>/copy")
@role_required("ops")
def copy(scenario_id: str):
    with_plan = request.form.get("with_published_plan") == "1"
    copy = copy_scenario(db.get_or_404(Scenario, scenario_id), with_published_plan=with_plan)
    kept = " with its published plan as a draft" if copy.plans else ""
    flash(f"Copied the scenario as “{copy.name}”{kept}. Change what you want to try.", "info")
    return redirect(url_for("scenarios.edit", scenario_id=copy.id))
