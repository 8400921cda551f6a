"""Instants, codings and references."""

from datetime import UTC, datetime

from fhir_api.datatypes import appointment_type, instant, reference, stored_instant


def test_clinic_times_are_london_times():
    assert instant(datetime(2027, 1, 4, 9, 0)) == "2027-01-04T09:00:00+00:00"
    assert instant(datetime(2027, 7, 5, 9, 0)) == "2027-07-05T09:00:00+01:00"


def test_stored_times_are_utc():
    assert stored_instant(datetime(2027, 7, 5, 8, 0)) == "2027-07-05T08:00:00+00:00"
    assert stored_instant(datetime(2027, 7, 5, 8, 0, tzinfo=UTC)) == "2027-07-05T08:00:00+00:00"


def test_codings_and_references():
    assert appointment_type("follow_up")["coding"][0]["code"] == "FOLLOWUP"
    assert reference("Location", "a_b", "A B") == {"reference": "Location/a.ub", "display": "A B"}
    assert reference("Location", "s1") == {"reference": "Location/s1"}
