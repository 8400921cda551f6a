"""The stand-in for GOV.UK Notify on a thread, an app set to send messages to it, and two
sessions a referral can be booked on."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from extensions import db
from messages.models import CHANNELS, KINDS, Message
from messages.sending import send
from messages.settings import settings
from messages.stand_in import RunningStandIn, create_stand_in
from messages.wording import template
from tests.booking.conftest import (
    FAR_SITE,
    NEAR_SITE,
    desk,  # noqa: F401  (the booking desk's fixture)
)

API_KEY = f"test_key-{uuid.uuid4()}-{uuid.uuid4()}"  # Notify's form: name, service id, secret
MON, TUE = date(2027, 1, 11), date(2027, 1, 12)
MOBILE = "+447700900123"
TEMPLATE_IDS = {(kind, channel): str(uuid.uuid4()) for kind in KINDS for channel in CHANNELS}


@pytest.fixture
def stand_in(app):
    """The stand-in serving this key and these templates; the app sends to it."""
    templates = {TEMPLATE_IDS[key]: template(*key) for key in TEMPLATE_IDS}
    running = RunningStandIn(create_stand_in(API_KEY, templates))
    app.config |= {
        "NOTIFY_API_KEY": API_KEY,
        "NOTIFY_BASE_URL": running.url,
        "NOTIFY_TEMPLATE_IDS": {f"{c}_{k}": TEMPLATE_IDS[k, c] for k, c in TEMPLATE_IDS},
    }
    yield running
    running.stop()


def deliver(now: datetime | None = None) -> list[float | None]:
    """Make an attempt at every queued message, as the queue's worker would."""
    ids = db.session.scalars(sa.select(Message.id).where(Message.status == "queued")).all()
    answers = [send(message_id, settings(), now=now) for message_id in ids]
    db.session.expire_all()
    return answers


def later(minutes: float) -> datetime:
    return datetime.now(UTC) + timedelta(minutes=minutes)


@pytest.fixture
def sessions(desk):  # noqa: F811  (the booking desk's fixture)
    """An orthopaedics session near on Monday morning and one far on Tuesday afternoon."""
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (FAR_SITE, TUE, "PM", 0, "orthopaedics")]
    )
    return plan.sessions


def stored(**where) -> list[Message]:
    """The messages recorded, oldest first, filtered by column values."""
    query = sa.select(Message).filter_by(**where).order_by(Message.id)
    return list(db.session.scalars(query))
