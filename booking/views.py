"""The booking desk under /booking/: the waiting list, referrals and the slot finder.

A search by name or NHS number is POSTed, never put in a URL; reading a referral is audited.
"""

from dataclasses import replace

from flask import Blueprint, flash, redirect, render_template, request, url_for

from audit.record import record_access
from audit.views import query_from, trail_page
from booking.allocation_views import bp as allocation_bp
from booking.appointment_views import bp as appointments_bp
from booking.cancellation_views import bp as cancellation_bp
from booking.clocks import RISK_LABELS, local_now
from booking.contact import format_mobile
from booking.forms import ContactForm, ReferralForm, WorklistForm, filters_from
from booking.models import Referral
from booking.nhs_number import format_nhs_number
from booking.outcome_views import bp as outcomes_bp
from booking.reference import format_reference
from booking.referral_page import render_referral
from booking.referrals import (
    ReferralInvalid,
    add_referral,
    audit_subjects,
    referral_ids_matching,
    update_contact,
)
from booking.register_views import bp as register_bp
from booking.report_views import bp as reports_bp
from booking.waiting import (
    SORTS,
    STATUSES,
    filter_options,
    ranked,
    with_referrals,
)
from booking.worklist import REQUIRED, WorklistRefused, import_worklist
from extensions import db
from pathways.models import STEP_LABELS
from security.access import role_required

bp = Blueprint("booking", __name__, url_prefix="/booking")
bp.register_blueprint(appointments_bp)
bp.register_blueprint(reports_bp)
bp.register_blueprint(allocation_bp)
bp.register_blueprint(outcomes_bp)
bp.register_blueprint(register_bp)
bp.register_blueprint(cancellation_bp)
PAGE_ROWS = 200  # rows of the waiting list on one page


@bp.app_template_filter("nhs")
def nhs_filter(digits: str) -> str:
    return format_nhs_number(digits)


@bp.app_template_filter("reference")
def reference_filter(referral_id: int) -> str:
    return format_reference(referral_id)


@bp.app_template_filter("mobile")
def mobile_filter(number: str | None) -> str:
    return format_mobile(number)


@bp.context_processor
def labels() -> dict:
    return {
        "risk_labels": RISK_LABELS,
        "statuses": STATUSES,
        "sorts": SORTS,
        "step_labels": STEP_LABELS,
    }


@bp.route("/", methods=["GET", "POST"])
@role_required("booking")
def waiting():
    if request.method == "POST":  # the filter form, with the search by name or NHS number
        filters = filters_from(request.form, query=request.form.get("q", ""))
        if not filters.query:  # codes only: show them at an address, so Back works
            return redirect(url_for("booking.waiting", **_filter_args(filters)), code=303)
    else:
        filters = filters_from(request.args)
    found = ranked(filters, local_now())  # a page's referrals are read whole below
    if filters.query:
        record_access("search", "referral", "waiting-list", matches=len(found))
    pages = max(1, -(-len(found) // PAGE_ROWS))
    page = min(_page_number(request.values.get("page")), pages)
    first = (page - 1) * PAGE_ROWS
    return render_template(
        "booking/waiting_list.html",
        entries=with_referrals(found[first : first + PAGE_ROWS]),
        first=first,
        page=page,
        pages=pages,
        total=len(found),
        filters=filters,
        options=filter_options(),
        today=local_now().date(),
    )


def _filter_args(filters) -> dict[str, str]:
    """The filters (no search text) and page as query-string arguments, the defaults left out."""
    args = {
        "status": filters.status if filters.status != "waiting" else "",
        "service": filters.service,
        "practice": filters.practice,
        "locality": filters.locality,
        "priority": filters.priority,
        "min_weeks": str(filters.min_weeks) if filters.min_weeks else "",
        "risk": filters.risk,
        "sort": filters.sort if filters.sort != "breach" else "",
        "page": request.form.get("page", ""),
    }
    return {key: value for key, value in args.items() if value}


def _page_number(text: str | None) -> int:
    """The page of the list asked for: 1 unless a whole number of at least 1 is given."""
    return int(text) if text and text.isdigit() and int(text) >= 1 else 1


def _referral_form() -> ReferralForm:
    form = ReferralForm()
    options = filter_options()
    form.practice.choices = [("", "Choose a practice")] + options["practice"]
    form.service.choices = [("", "Choose a service")] + options["service"]
    return form


@bp.route("/referrals/new", methods=["GET", "POST"])
@role_required("booking")
def new_referral():
    form = _referral_form()
    if form.validate_on_submit():
        try:
            referral = add_referral(form.raw(), local_now().date())
        except ReferralInvalid as invalid:
            for field, message in invalid.errors.items():
                form[field].errors.append(message)
        else:
            # No patient details in a flash: it travels in the signed (not encrypted) cookie.
            flash("Added the referral to the waiting list.", "success")
            return redirect(url_for(".referral", referral_id=referral.id))
    status = 400 if form.errors else 200
    return render_template("booking/referral_form.html", form=form), status


@bp.route("/referrals/import", methods=["GET", "POST"])
@role_required("booking")
def import_referrals():
    form, problems = WorklistForm(), []
    if form.validate_on_submit():
        upload = form.worklist.data
        try:
            count = import_worklist(upload.read(), local_now().date())
        except WorklistRefused as refused:
            problems = refused.problems
        else:
            flash(f"Imported {count} referral(s) from {upload.filename}.", "success")
            return redirect(url_for(".waiting"))
    status = 400 if problems or form.errors else 200
    return render_template(
        "booking/import.html", form=form, problems=problems, required=REQUIRED
    ), status


@bp.get("/referrals/<int:referral_id>")
@role_required("booking")
def referral(referral_id: int):
    row = db.get_or_404(Referral, referral_id)
    record_access("view", "referral", referral_id)
    return render_referral(row, local_now())


@bp.post("/referrals/<int:referral_id>/contact")
@role_required("booking")
def change_contact(referral_id: int):
    """Save the patient's mobile number, email and consent to messages."""
    row = db.get_or_404(Referral, referral_id)
    form = ContactForm()
    if form.validate_on_submit():
        try:
            update_contact(referral_id, form.raw(), request.form.get("version", type=int))
        except ReferralInvalid as invalid:
            for field, message in invalid.errors.items():
                form[field].errors.append(message)
        else:
            flash("Saved the contact details.", "success")
            return redirect(url_for(".referral", referral_id=referral_id))
    record_access("view", "referral", referral_id)
    return render_referral(db.session.get(Referral, row.id), local_now(), contact=form, status=400)


@bp.post("/audit")
@role_required("booking")
def patient_audit():
    """The audit events of the patient searched for by NHS number or name (POSTed)."""
    patient = request.form.get("patient", "").strip()[:200]
    ids = referral_ids_matching(patient)
    record_access("search", "referral", "audit", matches=len(ids))
    query = replace(query_from(request.form), subjects=audit_subjects(ids))
    return trail_page(query, heading="A patient's audit trail", patient=patient)


@bp.get("/referrals/<int:referral_id>/audit")
@role_required("booking")
def referral_audit(referral_id: int):
    """The audit events of one referral and its bookings."""
    db.get_or_404(Referral, referral_id)
    query = replace(query_from(request.args), subjects=audit_subjects([referral_id]))
    return trail_page(query, heading=f"Audit trail of referral {referral_id}")
