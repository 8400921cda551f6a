"""Which messages a booking change calls for, recorded before any is sent.

A message is queued only for a patient who agreed to messages and has an address for the
channel: a UK mobile for a text message, an email address for an email. Otherwise it is kept
as not sent, with the reason, so the desk sees that only the letter went.
"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from booking.contact import is_uk_mobile
from booking.models import Booking, Referral
from booking.openings import session_opening
from extensions import db
from messages.models import CHANNELS, Message
from messages.settings import NotifySettings
from plans.models import ClinicSession

KIND_OF_CHANGE = {"booked": "confirmation", "moved": "change", "cancelled": "cancellation"}
CHANNEL_NAMES = {"sms": "text message", "email": "email"}
NO_CONSENT = "The patient has not agreed to text messages and emails."
LOST_AFTER_MINUTES = 10  # a queued message waits seconds; ten minutes late means it went astray
NO_ADDRESS = {"sms": "No UK mobile number.", "email": "No email address."}


def personalisation(booking: Booking) -> dict[str, str]:
    """The template's fields for a booking: its service, date, time and place."""
    opening = session_opening(booking.session_id)
    start = opening.slot_time(booking.slot_number)
    parts = (opening.address, opening.locality, opening.postcode)
    return {
        "service": opening.service_name,
        "date": f"{start:%A %-d %B %Y}",
        "time": f"{start:%H:%M}",
        "place": opening.site_name,
        "address": ", ".join(dict.fromkeys(part for part in parts if part)),
    }


def why_not(referral: Referral, channel: str) -> str | None:
    """Why a message may not go to the patient on the channel, or None when it may."""
    if not referral.message_consent:
        return NO_CONSENT
    if channel == "sms" and not is_uk_mobile(referral.mobile):
        return NO_ADDRESS["sms"]
    if channel == "email" and not referral.email:
        return NO_ADDRESS["email"]
    return None


def _record(booking: Booking, kind: str, notify: NotifySettings) -> list[Message]:
    """The messages of one kind about a booking, one per channel, unless recorded before."""
    done = set(
        db.session.scalars(
            sa.select(Message.channel).where(Message.booking_id == booking.id, Message.kind == kind)
        )
    )
    fields = personalisation(booking)
    added = []
    for channel in CHANNELS:
        if channel in done:
            continue
        template_id = notify.template_ids[kind, channel]
        reason = why_not(booking.referral, channel)
        if reason is None and not template_id:
            name = f"NOTIFY_TEMPLATE_{channel.upper()}_{kind.upper()}"
            reason = (
                f"No Notify template is set for {CHANNEL_NAMES[channel]}s of this kind ({name})."
            )
        message = Message(
            referral_id=booking.referral_id,
            booking_id=booking.id,
            kind=kind,
            channel=channel,
            template_id=template_id,
            personalisation=fields,
            status="not_sent" if reason else "queued",
            reason=reason or "",
        )
        db.session.add(message)
        added.append(message)
    return added


def _commit(messages: list[Message]) -> list[int]:
    """Commit the messages; return the ids of those queued to send."""
    db.session.commit()
    return [message.id for message in messages if message.status == "queued"]


def record_change(change: str, booking_ids: list[int], notify: NotifySettings) -> list[int]:
    """Record the messages a committed booking change calls for; return those to send."""
    kind = KIND_OF_CHANGE[change]
    messages = []
    for booking_id in booking_ids:
        booking = db.session.get(Booking, booking_id)
        if booking is not None:
            messages += _record(booking, kind, notify)
    return _commit(messages)


def reminders_due(now: datetime, days: int) -> list[Booking]:
    """Booked appointments at most `days` days ahead, not yet reminded, and not booked
    within those days (their confirmation has only just gone)."""
    today = now.date()
    reminded = sa.select(Message.booking_id).where(Message.kind == "reminder")
    bookings = db.session.scalars(
        sa.select(Booking)
        .join(ClinicSession, ClinicSession.id == Booking.session_id)
        .where(
            Booking.status == "booked",
            ClinicSession.date >= today,
            ClinicSession.date <= today + timedelta(days=days),
            Booking.id.not_in(reminded),
        )
        .order_by(Booking.id)
    )
    due = []
    for booking in bookings:
        booked_on = booking.created_at.replace(tzinfo=booking.created_at.tzinfo or UTC).date()
        opening = session_opening(booking.session_id)
        if opening.slot_time(booking.slot_number) > now and (
            booked_on < booking.session.date - timedelta(days=days)
        ):
            due.append(booking)
    return due


def record_reminders(now: datetime, notify: NotifySettings) -> list[int]:
    """Record the reminders due now; return those to send."""
    messages = []
    for booking in reminders_due(now, notify.reminder_days):
        messages += _record(booking, "reminder", notify)
    return _commit(messages)


def requeue(message_id: int) -> Message:
    """Put a failed message back in the queue (the desk's retry), and commit.

    Raises:
        ValueError: the message is not a failed one.
    """
    message = db.session.get(Message, message_id)
    if message is None or message.status != "failed":
        raise ValueError("Only a message that failed can be tried again.")
    message.status, message.reason, message.next_attempt_at = "queued", "", None
    db.session.commit()
    return message


def lost(now: datetime) -> list[int]:
    """Queued messages whose attempt is overdue: the queue lost them, or a worker stopped
    mid-attempt. They are sent again."""
    due = sa.func.coalesce(Message.next_attempt_at, Message.created_at)
    stale = now - timedelta(minutes=LOST_AFTER_MINUTES)
    query = sa.select(Message.id).where(Message.status == "queued", due <= stale)
    return list(db.session.scalars(query.order_by(Message.id)))
