"""`flask send-reminders` and `flask notify-stand-in`."""

import click
from flask import Flask
from werkzeug.serving import run_simple

from messages.models import CHANNELS, KINDS
from messages.service import send_reminders
from messages.settings import STAND_IN_PORT, settings
from messages.stand_in import create_stand_in
from messages.wording import Template, template


def stand_in_templates() -> dict[str, Template]:
    """The templates by the ids the app is set to send, as the stand-in serves them."""
    ids = settings().template_ids
    return {
        ids[kind, channel]: template(kind, channel)
        for kind in KINDS
        for channel in CHANNELS
        if ids[kind, channel]
    }


def register(app: Flask) -> None:
    """Add the messages' commands to the app's command line."""

    @app.cli.command("send-reminders")
    def send_reminders_command() -> None:
        """Queue the appointment reminders due now (the queue also does it every 15 minutes)."""
        click.echo(f"Queued {send_reminders()} message(s).")

    @app.cli.command("notify-stand-in")
    @click.option("--port", default=STAND_IN_PORT, show_default=True)
    def notify_stand_in(port: int) -> None:
        """Serve the local stand-in for GOV.UK Notify on 127.0.0.1 (development only)."""
        stand_in = create_stand_in(settings().api_key, stand_in_templates())
        click.echo(f"Stand-in for GOV.UK Notify on http://127.0.0.1:{port}")
        run_simple("127.0.0.1", port, stand_in, threaded=True)
