"""A booking as an Appointment: statuses in FHIR's words, the slot, the referral and the
patient's NHS number only."""

import pytest

from booking.openings import session_opening
from booking.service import book, cancel
from fhir_api.appointments import appointment
from tests.booking.conftest import NOW
from tests.fhir_api.conftest import assert_valid, sessions


@pytest.fixture
def booking(desk, plan):
    referral = desk.referral(nhs_number="9434765919", name="Ada Lovelace")
    return book(referral.id, sessions(plan)["orthopaedics 2027-01-05"], now=NOW)


def test_an_appointment_says_when_where_and_for_whom(booking):
    resource = appointment(booking, session_opening(booking.session_id))
    assert_valid(resource)
    assert resource["status"] == "booked"
    assert resource["start"] == "2027-01-05T13:30:00+00:00"
    assert resource["slot"] == [{"reference": f"Slot/{booking.session_id}-0"}]
    assert resource["basedOn"] == [{"reference": f"ServiceRequest/{booking.referral_id}"}]
    actors = [p["actor"] for p in resource["participant"]]
    assert actors[0] == {
        "identifier": {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765919"}
    }
    assert [a.get("reference") for a in actors[1:]] == [
        "HealthcareService/orthopaedics",
        "Location/redbourn-civic-centre",
    ]
    assert "Lovelace" not in str(resource)


@pytest.mark.parametrize(
    ("status", "said"),
    [("arrived", "arrived"), ("attended", "fulfilled"), ("did_not_attend", "noshow")],
)
def test_statuses_are_fhirs(booking, status, said):
    booking.status = status
    assert appointment(booking, session_opening(booking.session_id))["status"] == said


def test_a_cancelled_appointment_says_who_cancelled(booking):
    cancelled = cancel(booking.id, "service", now=NOW)
    resource = appointment(cancelled, session_opening(cancelled.session_id))
    assert_valid(resource)
    assert resource["status"] == "cancelled"
    assert resource["cancelationReason"] == {"text": "Cancelled by the service"}
    assert resource["meta"]["versionId"] == "2"
