"""An API world: the booking desk's example-small plan published, two practices' clients,
the API's clock stopped before the plan starts, and every answer checked against the R4B
models of fhir.resources."""

from datetime import date

import pytest
from fhir.resources.R4B import get_fhir_model_class

from extensions import db
from fhir_api.clients import create_client
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW, Desk

PRACTICE = "E82102"  # the desk's referrals' practice
OTHER_PRACTICE = "E82100"
MONDAY = date(2027, 1, 4)  # the plan's first day
NHS_NUMBER = "9434765919"


def assert_valid(resource: dict) -> None:
    """The resource (a Bundle's entries too) validates against its fhir.resources model."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    for entry in resource.get("entry", []):
        assert_valid(entry["resource"])


class Api:
    """A test client of the API: tokens for clients of each practice, and calls that check
    every FHIR answer."""

    def __init__(self, client, desk: Desk):
        self.client, self.desk = client, desk
        self.secrets: dict[str, tuple[str, str]] = {}

    def credentials(self, name: str, practice: str = PRACTICE, scope: str = "book"):
        if name not in self.secrets:
            made = create_client(practice, name, scope)
            self.secrets[name] = (made.client_id, made.client_secret)
        return self.secrets[name]

    def token(self, name: str = "surgery", practice: str = PRACTICE, scope: str = "book") -> str:
        client_id, secret = self.credentials(name, practice, scope)
        response = self.client.post(
            "/fhir/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
            },
        )
        assert response.status_code == 200, response.json
        return response.json["access_token"]

    def call(self, method: str, url: str, token: str | None = None, **kwargs):
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        response = self.client.open(url, method=method, headers=headers, **kwargs)
        if response.mimetype == "application/fhir+json":
            assert_valid(response.json)
        return response

    def get(self, url: str, token: str | None = None, **kwargs):
        return self.call("GET", url, token, **kwargs)

    def post(self, url: str, body, token: str | None = None, **kwargs):
        kwargs.setdefault("content_type", "application/fhir+json")
        return self.call("POST", url, token, json=body, **kwargs)


@pytest.fixture
def desk(app, example_small) -> Desk:
    return Desk()


@pytest.fixture
def plan(desk):
    """Orthopaedics near practice E82102 on Monday morning and far from it on Tuesday
    afternoon, and ophthalmology near it on Wednesday: each session's 12 or 14 slots free."""
    return desk.plan(
        [
            (NEAR_SITE, MONDAY, "AM", 0, "orthopaedics"),
            (FAR_SITE, date(2027, 1, 5), "PM", 0, "orthopaedics", "op-1"),
            (NEAR_SITE, date(2027, 1, 6), "AM", 1, "ophthalmology"),
        ]
    )


@pytest.fixture
def api(app, client, desk, plan, monkeypatch) -> Api:
    monkeypatch.setattr("fhir_api.views.local_now", lambda: NOW)
    app.config["FHIR_AUDIT_BATCH_SECONDS"] = 0  # every read in the trail at once
    return Api(client, desk)


def sessions(plan) -> dict[str, int]:
    """The plan's session ids by service and day: {"orthopaedics 2027-01-04": id, ...}."""
    db.session.refresh(plan)
    return {f"{s.service_id} {s.date.isoformat()}": s.id for s in plan.sessions}


def booking_body(slot: str, nhs_number: str = NHS_NUMBER, **extra) -> dict:
    """An Appointment that books the slot for a new patient of the client's practice."""
    return {
        "resourceType": "Appointment",
        "status": "booked",
        "slot": [{"reference": f"Slot/{slot}"}],
        "contained": [
            {
                "resourceType": "Patient",
                "id": "patient",
                "name": [{"given": ["Ada"], "family": "Lovelace"}],
                "birthDate": "1960-05-17",
                "address": [{"postalCode": "WD4 3AA"}],
            }
        ],
        "participant": [
            {
                "actor": {
                    "reference": "#patient",
                    "identifier": {
                        "system": "https://fhir.nhs.uk/Id/nhs-number",
                        "value": nhs_number,
                    },
                },
                "status": "accepted",
            }
        ],
    } | extra
