"""A GP practice's pages under /practice/: its referrals, referring a patient, and choosing
an appointment with the patient (book one, or print a shortlist to book later).

Every page names the practice in its address and answers 404 for any practice but the
account's own, and for any referral, booking or shortlist of another practice
(practice.scope). Reading a patient's referral is audited, as at the desk.
"""

from datetime import UTC, datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from audit.record import record_access
from booking.clocks import CLINIC_ZONE, RISK_LABELS, local_now
from booking.forms import ActionForm
from booking.openings import session_opening
from booking.referrals import ReferralInvalid, add_referral
from booking.service import BookingRefused, SlotTaken
from booking.waiting import entries, filter_options
from choice.models import OUTCOME_LABELS, ChoiceOffer
from extensions import db
from inputs.models import Practice, Site
from pathways.models import STEP_LABELS
from practice.choices import (
    CHOICES,
    MORE_CHOICES,
    NEAREST,
    ChoicesUnknown,
    choices_for,
    shown_again,
)
from practice.forms import PracticeReferralForm
from practice.listing import practice_referrals
from practice.offers import book_choice, end_offer, why_not_offered
from practice.scope import offer_or_404, practice_or_404, referral_or_404
from security.access import role_required

bp = Blueprint("practice", __name__, url_prefix="/practice")
TAKEN = "That appointment has just been taken by someone else; nothing was booked."


@bp.context_processor
def labels() -> dict:
    return {
        "risk_labels": RISK_LABELS,
        "step_labels": STEP_LABELS,
        "booking_team_phone": current_app.config.get("BOOKING_TEAM_PHONE", ""),
    }


@bp.app_template_filter("clinic_time")
def clinic_time(moment: datetime) -> str:
    """A stored moment on the clinics' clock: "3 Dec 2026, 10:02"."""
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(CLINIC_ZONE)
    return f"{local:%-d %b %Y, %H:%M}"


@bp.get("/")
@role_required("practice")
def index():
    """A practice account goes to its practice; an administrator chooses one."""
    if current_user.role == "practice":
        return redirect(url_for(".home", practice_id=current_user.practice_id))
    practices = db.session.scalars(db.select(Practice).order_by(Practice.name))
    return render_template("practice/index.html", practices=practices)


@bp.get("/<practice_id>/")
@role_required("practice")
def home(practice_id: str):
    practice = practice_or_404(practice_id)
    page = request.args.get("page", "1")
    listing = practice_referrals(practice.id, local_now(), int(page) if page.isdigit() else 1)
    return render_template("practice/home.html", practice=practice, listing=listing)


@bp.route("/<practice_id>/referrals/new", methods=["GET", "POST"])
@role_required("practice")
def refer(practice_id: str):
    practice = practice_or_404(practice_id)
    today = local_now().date()
    form = PracticeReferralForm(referral_date=today.isoformat())
    form.service.choices = [("", "Choose a service")] + filter_options()["service"]
    if form.validate_on_submit():
        try:
            referral = add_referral(form.raw_for(practice.id), today, acting_for=practice.id)
        except ReferralInvalid as invalid:
            for field, message in invalid.errors.items():
                form[field].errors.append(message)
        else:
            flash("Referred. Now choose an appointment with the patient.", "success")
            return redirect(url_for(".choices", practice_id=practice.id, referral_id=referral.id))
    status = 400 if form.errors else 200
    return render_template("practice/refer.html", practice=practice, form=form), status


@bp.get("/<practice_id>/referrals/<int:referral_id>")
@role_required("practice")
def referral(practice_id: str, referral_id: int):
    practice = practice_or_404(practice_id)
    row = referral_or_404(practice, referral_id)
    record_access("view", "referral", row.id, what="practice")
    [entry] = entries([row], local_now())
    offers = db.session.scalars(
        db.select(ChoiceOffer)
        .where(ChoiceOffer.referral_id == row.id)
        .order_by(ChoiceOffer.made_at.desc(), ChoiceOffer.id.desc())
    )
    return render_template(
        "practice/referral.html",
        practice=practice,
        entry=entry,
        appointment=session_opening(entry.booking.session_id) if entry.booking else None,
        offers=list(offers),
        outcomes=OUTCOME_LABELS,
        sites=_sites(),
        why_not=why_not_offered(row),
    )


@bp.route("/<practice_id>/referrals/<int:referral_id>/choices", methods=["GET", "POST"])
@role_required("practice")
def choices(practice_id: str, referral_id: int):
    """The appointments to choose from with the patient; posting books one, prints a
    shortlist, or records that none was wanted."""
    practice = practice_or_404(practice_id)
    row = referral_or_404(practice, referral_id)
    back = redirect(url_for(".referral", practice_id=practice.id, referral_id=row.id))
    if (why := why_not_offered(row)) is not None:
        flash(why, "error")
        return back
    if request.method == "GET":
        record_access("view", "referral", row.id, what="choices")
        return _choices_page(practice, row)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        shown = shown_again(row, request.form.getlist("offered", type=int))
    except ChoicesUnknown as unknown:
        return _choices_page(practice, row, problem=str(unknown), status=400)
    action = request.form.get("action", "")
    if action in ("shortlist", "declined"):
        offer = end_offer(row, shown, action)
        if action == "shortlist":
            where = {"practice_id": practice.id, "referral_id": row.id, "offer_id": offer.id}
            return redirect(url_for(".shortlist", **where))
        flash("Recorded that the patient wanted none of these; they stay on the list.", "success")
        return back
    try:
        booking = book_choice(row, shown, request.form.get("book", type=int) or 0, local_now())
    except SlotTaken:
        return _choices_page(practice, row, problem=TAKEN, status=409)
    except BookingRefused as refused:
        return _choices_page(practice, row, problem=str(refused), status=400)
    opening = session_opening(booking.session_id)
    when = opening.slot_time(booking.slot_number)
    flash(f"Booked for {when:%A %-d %B %Y at %H:%M}, {opening.site_name}.", "success")
    return back


def _choices_page(practice, row, *, problem: str = "", status: int = 200):
    more = request.values.get("more") == "1"
    order = request.values.get("order", NEAREST)
    offered = choices_for(row, local_now(), MORE_CHOICES if more else CHOICES, order)
    [entry] = entries([row], local_now())
    html = render_template(
        "practice/choices.html",
        practice=practice,
        entry=entry,
        offered=offered,
        more=more,
        form=ActionForm(),
        problem=problem,
    )
    return html, status


@bp.get("/<practice_id>/referrals/<int:referral_id>/shortlists/<int:offer_id>")
@role_required("practice")
def shortlist(practice_id: str, referral_id: int, offer_id: int):
    """The shortlist to print for the patient, with the booking reference to quote."""
    practice = practice_or_404(practice_id)
    row = referral_or_404(practice, referral_id)
    offer = offer_or_404(row, offer_id)
    record_access("view", "referral", row.id, what="shortlist")
    [entry] = entries([row], local_now())
    return render_template(
        "practice/shortlist.html",
        practice=practice,
        entry=entry,
        offer=offer,
        sites=_sites(),
        today=local_now().date(),
    )


def _sites() -> dict[str, Site]:
    return {site.id: site for site in db.session.scalars(db.select(Site))}
