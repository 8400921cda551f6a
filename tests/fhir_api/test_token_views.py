"""POST /fhir/token: OAuth 2.0 client credentials."""

import base64

import sqlalchemy as sa

from audit.models import AuditEvent
from extensions import db
from fhir_api.clients import create_client
from fhir_api.tokens import read_token


def _post(client, **form):
    return client.post("/fhir/token", data=form)


def test_a_client_gets_a_short_lived_bearer_token(client, example_small):
    made = create_client("E82102", "Surgery")
    response = _post(
        client,
        grant_type="client_credentials",
        client_id=made.client_id,
        client_secret=made.client_secret,
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    answer = response.json
    assert (answer["token_type"], answer["expires_in"], answer["scope"]) == ("bearer", 600, "book")
    assert read_token(answer["access_token"]).client_id == made.client_id
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "token"))
    assert (event.actor, event.entity_id, event.after) == (
        "api:Surgery",
        made.client_id,
        {"scope": "book"},
    )


def test_http_basic_authenticates_the_client_too(client, example_small):
    made = create_client("E82102", "Surgery")
    pair = base64.b64encode(f"{made.client_id}:{made.client_secret}".encode()).decode()
    response = client.post(
        "/fhir/token",
        data={"grant_type": "client_credentials", "scope": "read"},
        headers={"Authorization": f"Basic {pair}"},
    )
    assert response.status_code == 200 and response.json["scope"] == "read"


def test_refusals_are_oauth_errors(client, example_small):
    made = create_client("E82102", "Reader", "read")
    good = {"client_id": made.client_id, "client_secret": made.client_secret}
    cases = [
        ({}, 400, "invalid_request"),
        ({"grant_type": "password"} | good, 400, "unsupported_grant_type"),
        ({"grant_type": "client_credentials"}, 400, "invalid_request"),
        (
            {
                "grant_type": "client_credentials",
                "client_id": made.client_id,
                "client_secret": "wrong",
            },
            401,
            "invalid_client",
        ),
        ({"grant_type": "client_credentials", "scope": "book"} | good, 400, "invalid_scope"),
    ]
    for form, status, error in cases:
        response = _post(client, **form)
        assert (response.status_code, response.json["error"]) == (status, error), form
        assert response.json["error_description"]
    assert (
        _post(client, grant_type="client_credentials", client_id="x", client_secret="y")
        .headers["WWW-Authenticate"]
        .startswith("Basic")
    )
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "token")) is None
