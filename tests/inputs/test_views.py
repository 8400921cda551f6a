"""The list, create, edit and delete pages of every table, and who may see them."""

import re
from datetime import date
from html import unescape

import pytest

from extensions import db
from inputs.models import Clinician, Practice, Service, Site, Unit
from tests.inputs.conftest import audit_events, text_of

KINDS = ("sites", "practices", "units", "services", "clinicians")
GOOD_SITE = {
    "id": "S17",
    "name": "Berkhamsted Civic Centre",
    "locality": "Berkhamsted",
    "postcode": "hp4 3hd",
    "lat": "51.7606",
    "lon": "-0.5636",
    "pads": "2",
    "unit_types": ["outpatient", "theatre"],
    "unavailable": "2027-02-15..2027-02-19\n\n2027-04-02\n",
}


def errors(response) -> list[str]:
    """The error messages shown next to fields, as a person reads them."""
    html = text_of(response)
    found = re.findall(r'class="nhsuk-error-message"[^>]*>.*?</span>(.*?)</span>', html, re.S)
    return [unescape(text).strip() for text in found]


def value_of(response, field_id: str) -> str:
    html = text_of(response)
    match = re.search(rf'<input[^>]*id="{re.escape(field_id)}"[^>]*value="([^"]*)"', html)
    return unescape(match.group(1)) if match else None


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_is_for_ops_only(client, login, world, kind):
    pages = [
        f"/ops/data/{kind}/",
        f"/ops/data/{kind}/new",
        f"/ops/data/{kind}/{world_ids()[kind]}/edit",
        f"/ops/data/{kind}/{world_ids()[kind]}/delete",
    ]
    for url in [*pages, "/ops/data/", "/ops/data/demand", "/ops/data/upload"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.location, url
    login("booking")
    for url in [*pages, "/ops/data/", "/ops/data/demand", "/ops/data/upload"]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/ops/data/{kind}/new", data={}).status_code == 403
    assert client.post(pages[3]).status_code == 403


def world_ids() -> dict[str, str]:
    return {
        "sites": "S01",
        "practices": "E82001",
        "units": "op-1",
        "services": "dermatology",
        "clinicians": "c-derm-1",
    }


@pytest.mark.parametrize("role", ["ops", "admin"])
def test_ops_and_admin_see_every_list(client, login, world, role):
    login(role)
    for kind, entity_id in world_ids().items():
        response = client.get(f"/ops/data/{kind}/")
        assert response.status_code == 200
        assert f"/ops/data/{kind}/{entity_id}/edit" in text_of(response)
    overview = text_of(client.get("/ops/data/"))
    assert "/ops/data/demand" in overview and "/ops/data/upload" in overview
    assert "/ops/data/" in text_of(client.get("/ops/"))


def test_list_sorts_and_searches(client, login, world):
    login()
    html = text_of(client.get("/ops/data/sites/?sort=name"))
    assert (
        html.index("Hemel Hempstead Hospital") < html.index("Kings Langley") < html.index("Tring")
    )
    html = text_of(client.get("/ops/data/sites/?sort=pads&order=desc"))
    assert html.index(">S01<") < html.index(">S02<")
    assert 'aria-sort="descending"' in html
    html = text_of(client.get("/ops/data/sites/?q=tring"))
    assert ">S02<" in html and ">S01<" not in html
    assert "1 of 3 sites match" in html
    # An unknown sort column falls back to the id rather than failing.
    assert client.get("/ops/data/sites/?sort=secret").status_code == 200


def test_create_a_site(client, login, world):
    login()
    response = client.post("/ops/data/sites/new", data=GOOD_SITE)
    assert response.status_code == 302 and response.location.endswith("/ops/data/sites/")
    site = db.session.get(Site, "S17")
    assert site.postcode == "HP4 3HD"  # normalised as the import does
    assert site.unit_types == ["outpatient", "theatre"]
    assert [(c.start.isoformat(), c.finish.isoformat()) for c in site.closures] == [
        ("2027-02-15", "2027-02-19"),
        ("2027-04-02", "2027-04-02"),
    ]
    assert site.min_weeks == 0 and site.address == ""
    assert "Site S17 added." in text_of(client.get(response.location))
    (event,) = audit_events("site")
    assert (event.action, event.entity_id, event.actor) == ("create", "S17", "ops")
    assert event.after["unavailable"] == "2027-02-15..2027-02-19;2027-04-02"


def test_create_shows_the_imports_messages_and_keeps_what_was_typed(client, login, world):
    login()
    typed = GOOD_SITE | {"pads": "two", "lat": "95", "postcode": "HP23 5OD", "unit_types": []}
    response = client.post("/ops/data/sites/new", data=typed)
    assert response.status_code == 200
    shown = errors(response)
    assert "Pads: 'two' is not a whole number" in shown
    assert "Latitude: latitude must lie between -90 and 90, not 95" in shown
    assert "Unit types it can host: must list at least one item" in shown
    assert any(message.startswith("Postcode: ") for message in shown)
    html = text_of(response)
    assert "There is a problem" in html and 'href="#pads"' in html and 'href="#unit_types"' in html
    assert value_of(response, "pads") == "two"
    assert value_of(response, "name") == "Berkhamsted Civic Centre"
    assert "2027-02-15..2027-02-19" in html  # the textarea keeps the ranges
    assert db.session.get(Site, "S17") is None
    assert audit_events() == []


def test_an_id_is_never_taken_twice(client, login, world):
    login()
    response = client.post("/ops/data/sites/new", data=GOOD_SITE | {"id": "S01"})
    assert "Site id: 'S01' is the id of another site" in errors(response)
    assert db.session.get(Site, "S01").name == "Hemel Hempstead Hospital"
    response = client.post("/ops/data/sites/new", data=GOOD_SITE | {"id": "S 17"})
    assert errors(response)[0].startswith("Site id: 'S 17' is not a valid id")


def test_edit_keeps_the_id_and_audits_what_changed(client, login, world):
    login()
    page = text_of(client.get("/ops/data/units/op-1/edit"))
    assert 'name="id"' not in page and "cannot be changed" in page
    assert 'value="outpatient" checked' in page
    form = {"name": "Outpatient unit 1", "type": "outpatient", "rooms": "3"}
    response = client.post("/ops/data/units/op-1/edit", data=form | {"id": "op-9"})
    assert response.status_code == 302
    unit = db.session.get(Unit, "op-1")
    assert unit.rooms == 3 and unit.capabilities == [] and unit.setup_days == 0
    assert db.session.get(Unit, "op-9") is None
    (event,) = audit_events("unit")
    assert (event.action, event.before, event.after) == ("update", {"rooms": "2"}, {"rooms": "3"})


def test_edit_shows_errors_with_the_typed_values(client, login, world):
    login()
    form = {"name": "", "type": "", "rooms": "0", "capabilities": "xray;;ultrasound"}
    response = client.post("/ops/data/units/op-1/edit", data=form)
    assert errors(response) == [
        "Name: must not be empty",
        "Type: must not be empty",
        "Rooms: must be at least 1, not 0",
    ]
    assert value_of(response, "rooms") == "0"
    assert value_of(response, "capabilities") == "xray;;ultrasound"
    assert db.session.get(Unit, "op-1").rooms == 2


def test_edit_a_service_with_optional_numbers(client, login, world):
    login()
    form = {
        "name": "Dermatology clinic",
        "unit_type": "outpatient",
        "slots_per_session": "10",
        "staff": "dermatology; dermatology",
        "max_wait_weeks": "",
        "max_travel_km": "12.5",
    }
    assert client.post("/ops/data/services/dermatology/edit", data=form).status_code == 302
    service = db.session.get(Service, "dermatology")
    assert service.staff == ["dermatology", "dermatology"]
    assert (service.max_wait_weeks, service.max_travel_km) == (None, 12.5)
    response = client.post(
        "/ops/data/services/dermatology/edit", data=form | {"max_travel_km": "0"}
    )
    assert "Furthest patients travel, in km: must be more than 0, not 0" in errors(response)


def test_edit_a_services_clinic_template_and_follow_up_ratio(client, login, world):
    login()
    page = text_of(client.get("/ops/data/services/dermatology/edit"))
    assert "Of which for follow-up patients" in page
    assert "Follow-ups per first attendance" in page
    form = {
        "name": "Dermatology clinic",
        "unit_type": "outpatient",
        "slots_per_session": "14",
        "follow_up_slots": "6",
        "staff": "dermatology",
        "max_wait_weeks": "18",
        "follow_up_ratio": "1.33",
        "follow_up_cap": "",
        "follow_up_weeks": "12",
    }
    assert client.post("/ops/data/services/dermatology/edit", data=form).status_code == 302
    service = db.session.get(Service, "dermatology")
    assert (service.slots_per_session, service.follow_up_slots) == (14, 6)
    assert (service.follow_up_ratio, service.follow_up_cap, service.follow_up_weeks) == (
        1.33,
        None,
        12,
    )
    listed = text_of(client.get("/ops/data/services/"))
    assert "Of which for follow-up patients" in listed and "1.33" in listed
    response = client.post(
        "/ops/data/services/dermatology/edit", data=form | {"follow_up_slots": "15"}
    )
    assert errors(response) == [
        "Of which for follow-up patients: "
        "follow_up_slots (15) must be at most slots_per_session (14)"
    ]
    assert value_of(response, "follow_up_slots") == "15"
    assert db.session.get(Service, "dermatology").follow_up_slots == 6


def test_clinician_availability_grid_skills_and_leave(client, login, world):
    login()
    page = text_of(client.get("/ops/data/clinicians/c-derm-1/edit"))
    assert 'value="Mon-PM" checked' in page and 'value="Wed-AM">' in page
    assert 'value="Sat-AM"' in page  # weekends can be ticked too
    assert 'value="radiographer"' in page  # skills come from what services need
    form = {
        "name": "Dr Zeb Trialby",
        "skills": ["dermatology", "radiographer"],
        "availability": ["Tue-PM", "Thu-AM", "Sat-AM"],
        "leave": "2027-03-01..2027-03-05",
        "base_lat": "51.6",
    }
    response = client.post("/ops/data/clinicians/c-derm-1/edit", data=form)
    assert errors(response) == ["Base latitude: give both base_lat and base_lon, or neither"]
    assert 'value="Thu-AM" checked' in text_of(response)
    response = client.post("/ops/data/clinicians/c-derm-1/edit", data=form | {"base_lat": ""})
    assert response.status_code == 302
    clinician = db.session.get(Clinician, "c-derm-1")
    assert clinician.availability == ["Tue-PM", "Thu-AM", "Sat-AM"]
    assert clinician.skills == ["dermatology", "radiographer"]
    assert [(r.start.isoformat(), r.finish.isoformat()) for r in clinician.leave] == [
        ("2027-03-01", "2027-03-05")
    ]


def test_clinician_skills_must_be_needed_by_a_service(client, login, world):
    login()
    form = {"id": "c-x", "name": "Dr X", "skills": ["surgeon"], "availability": ["Mon-AM"]}
    response = client.post("/ops/data/clinicians/new", data=form)
    (message,) = errors(response)
    assert message.startswith("Skills: unknown skill 'surgeon' (no service needs it")
    assert 'value="surgeon" checked' in text_of(response)
    response = client.post(
        "/ops/data/clinicians/new", data=form | {"skills": [], "availability": []}
    )
    assert errors(response) == [
        "Skills: must list at least one item",
        "Sessions in their job plan: must list at least one item",
    ]


def test_create_a_practice(client, login, world):
    login()
    form = {
        "id": "E82031",
        "name": "Parkwood Surgery",
        "locality": "Hemel Hempstead",
        "postcode": "HP1 2AA",
        "lat": "51.75",
        "lon": "-0.49",
        "list_size": "9000",
        "list_size_date": "1 April 2026",
    }
    response = client.post("/ops/data/practices/new", data=form)
    assert errors(response) == [
        "Date of the list size: '1 April 2026' is not a date written YYYY-MM-DD"
    ]
    form["list_size_date"] = "2026-04-01"
    assert client.post("/ops/data/practices/new", data=form).status_code == 302
    practice = db.session.get(Practice, "E82031")
    assert (practice.list_size, practice.list_size_date) == (9000, date(2026, 4, 1))
    assert value_of(client.get("/ops/data/practices/E82031/edit"), "list_size_date") == (
        "2026-04-01"
    )
    listing = text_of(client.get("/ops/data/practices/"))
    assert "Date of the list size" in listing
    assert '<td class="nhsuk-table__cell">2026-04-01</td>' in listing


def test_unknown_entities_and_kinds_are_not_found(client, login, world):
    login()
    assert client.get("/ops/data/sites/S99/edit").status_code == 404
    assert client.get("/ops/data/sites/S99/delete").status_code == 404
    assert client.post("/ops/data/sites/S99/delete").status_code == 404
    assert client.get("/ops/data/users/").status_code == 404
    # The spreadsheet downloads next door still answer.
    assert client.get("/ops/data/sites.csv").status_code == 200


def test_delete_an_unused_site(client, login, world):
    login()
    page = text_of(client.get("/ops/data/sites/S03/delete"))
    assert "Delete site S03?" in page and "Deleting it also changes" not in page
    response = client.post("/ops/data/sites/S03/delete")
    assert response.status_code == 302 and db.session.get(Site, "S03") is None
    assert "Site S03 deleted." in text_of(client.get(response.location))
    (event,) = audit_events("site")
    assert (event.action, event.before["name"]) == ("delete", "Kings Langley Library")
