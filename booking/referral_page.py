"""The referral page, drawn afresh or again with a form's typed values and problems.

Its forms post to several blueprints (contact details, appointments, outcomes); each shows
the page again through `render_referral` when what was typed needs correcting.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask import render_template, request

from booking.contact import format_mobile
from booking.finder import postcode_placed
from booking.forms import CancelForm, ContactForm
from booking.models import Booking, Referral
from booking.outcomes import ONWARD, OUTCOMES, onward_services
from booking.pathway_summary import outcomes_said, summarise
from booking.waiting import OFFERS_SHOWN, overview
from pathways.models import STEP_LABELS


@dataclass(frozen=True)
class OutcomeEntry:
    """An outcome form for one attended appointment: what was typed, a problem per field."""

    booking: Booking
    typed: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def render_referral(
    row: Referral,
    now: datetime,
    *,
    contact: ContactForm | None = None,
    outcome: OutcomeEntry | None = None,
    status: int = 200,
):
    """The referral page: the step, its pathway, its appointments and the slots to offer.

    Args:
        row: the referral (a step of a pathway).
        now: the desk's clock (booking.clocks.local_now), which the caller reads.
        contact: the contact form as posted, when it is shown again with its problems.
        outcome: the outcome form as posted, when it is shown again with its problems.
        status: 400 when a form is shown again.
    """
    shown = None if request.args.get("all") else OFFERS_SHOWN
    view = overview(row, now, limit=shown)
    attended, attended_at = next(
        ((b, opening) for b, opening in view.history if b.status == "attended"), (None, None)
    )
    form = None  # the outcome form, for an attended appointment still without one
    if attended is not None and attended.outcome is None:
        same = outcome is not None and outcome.booking.id == attended.id
        form = outcome if same else OutcomeEntry(attended)
    if contact is None:  # formdata=None: another form's post must not fill this one
        contact = ContactForm(formdata=None, obj=row, mobile=format_mobile(row.mobile))
    return render_template(
        "booking/referral.html",
        view=view,
        cancel_form=CancelForm(),
        contact=contact,
        now=now,
        attended=attended,
        attended_at=attended_at,
        attended_said=outcomes_said([attended.id]).get(attended.id) if attended else None,
        outcome=form,
        posted=outcome,
        outcomes=OUTCOMES,
        onward={kind: onward_services(kind) for kind in ONWARD},
        pathway=summarise(row, now.date()),
        step_labels=STEP_LABELS,
        postcode_placed=postcode_placed(row.postcode),
    ), status
