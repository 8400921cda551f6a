"""The queue's work for messages: each send attempt, and every 15 minutes the reminders due
and any queued message that went astray."""

from datetime import UTC, datetime

from huey import crontab

from booking.clocks import local_now
from jobs.queue import bound_app, huey
from messages.planning import lost, record_reminders
from messages.sending import send
from messages.settings import settings


@huey.task()
def send_task(message_id: int) -> None:
    """Make one attempt at a message; put the next one in the queue if it should be tried
    again."""
    with bound_app().app_context():
        delay = send(message_id, settings())
    if delay is not None:
        send_task.schedule((message_id,), delay=delay)


def enqueue(message_ids: list[int]) -> None:
    """Queue a send attempt for each message."""
    for message_id in message_ids:
        send_task(message_id)


def remind_and_recover() -> list[int]:
    """Record the reminders due now and find the queued messages that went astray; queue an
    attempt at each. Return their ids."""
    notify = settings()
    if not notify.enabled:
        return []
    ids = record_reminders(local_now(), notify) + lost(datetime.now(UTC))
    enqueue(ids)
    return ids


@huey.periodic_task(crontab(minute="*/15"))
def reminders_task() -> None:
    """Send the reminders due, and whatever the queue lost."""
    with bound_app().app_context():
        remind_and_recover()
