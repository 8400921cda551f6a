"""Send one queued message through GOV.UK Notify's official client, and record the answer.

An attempt first claims the message (a conditional update, so two workers never both send
it), then asks Notify, then records what Notify said. Notify refusing the request (400: a bad
number or template, 403: a bad key) fails the message at once, with Notify's reason; Notify
being busy or unreachable (429, 5xx, no answer) is tried again later, up to MAX_ATTEMPTS.
"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from notifications_python_client import NotificationsAPIClient
from notifications_python_client.errors import APIError

from extensions import db
from messages.models import Message
from messages.planning import why_not
from messages.settings import NotifySettings

# Waits before the 2nd, 3rd and 4th attempts: a short outage, then a longer one.
RETRY_DELAYS_S = (60, 5 * 60, 30 * 60)
MAX_ATTEMPTS = len(RETRY_DELAYS_S) + 1
ATTEMPT_LEASE = timedelta(minutes=5)  # an attempt still unanswered after this was lost
REQUEST_TIMEOUT_S = 20
GONE = "The appointment was cancelled or moved before the message went."


def _now() -> datetime:
    return datetime.now(UTC)


def _claim(message_id: int, now: datetime) -> bool:
    """Take the message for one attempt if it is queued and due."""
    due = sa.or_(Message.next_attempt_at.is_(None), Message.next_attempt_at <= now)
    claimed = db.session.execute(
        sa.update(Message)
        .where(Message.id == message_id, Message.status == "queued", due)
        .values(attempts=Message.attempts + 1, next_attempt_at=now + ATTEMPT_LEASE)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return claimed.rowcount == 1


def _finish(message: Message, status: str, reason: str = "") -> None:
    message.status, message.reason, message.next_attempt_at = status, reason, None
    db.session.commit()


def _post(message: Message, notify: NotifySettings) -> dict:
    client = NotificationsAPIClient(
        notify.api_key, base_url=notify.base_url, timeout=REQUEST_TIMEOUT_S
    )
    # Our id as Notify's reference: a message Notify took before an attempt was lost can be
    # found in Notify's records by it.
    common = {
        "template_id": message.template_id,
        "personalisation": message.personalisation,
        "reference": f"message-{message.id}",
    }
    if message.channel == "sms":
        return client.send_sms_notification(phone_number=message.referral.mobile, **common)
    return client.send_email_notification(email_address=message.referral.email, **common)


def _said(error: APIError) -> str:
    """Notify's reason, from its error body ({"errors": [{"error", "message"}]})."""
    said = error.message
    if isinstance(said, list):
        said = "; ".join(str(item.get("message", item)) for item in said if isinstance(item, dict))
    return f"Notify answered {error.status_code}: {said}"


def send(message_id: int, notify: NotifySettings, now: datetime | None = None) -> float | None:
    """Make one attempt at a queued message; return the seconds to wait before the next
    attempt, or None when there is nothing more to do (sent, failed or not to be sent)."""
    now = now or _now()
    if not notify.enabled or not _claim(message_id, now):
        return None
    message = db.session.get(Message, message_id, populate_existing=True)
    reason = why_not(message.referral, message.channel)  # consent may have been withdrawn
    if reason is None and message.kind != "cancellation" and message.booking.status != "booked":
        reason = GONE
    if reason:
        _finish(message, "not_sent", reason)
        return None
    try:
        answer = _post(message, notify)
    except APIError as error:
        said = _said(error)
        retry = error.status_code == 429 or error.status_code >= 500
        if retry and message.attempts < MAX_ATTEMPTS:
            delay = RETRY_DELAYS_S[message.attempts - 1]
            message.reason = f"Attempt {message.attempts} failed ({said}); trying again."
            message.next_attempt_at = now + timedelta(seconds=delay)
            db.session.commit()
            return delay
        _finish(message, "failed", said)
        return None
    message.notify_id, message.sent_at = answer.get("id"), now
    _finish(message, "sent")
    return None
