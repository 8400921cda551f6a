"""The queue's periodic run: reminders days before an appointment, once, and none for an
appointment booked inside the window."""

from datetime import datetime

from booking.service import book
from extensions import db
from messages import planning
from messages.tasks import remind_and_recover
from tests.booking.conftest import NOW
from tests.messages.conftest import MOBILE, TEMPLATE_IDS, deliver, stored


def test_reminders_go_once_days_before_and_not_right_after_booking(
    stand_in, app, desk, sessions, monkeypatch
):
    near, far = sessions
    early = desk.referral(mobile=MOBILE, message_consent=True)
    book(early.id, near.id, now=NOW)
    late = desk.referral(mobile=MOBILE, message_consent=True)
    late_booking = book(late.id, far.id, now=NOW)
    # The second was booked within the reminder window: its confirmation is reminder enough.
    late_booking.created_at = datetime(2027, 1, 10, 12, 0)
    db.session.commit()
    deliver()
    assert planning.reminders_due(datetime(2027, 1, 8, 9, 0), 2) == []  # 3 days before
    two_days_before = datetime(2027, 1, 9, 9, 0)
    monkeypatch.setattr("messages.tasks.local_now", lambda: two_days_before)
    monkeypatch.setattr("messages.tasks.enqueue", lambda ids: None)
    remind_and_recover()
    remind_and_recover()  # a second run finds nothing new
    deliver()
    reminders = stored(kind="reminder")
    assert [(m.referral_id, m.channel, m.status) for m in reminders] == [
        (early.id, "sms", "sent"),
        (early.id, "email", "not_sent"),
    ]
    assert stand_in.outbox.received[-1]["template"]["id"] == TEMPLATE_IDS["reminder", "sms"]


def test_the_periodic_run_does_nothing_once_notify_is_switched_off(
    stand_in, app, desk, sessions, monkeypatch
):
    referral = desk.referral(mobile=MOBILE, message_consent=True)
    book(referral.id, sessions[0].id, now=NOW)
    app.config["NOTIFY_API_KEY"] = ""
    monkeypatch.setattr("messages.tasks.local_now", lambda: datetime(2027, 1, 9, 9, 0))
    assert remind_and_recover() == [] and stored(kind="reminder") == []
