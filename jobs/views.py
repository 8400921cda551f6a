"""A scenario's page (its plans, its planner runs, the form to start one); a run's progress;
cancelling it."""

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from business.weights import NoWeights, preview, scenario_weights
from capacity.balance import TIGHT, instance_balance
from extensions import db
from jobs.forms import CONTRIBUTION, SolveForm
from jobs.models import SolveJob
from jobs.service import JobError, recent_jobs, request_cancel, start_solve
from plans.bridge import scenario_instance
from plans.figures import gap
from plans.models import Plan, Scenario
from security.access import role_required

bp = Blueprint("jobs", __name__, url_prefix="/ops")


def solve_form(scenario: Scenario, formdata=None) -> SolveForm:
    """Build the solve form with the scenario's plans offered as starting points."""
    form = SolveForm(formdata=formdata) if formdata is not None else SolveForm()
    form.hint.choices = [SelectChoice(0, "Nothing (plan from scratch)")] + [
        SelectChoice(plan.id, f"Re-plan from {plan.name} ({plan.status}), keeping its locks")
        for plan in scenario.plans
    ]
    return form


@bp.get("/scenarios/<scenario_id>")
@role_required("ops")
def scenario(scenario_id: str):
    return render_scenario(db.get_or_404(Scenario, scenario_id))


def render_scenario(scenario: Scenario, form: SolveForm | None = None) -> str:
    """The scenario page: its plans, its recent planner runs and the form to start one."""
    instance = scenario_instance(scenario)
    weights = preview(scenario, instance)
    db.session.commit()  # the price book, made on first use
    return render_template(
        "jobs/scenario.html",
        scenario=scenario,
        form=form or solve_form(scenario),
        jobs=recent_jobs(scenario),
        gap=gap,
        balance=instance_balance(instance),
        tight=TIGHT,
        weights=weights,
    )


@bp.post("/scenarios/<scenario_id>/solve")
@role_required("ops")
def start(scenario_id: str):
    scenario = db.get_or_404(Scenario, scenario_id)
    form = solve_form(scenario, request.form)
    if form.validate():
        hint = db.session.get(Plan, form.hint.data) if form.hint.data else None
        try:
            weights = scenario_weights(scenario) if form.objective.data == CONTRIBUTION else None
        except NoWeights as error:
            form.objective.errors.append(str(error))
            return render_scenario(scenario, form), 400
        try:
            job = start_solve(
                scenario,
                time_limit_s=form.time_limit_s.data,
                seed=form.seed.data,
                hint=hint,
                service_weights=weights,
            )
        except JobError as error:
            form.time_limit_s.errors.append(str(error))
        else:
            return redirect(url_for("jobs.show", job_id=job.id))
    return render_scenario(scenario, form), 400


@bp.get("/jobs/<int:job_id>")
@role_required("ops")
def show(job_id: int):
    job = db.get_or_404(SolveJob, job_id)
    return render_template("jobs/show.html", job=job)


@bp.get("/jobs/<int:job_id>/progress.json")
@role_required("ops")
def progress(job_id: int):
    job = db.get_or_404(SolveJob, job_id)
    response = jsonify(job.progress_json())
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/jobs/<int:job_id>/cancel")
@role_required("ops")
def cancel(job_id: int):
    job = db.get_or_404(SolveJob, job_id)
    try:
        request_cancel(job)
    except JobError as error:
        flash(str(error), "info")
    else:
        flash("Asked the planner to stop.", "info")
    return redirect(url_for("jobs.show", job_id=job.id))
