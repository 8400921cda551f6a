"""The publish button of a plan's page."""

from flask import Blueprint, flash, redirect, request, url_for

from extensions import db
from plans.models import Plan
from publishing.service import PublishRefused, publish
from security.access import role_required

bp = Blueprint("publishing", __name__, url_prefix="/ops")


@bp.post("/plans/<int:plan_id>/publish")
@role_required("ops")
def publish_plan(plan_id: int):
    row = db.get_or_404(Plan, plan_id)
    try:
        replaced = publish(row, expected_version=request.form.get("version", type=int))
    except PublishRefused as refused:
        flash(str(refused), "error")
    else:
        note = f" It replaces “{replaced.name}”, now a draft." if replaced else ""
        flash(f"Published “{row.name}”. Patients and booking staff now see it.{note}", "info")
    return redirect(url_for("plans.plan", plan_id=row.id))
