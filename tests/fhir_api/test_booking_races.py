"""Clients booking the same slots at the same moment (on SQLite and on PostgreSQL): each slot
is booked once, every other client hears 409, and a refused booking leaves no referral."""

from collections import Counter

import sqlalchemy as sa
from flask import current_app

from booking.models import Booking, Referral
from extensions import db
from fhir_api.clients import create_client
from tests.booking.conftest import NEAR_SITE, NOW, nhs_number
from tests.database.races import at_once
from tests.fhir_api.conftest import MONDAY, PRACTICE, booking_body

pytest_plugins = ["tests.database.race_fixtures"]  # race_app, race_desk

CLIENTS = 15  # booking at once
SLOTS = 3  # the slots they aim at, five clients each


def _token(app) -> str:
    made = create_client(PRACTICE, "race")
    response = app.test_client().post(
        "/fhir/token",
        data={
            "grant_type": "client_credentials",
            "client_id": made.client_id,
            "client_secret": made.client_secret,
        },
    )
    return response.json["access_token"]


def _booking(session_id: int, serial: int, token: str):
    def call() -> int:
        body = booking_body(f"{session_id}-{serial % SLOTS}", nhs_number(serial))
        response = current_app.test_client().post(
            "/fhir/Appointment", json=body, headers={"Authorization": f"Bearer {token}"}
        )
        return response.status_code

    return call


def test_clients_racing_for_three_slots_book_each_once(race_app, race_desk, monkeypatch):
    monkeypatch.setattr("fhir_api.views.local_now", lambda: NOW)
    plan = race_desk.plan([(NEAR_SITE, MONDAY, "AM", 0, "orthopaedics")])
    session_id, token = plan.sessions[0].id, _token(race_app)
    outcomes = at_once(race_app, [_booking(session_id, i, token) for i in range(CLIENTS)])
    assert Counter(outcomes) == {("ok", 201): SLOTS, ("ok", 409): CLIENTS - SLOTS}
    held = db.session.scalars(
        sa.select(Booking.slot_number).where(Booking.session_id == session_id)
    )
    assert sorted(held) == list(range(SLOTS))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == SLOTS
