"""`flask send-reminders` and the templates `flask notify-stand-in` serves."""

from messages.commands import stand_in_templates
from messages.settings import stand_in_template_id
from messages.wording import template
from tests.messages.conftest import TEMPLATE_IDS


def test_send_reminders_says_how_many_were_queued(runner):
    result = runner.invoke(args=["send-reminders"])
    assert result.exit_code == 0
    assert result.output == "Queued 0 message(s).\n"  # Notify is not set up: nothing is due


def test_the_stand_in_serves_each_template_under_the_id_the_app_sends(app):
    with app.app_context():
        app.config["NOTIFY_TEMPLATE_IDS"] = {"sms_reminder": TEMPLATE_IDS["reminder", "sms"]}
        assert stand_in_templates() == {
            TEMPLATE_IDS["reminder", "sms"]: template("reminder", "sms")
        }
        app.config["NOTIFY_STAND_IN"] = "1"
        served = stand_in_templates()
    assert served[stand_in_template_id("change", "email")] == template("change", "email")
    assert len(served) == 8  # four kinds on two channels
