"""The price book page: a scenario's prices, costs and contingencies, with their sources."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from booking.clocks import local_now
from business.book_edit import (
    BookInvalid,
    BookRefused,
    open_book,
    put_back_reference,
    save_book,
)
from business.book_form import Sheet, shown
from business.book_sources import is_assumption, reference_files
from extensions import db
from plans.models import Scenario
from security.access import role_required

bp = Blueprint("prices", __name__, url_prefix="/ops/scenarios")


@bp.route("/<scenario_id>/prices", methods=["GET", "POST"])
@role_required("ops")
def edit(scenario_id: str):
    scenario = db.get_or_404(Scenario, scenario_id)
    if request.method == "GET":
        return _page(open_book(scenario))
    version = request.form.get("version", type=int)
    if version is None:
        abort(400)
    try:
        changed = save_book(
            scenario,
            request.form,
            expected_version=version,
            editor=current_user.username,
            today=local_now().date(),
        )
    except BookInvalid as invalid:
        return _page(invalid.sheet)
    except BookRefused as refused:
        flash(str(refused), "error")
    else:
        flash(f"Price book saved: {_changes(changed)}.", "success")
    return redirect(url_for(".edit", scenario_id=scenario_id))


@bp.post("/<scenario_id>/prices/reference")
@role_required("ops")
def put_back(scenario_id: str):
    """Put every figure back as the reference tables give it (the page warns what it does)."""
    scenario = db.get_or_404(Scenario, scenario_id)
    version = request.form.get("version", type=int)
    if version is None:
        abort(400)
    try:
        changed = put_back_reference(scenario, expected_version=version)
    except BookRefused as refused:
        flash(str(refused), "error")
    else:
        flash(
            f"Price book put back to the reference figures and sources: {_changes(changed)}.",
            "success",
        )
    return redirect(url_for(".edit", scenario_id=scenario_id))


def _changes(count: int) -> str:
    return "nothing changed" if not count else f"{count} figure{'s' * (count != 1)} changed"


def _page(sheet: Sheet):
    return render_template(
        "business/prices.html",
        sheet=sheet,
        shown=lambda figure: shown(sheet, figure),
        is_assumption=is_assumption,
        reference_files=reference_files,
    )
