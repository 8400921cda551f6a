"""The settings of messages to patients, read once from the app's configuration.

Without NOTIFY_API_KEY nothing is sent or recorded. NOTIFY_STAND_IN (set by `make run`) points
messages at the local stand-in for Notify, with its own key and template ids, unless those are
set as well.
"""

import uuid
from dataclasses import dataclass

from flask import current_app

from messages.models import CHANNELS, KINDS

STAND_IN_PORT = 5001
# The stand-in's key, in Notify's form: key name, service id, secret. It opens nothing real.
STAND_IN_API_KEY = (
    "make_run-6f1c0c6e-6a57-4c38-9d35-2b0b7f5d2e11-0b8e1f7a-4a5c-4b6e-9a43-8d0c2e7f9b21"
)


def stand_in_template_id(kind: str, channel: str) -> str:
    """The stand-in's id for a template: the same on every machine."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"dacorum-mobile-clinics/{channel}/{kind}"))


@dataclass(frozen=True)
class NotifySettings:
    api_key: str
    base_url: str
    template_ids: dict[tuple[str, str], str]  # (kind, channel) -> Notify's template id
    reminder_days: int
    stand_in: bool

    @property
    def enabled(self) -> bool:
        return bool(self.api_key)


def settings() -> NotifySettings:
    """The current app's settings for messages."""
    config = current_app.config
    stand_in = bool(config.get("NOTIFY_STAND_IN"))
    configured = config.get("NOTIFY_TEMPLATE_IDS") or {}
    ids = {}
    for kind in KINDS:
        for channel in CHANNELS:
            default = stand_in_template_id(kind, channel) if stand_in else ""
            ids[kind, channel] = configured.get(f"{channel}_{kind}") or default
    return NotifySettings(
        api_key=config.get("NOTIFY_API_KEY") or (STAND_IN_API_KEY if stand_in else ""),
        base_url=config.get("NOTIFY_BASE_URL")
        or (f"http://127.0.0.1:{STAND_IN_PORT}" if stand_in else NOTIFY_URL),
        template_ids=ids,
        reminder_days=int(config.get("NOTIFY_REMINDER_DAYS", 2)),
        stand_in=stand_in,
    )


NOTIFY_URL = "https://api.notifications.service.gov.uk"
