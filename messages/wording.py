"""What each message says: the text of the GOV.UK Notify templates, kept here so the public
pages can show it word for word.

Notify keeps its own copy of each template (its ids are settings). Paste these into the
service's templates in Notify; the local stand-in renders the same text. ((name)) marks a
field the message fills in, as in Notify.
"""

import re
from dataclasses import dataclass

SIGNATURE = "Dacorum Mobile Clinics"
_FIELD = re.compile(r"\(\(([a-z_]+)\)\)")
_APPOINTMENT = "((service)) appointment on ((date)) at ((time)) at ((place)), ((address))"
_ARRIVE = "Please arrive 10 minutes early and bring your appointment letter or this message."
_CHANGE_IT = "To change or cancel it, contact the booking team using the details in your letter."
_BODIES = {
    "confirmation": f"Your {_APPOINTMENT} is booked. {_ARRIVE} {_CHANGE_IT}",
    "change": (
        f"Your appointment has changed. It is now your {_APPOINTMENT}. {_ARRIVE} {_CHANGE_IT}"
    ),
    "cancellation": (
        "Your ((service)) appointment on ((date)) at ((time)) at ((place)) is cancelled. "
        "You stay on the waiting list, and the booking team will offer you another date."
    ),
    "reminder": (
        f"Reminder: your {_APPOINTMENT}. {_ARRIVE} "
        "If you cannot come, tell the booking team so that someone else can have the time."
    ),
}
_SUBJECTS = {
    "confirmation": "Your ((service)) appointment is booked",
    "change": "Your ((service)) appointment has changed",
    "cancellation": "Your ((service)) appointment is cancelled",
    "reminder": "Reminder: your ((service)) appointment on ((date))",
}
# A made-up appointment, for showing patients what the messages look like.
EXAMPLE = {
    "service": "Orthopaedics",
    "date": "Monday 11 January 2027",
    "time": "09:20",
    "place": "Chipperfield Sports Club",
    "address": "Chipperfield, Kings Langley",
}


@dataclass(frozen=True)
class Template:
    """A Notify template: a text message (no subject) or an email."""

    kind: str
    channel: str
    body: str
    subject: str | None = None

    @property
    def fields(self) -> set[str]:
        return set(_FIELD.findall(self.body + (self.subject or "")))

    def render(self, personalisation: dict) -> tuple[str | None, str]:
        """The subject and body with the fields filled in, as Notify sends them."""

        def fill(text: str) -> str:
            return _FIELD.sub(lambda match: str(personalisation[match.group(1)]), text)

        return (fill(self.subject) if self.subject else None), fill(self.body)


def template(kind: str, channel: str) -> Template:
    """The wording of a kind of message on a channel."""
    body = f"{SIGNATURE}: {_BODIES[kind]}"
    if channel == "sms":
        return Template(kind, channel, body)
    return Template(kind, channel, f"{_BODIES[kind]}\n\n{SIGNATURE}", _SUBJECTS[kind])


def example(kind: str, channel: str = "sms") -> str:
    """The message of a kind as a patient would receive it, for a made-up appointment."""
    return template(kind, channel).render(EXAMPLE)[1]
