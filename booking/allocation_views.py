"""Automatic allocation: propose bookings for the waiting list, review them, confirm them."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from booking.allocation_runs import confirm, discard, proposals, propose
from booking.clocks import local_now
from booking.forms import ActionForm, filters_from
from booking.models import AllocationRun
from booking.service import BookingRefused
from booking.waiting import filter_options
from extensions import db
from security.access import role_required

bp = Blueprint("allocation", __name__, url_prefix="/allocation")


@bp.get("/")
@role_required("booking")
def start():
    runs = db.session.scalars(db.select(AllocationRun).order_by(AllocationRun.id.desc()).limit(10))
    return render_template(
        "booking/allocation_start.html",
        form=ActionForm(),
        options=filter_options(),
        runs=list(runs),
    )


@bp.post("/")
@role_required("booking")
def create():
    if not ActionForm().validate_on_submit():
        abort(400)
    run = propose(filters_from(request.form), local_now())
    flash(
        f"Proposed {len(run.proposals)} booking(s); {len(run.unplaced)} referral(s) found no "
        "slot. Nothing is booked until you confirm.",
        "info",
    )
    return redirect(url_for(".review", run_id=run.id))


@bp.get("/<int:run_id>")
@role_required("booking")
def review(run_id: int):
    run = db.get_or_404(AllocationRun, run_id)
    return render_template(
        "booking/allocation_review.html",
        run=run,
        rows=proposals(run),
        form=ActionForm(),
    )


@bp.post("/<int:run_id>/confirm")
@role_required("booking")
def confirm_run(run_id: int):
    db.get_or_404(AllocationRun, run_id)
    if ActionForm().validate_on_submit():
        try:
            run = confirm(
                run_id, local_now(), expected_version=request.form.get("version", type=int)
            )
        except BookingRefused as error:
            flash(str(error), "error")
        else:
            skipped = len(run.report["skipped"])
            note = f"; skipped {skipped} that changed meanwhile" if skipped else ""
            flash(f"Booked {run.report['booked']} appointment(s){note}.", "success")
    return redirect(url_for(".review", run_id=run_id))


@bp.post("/<int:run_id>/discard")
@role_required("booking")
def discard_run(run_id: int):
    db.get_or_404(AllocationRun, run_id)
    if ActionForm().validate_on_submit():
        try:
            discard(run_id, expected_version=request.form.get("version", type=int))
        except BookingRefused as error:
            flash(str(error), "error")
        else:
            flash("Set the proposal aside; nothing was booked.", "info")
    return redirect(url_for(".start"))
