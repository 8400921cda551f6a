"""Slot and Schedule search parameters read into a window and a filter."""

import pytest
from werkzeug.datastructures import MultiDict

from fhir_api.outcomes import FhirError
from fhir_api.parameters import schedule_search, slot_search

WEEK = [("start", "ge2027-01-04"), ("start", "le2027-01-10")]


def _filter(*pairs):
    return slot_search(MultiDict([*WEEK, *pairs]))[1]


def test_values_of_one_parameter_match_any_and_parameters_all():
    wanted = _filter(("service-type", "orthopaedics,mri"), ("service-type", "cataract"))
    assert wanted.service_ids == {"orthopaedics", "mri", "cataract"}
    both = _filter(("service-type", "mri"), ("schedule.actor", "HealthcareService/cataract"))
    assert both.service_ids == frozenset()


def test_references_may_be_bare_ids():
    assert _filter(("location", "Location/S01"), ("location", "S02")).site_ids == {"S01", "S02"}
    assert _filter(("schedule", "Schedule/7,8")).session_ids == {7, 8}
    assert _filter(("schedule", "x")).session_ids == frozenset()


def test_actors_and_appointment_types():
    wanted = _filter(("schedule.actor", "Practitioner/c.u1"), ("appointment-type", "FOLLOWUP"))
    assert wanted.clinician_ids == {"c_1"} and wanted.slot_kind == "follow_up"
    assert _filter(("schedule.actor", "Patient/1")).session_ids == frozenset()
    assert _filter(("appointment-type", "WALKIN")).session_ids == frozenset()


def test_only_free_slots_are_searched():
    with pytest.raises(FhirError) as caught:
        slot_search(MultiDict([*WEEK, ("status", "busy")]))
    assert caught.value.issues[0].expression == "status"
    with pytest.raises(FhirError) as caught:
        slot_search(MultiDict([*WEEK, ("status", "bogus")]))
    assert (caught.value.status, caught.value.issues[0].code) == (422, "code-invalid")
    assert caught.value.issues[0].expression == "status"
    assert slot_search(MultiDict([*WEEK, ("status", "free")]))[1].service_ids is None


def test_a_schedule_search_takes_a_date_range():
    window, wanted = schedule_search(
        MultiDict([("date", "ge2027-01-04"), ("date", "le2027-01-04"), ("actor", "Location/S1")])
    )
    assert (window.start.day, window.end.day) == (4, 5) and wanted.site_ids == {"S1"}
    with pytest.raises(FhirError):
        schedule_search(MultiDict())
