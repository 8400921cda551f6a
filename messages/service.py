"""What the app does about messages: after a booking change, on the desk's retry, and on the
reminder run. Messages are recorded first and sent by the queue, so a booking never waits for,
or fails because of, GOV.UK Notify."""

import logging

from booking.events import appointments_changed
from extensions import db
from messages.models import Message
from messages.planning import record_change, requeue
from messages.settings import settings
from messages.tasks import enqueue, remind_and_recover

logger = logging.getLogger(__name__)


def after_change(change: str, booking_ids: list[int]) -> list[int]:
    """Record and queue the messages a committed booking change calls for; return their ids.

    Called after the booking's commit: whatever goes wrong here is logged (ids only) and the
    booking stands.
    """
    notify = settings()
    if not notify.enabled:
        return []
    try:
        ids = record_change(change, booking_ids, notify)
        enqueue(ids)
    except Exception as error:
        db.session.rollback()
        logger.error("Messages after %s %s: %s", change, booking_ids, type(error).__name__)
        return []
    return ids


def _on_change(change: str, booking_ids: list[int]) -> None:
    after_change(change, booking_ids)


def listen() -> None:
    """Send messages after each booking change (connected once, for every app)."""
    appointments_changed.connect(_on_change, weak=False)


def retry(message_id: int) -> Message:
    """Queue a failed message again (the desk's retry button).

    Raises:
        ValueError: the message did not fail.
    """
    message = requeue(message_id)
    enqueue([message.id])
    return message


def send_reminders() -> int:
    """Queue the reminders due now (and anything lost); return how many."""
    return len(remind_and_recover())
