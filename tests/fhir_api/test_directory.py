"""The directory: services, sites and clinicians, searched and read."""

from booking.service import book
from extensions import db
from inputs.models import Service
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW
from tests.fhir_api.conftest import sessions


def _search(api, url: str) -> list[dict]:
    response = api.get(url, api.token())
    assert response.status_code == 200
    return [entry["resource"] for entry in response.json.get("entry", [])]


def test_services_list_the_sites_with_free_appointments(api, plan):
    found = {s["id"]: s for s in _search(api, "/fhir/HealthcareService")}
    assert len(found) == len(db.session.scalars(db.select(Service)).all())
    orthopaedics = found["orthopaedics"]
    assert [loc["reference"] for loc in orthopaedics["location"]] == [
        f"Location/{NEAR_SITE}",
        f"Location/{FAR_SITE}",
    ]
    assert "Seen within 18 weeks" in orthopaedics["comment"]
    assert "location" not in found["mri"]  # no session planned


def test_a_full_session_drops_its_site_from_the_service(api, plan):
    tuesday = sessions(plan)["orthopaedics 2027-01-05"]
    for _ in range(12):
        book(api.desk.referral().id, tuesday, now=NOW)
    service = api.get("/fhir/HealthcareService/orthopaedics", api.token()).json
    assert [loc["reference"] for loc in service["location"]] == [f"Location/{NEAR_SITE}"]


def test_searching_by_id_and_name(api, plan):
    assert [s["id"] for s in _search(api, "/fhir/HealthcareService?_id=mri,cataract")] == [
        "cataract",
        "mri",
    ]
    names = [loc["name"] for loc in _search(api, "/fhir/Location?name=CHIPPERFIELD")]
    assert names and all("Chipperfield" in name for name in names)
    assert _search(api, "/fhir/Practitioner?name=no such person") == []


def test_a_location_has_its_address_and_position(api, plan):
    site = api.get(f"/fhir/Location/{NEAR_SITE}", api.token()).json
    assert site["name"] == "Chipperfield Sports Club"
    assert site["address"]["country"] == "GB" and site["address"]["district"]
    assert set(site["position"]) == {"latitude", "longitude"}


def test_a_practitioner_is_a_name_only(api, plan):
    person = api.get("/fhir/Practitioner/c-orthopaedic-surgery-1", api.token()).json
    assert set(person) == {"resourceType", "id", "active", "name"}
    assert list(person["name"][0]) == ["text"]


def test_ids_with_underscores_are_escaped(api, plan):
    service = Service(
        id="x_ray",
        name="X-ray",
        unit_type="radiology",
        slots_per_session=20,
        staff=[],
        max_wait_weeks=6,
        max_travel_km=None,
    )
    db.session.add(service)
    db.session.commit()
    token = api.token()
    assert api.get("/fhir/HealthcareService/x.uray", token).json["name"] == "X-ray"
    assert api.get("/fhir/HealthcareService/x_ray", token).status_code == 404
