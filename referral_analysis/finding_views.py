"""PUNs and DENs under /ops/referrals/findings: the list, the form that records one, and
marking one done.

Operations managers record and close findings; commissioners read them. The service
(referral_analysis/findings.py) checks everything and names the field at fault; the form is
shown again as typed with each problem beside its field and in the error summary.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from booking.clocks import local_now
from booking.forms import ActionForm
from extensions import db
from inputs.models import Practice, Service
from referral_analysis.access import CHANGERS, READERS
from referral_analysis.findings import (
    MAX_TEXT,
    FindingInvalid,
    findings_for,
    mark_done,
    open_findings,
    record_finding,
)
from referral_analysis.models import FINDING_KINDS, Finding
from security.access import role_required

bp = Blueprint("findings", __name__, url_prefix="/ops/referrals/findings")
# The kinds' names, for the findings table wherever it is included (a practice report too).
bp.add_app_template_global(FINDING_KINDS, "finding_kinds")


class FindingForm(FlaskForm):
    """A new finding's fields; referral_analysis/findings.py checks the values."""

    practice = SelectField("Practice", validate_choice=False)
    service = SelectField("Service", validate_choice=False)
    kind = RadioField(
        "What was found",
        choices=[SelectChoice(code, label) for code, label in FINDING_KINDS.items()],
        validate_choice=False,
    )
    evidence = TextAreaField("Evidence")
    action = TextAreaField("Action agreed")
    owner = StringField("Owner")
    review_on = StringField("Review date")

    def raw(self) -> dict[str, str]:
        """The submitted text of every field, as record_finding reads it."""
        return {name: field.data or "" for name, field in self._fields.items()}


@dataclass(frozen=True)
class DoneProblem:
    """Why marking a finding done was refused, with the note as typed, to show again."""

    finding_id: int
    note: str
    message: str


def today() -> date:
    """The clinics' date today (the desk's clock)."""
    return local_now().date()


@bp.get("/")
@role_required(*READERS)
def index():
    practice = (request.args.get("practice") or "").strip().upper()
    done_too = request.args.get("done") == "yes"
    return _list_page(practice, done_too)


def _list_page(practice: str, done_too: bool, problem: DoneProblem | None = None, status=200):
    listed = findings_for(practice or None) if done_too else open_findings(practice or None)
    return render_template(
        "referral_analysis/findings.html",
        findings=listed,
        practices=_practices(),
        practice=practice,
        done_too=done_too,
        can_edit=current_user.has_role(*CHANGERS),
        today=today(),
        problem=problem,
    ), status


def _practices() -> list[tuple[str, str]]:
    query = sa.select(Practice.id, Practice.name).order_by(Practice.name)
    return [(code, f"{name} ({code})") for code, name in db.session.execute(query)]


def _finding_form() -> FindingForm:
    form = FindingForm()
    services = db.session.execute(sa.select(Service.id, Service.name).order_by(Service.name))
    form.practice.choices = [("", "Choose a practice")] + _practices()
    form.service.choices = [("", "All services")] + [tuple(row) for row in services]
    return form


@bp.route("/new", methods=["GET", "POST"])
@role_required(*CHANGERS)
def new():
    form = _finding_form()
    if request.method == "GET":  # a practice report's link names the practice and service
        form.practice.data = (request.args.get("practice") or "").strip().upper()
        form.service.data = (request.args.get("service") or "").strip().lower()
    elif form.validate_on_submit():
        try:
            finding = record_finding(form.raw(), today())
        except FindingInvalid as invalid:
            for field, message in invalid.errors.items():
                form[field].errors.append(message)
        else:
            flash(f"Recorded the finding for {finding.practice.name}.", "success")
            return redirect(url_for(".index", practice=finding.practice_id))
    status = 400 if form.errors else 200
    page = render_template("referral_analysis/finding_form.html", form=form, max_text=MAX_TEXT)
    return page, status


@bp.post("/<int:finding_id>/done")
@role_required(*CHANGERS)
def done(finding_id: int):
    db.get_or_404(Finding, finding_id)
    practice = (request.form.get("practice") or "").strip().upper()
    done_too = request.form.get("done") == "yes"
    back = url_for(".index", practice=practice or None, done="yes" if done_too else None)
    if not ActionForm().validate_on_submit():
        return redirect(back)
    note = request.form.get("note") or ""
    try:
        finding = mark_done(finding_id, note, request.form.get("version", type=int), today())
    except FindingInvalid as invalid:
        message = invalid.errors["note"]
        if db.session.get(Finding, finding_id).status == "done":  # nothing left to type
            flash(message, "error")
            return redirect(back)
        return _list_page(practice, done_too, DoneProblem(finding_id, note, message), 400)
    flash(f"Marked the finding for {finding.practice.name} done.", "success")
    return redirect(back)
