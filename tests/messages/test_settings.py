"""The settings of messages: off without a key, the stand-in's key, address and template ids
under NOTIFY_STAND_IN unless set, and configured template ids by channel and kind."""

from messages.settings import (
    NOTIFY_URL,
    STAND_IN_API_KEY,
    STAND_IN_PORT,
    settings,
    stand_in_template_id,
)


def test_without_a_key_nothing_is_sent(app):
    notify = settings()
    assert not notify.enabled and notify.base_url == NOTIFY_URL
    assert set(notify.template_ids.values()) == {""} and notify.reminder_days == 2


def test_the_stand_in_fills_what_is_not_set(app):
    app.config |= {
        "NOTIFY_STAND_IN": True,
        "NOTIFY_TEMPLATE_IDS": {"sms_reminder": "configured-id"},
        "NOTIFY_REMINDER_DAYS": "3",
    }
    notify = settings()
    assert notify.enabled and notify.api_key == STAND_IN_API_KEY and notify.stand_in
    assert notify.base_url == f"http://127.0.0.1:{STAND_IN_PORT}"
    assert notify.template_ids["reminder", "sms"] == "configured-id"
    assert notify.template_ids["change", "email"] == stand_in_template_id("change", "email")
    assert stand_in_template_id("change", "email") != stand_in_template_id("change", "sms")
    assert notify.reminder_days == 3
