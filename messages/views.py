"""Messages on the booking desk: each referral's messages with a retry for failed ones, the
public pages' wording, and in development what the stand-in for Notify received."""

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from notifications_python_client import NotificationsAPIClient
from notifications_python_client.errors import APIError

from audit.record import record_access
from booking.forms import ActionForm
from extensions import db
from messages.models import KINDS, Message
from messages.planning import CHANNEL_NAMES
from messages.service import retry
from messages.settings import settings
from messages.wording import example
from security.access import role_required

bp = Blueprint("messages", __name__, url_prefix="/booking/messages")
STATUS_LABELS = {
    "queued": ("Sending", "blue"),
    "sent": ("Sent", "green"),
    "failed": ("Failed", "red"),
    "not_sent": ("Not sent", "grey"),
}


@bp.app_template_global()
def referral_messages(referral_id: int) -> list[Message]:
    """The messages about a referral's appointments, newest first (for its page)."""
    query = sa.select(Message).where(Message.referral_id == referral_id)
    return list(db.session.scalars(query.order_by(Message.id.desc())))


@bp.app_template_global()
def patient_messages() -> dict:
    """What the public pages say about messages: the reminder's timing and each message's
    words, from the same templates that are sent."""
    return {
        "reminder_days": settings().reminder_days,
        "examples": {kind: example(kind) for kind in KINDS},
    }


@bp.app_context_processor
def message_labels() -> dict:
    return {"message_status_labels": STATUS_LABELS, "message_channel_names": CHANNEL_NAMES}


@bp.post("/<int:message_id>/retry")
@role_required("booking")
def retry_message(message_id: int):
    message = db.get_or_404(Message, message_id)
    if ActionForm().validate_on_submit():
        try:
            retry(message_id)
        except ValueError as error:
            flash(str(error), "error")
        else:
            flash(f"The {CHANNEL_NAMES[message.channel]} will be tried again.", "success")
    return redirect(url_for("booking.referral", referral_id=message.referral_id) + "#messages")


@bp.get("/stand-in")
@role_required("booking")
def stand_in():
    """What the local stand-in for Notify received (development only: `make run`)."""
    notify = settings()
    if not notify.stand_in:
        abort(404)
    record_access("view", "referral", "messages-stand-in")
    client = NotificationsAPIClient(notify.api_key, base_url=notify.base_url, timeout=5)
    try:
        received, problem = client.get_all_notifications()["notifications"], None
    except APIError as error:
        received, problem = [], f"The stand-in did not answer ({error.status_code})."
    return render_template("messages/stand_in.html", received=received, problem=problem)
