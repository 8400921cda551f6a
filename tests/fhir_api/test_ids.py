"""Resource ids: the app's ids as FHIR ids and back, and slot ids."""

from hypothesis import given
from hypothesis import strategies as st

from fhir_api.ids import FHIR_ID, fhir_id, local_id, number_id, parse_slot_id, reference_id, slot_id

APP_IDS = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,20}\Z")  # inputs.cells.ID_PATTERN


@given(APP_IDS)
def test_every_app_id_is_a_fhir_id_that_maps_back(local):
    assert FHIR_ID.match(fhir_id(local))
    assert local_id(fhir_id(local)) == local


def test_underscores_and_dots_are_escaped():
    assert fhir_id("daycase_ortho.v2") == "daycase.uortho.dv2"
    assert local_id("chipperfield-sports-club") == "chipperfield-sports-club"
    assert local_id("a.x") is None and local_id("a.") is None and local_id("a_b") is None


def test_slot_ids_name_a_session_and_an_appointment():
    assert slot_id(12, 3) == "12-3"
    assert parse_slot_id("12-3") == (12, 3)
    for text in ("12", "0-1", "12-03", "-1-2", "12-3-4", "x-1", "1-1000000"):
        assert parse_slot_id(text) is None, text


def test_numbers_and_references():
    assert number_id("42") == 42 and number_id("042") is None and number_id("4e2") is None
    assert reference_id("Slot/1-2", "Slot") == "1-2"
    assert reference_id("http://host/fhir/Slot/1-2", "Slot") == "1-2"
    assert reference_id("Schedule/1", "Slot") is None
    assert reference_id("Slot/", "Slot") is None and reference_id(None, "Slot") is None
    assert reference_id("XSlot/1", "Slot") is None
