"""Who may call: a bearer token on every call but the public ones, its scope, a rate limit per
client, and the client named in the audit trail for the rest of its request only."""

import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import g

from app import create_app
from audit.models import AuditEvent
from audit.record import who
from extensions import db
from fhir_api.access import TOKEN_RATE_LIMIT
from fhir_api.clients import create_client, revoke_client
from tests.conftest import _config

SEARCH = "/fhir/Slot?start=ge2027-01-04&start=le2027-01-10"
TOKEN_TRIES = int(TOKEN_RATE_LIMIT.split()[0])


def test_calls_without_a_token_get_401_with_www_authenticate(api):
    for url in ("/fhir/Slot", "/fhir/Location", "/fhir/Appointment/1", "/fhir/Patient"):
        response = api.get(url)
        assert response.status_code == 401, url
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="fhir"'
        assert response.json["issue"][0]["code"] == "login"


def test_a_bad_or_revoked_token_is_401_invalid_token(api):
    token = api.token("Surgery")
    assert api.get(SEARCH, "forged").status_code == 401
    revoke_client(api.secrets["Surgery"][0])
    response = api.get(SEARCH, token)
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_staff_session_is_no_token(api, login):
    login("booking")
    assert api.get(SEARCH).status_code == 401


def test_public_parts_need_no_token(api):
    for url in ("/fhir/", "/fhir/metadata", "/fhir/openapi.json"):
        assert api.get(url).status_code == 200, url


def test_every_call_is_audited_under_the_client(api):
    token = api.token("Surgery")
    api.get(SEARCH, token)
    api.get("/fhir/Location/chipperfield-sports-club", token)
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action.in_(("search", "view")))
    ).all()
    assert [(e.actor, e.action, e.entity_type, e.after["what"]) for e in events] == [
        ("api:Surgery", "search", "api_client", "Slot"),
        ("api:Surgery", "view", "api_client", "Location/chipperfield-sports-club"),
    ]
    assert events[0].after["rows"] == 38  # the three sessions' free slots that week


def test_the_client_acts_for_its_own_request_only(api):
    api.get(SEARCH, api.token())
    assert "audit_actor" not in g and who() == (None, "system")


@pytest.fixture
def limited(example_small_template, tmp_path):
    """An app with the API's rate limit on: three calls a minute."""
    path = tmp_path / "limited.sqlite3"
    shutil.copy(example_small_template, path)
    limits = {"RATELIMIT_ENABLED": True, "FHIR_RATE_LIMIT": "3 per minute"}
    app = create_app(_config(path) | limits)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _token(client, name: str) -> str:
    made = create_client("E82102", name)
    form = {"grant_type": "client_credentials"}
    form |= {"client_id": made.client_id, "client_secret": made.client_secret}
    return client.post("/fhir/token", data=form).json["access_token"]


def test_each_client_has_its_own_rate_limit(limited):
    client = limited.test_client()
    first, second = _token(client, "First"), _token(client, "Second")
    auth = {"Authorization": f"Bearer {first}"}
    answers = [client.get("/fhir/Location", headers=auth).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get("/fhir/Location", headers=auth)
    assert refused.mimetype == "application/fhir+json"
    assert refused.json["issue"][0]["code"] == "throttled"
    assert 1 <= int(refused.headers["Retry-After"]) <= 61  # the minute, rounded up
    other = client.get("/fhir/Location", headers={"Authorization": f"Bearer {second}"})
    assert other.status_code == 200


def test_the_token_endpoint_has_a_tighter_limit_per_address(limited):
    limited.config["FHIR_RATE_LIMIT"] = "1000 per minute"  # the API's own, out of the way
    client = limited.test_client()
    answers = [client.post("/fhir/token", data={}).status_code for _ in range(TOKEN_TRIES + 1)]
    assert answers == [400] * TOKEN_TRIES + [429]


def test_the_token_endpoints_429_is_an_oauth_error_with_retry_after(limited):
    limited.config["FHIR_RATE_LIMIT"] = "1000 per minute"
    client = limited.test_client()
    for _ in range(TOKEN_TRIES):
        client.post("/fhir/token", data={})
    refused = client.post("/fhir/token", data={"client_id": "someone"})
    assert refused.status_code == 429 and refused.mimetype == "application/json"
    assert refused.json["error"] == "slow_down" and refused.json["error_description"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 61  # the minute, rounded up
    assert refused.headers["Cache-Control"] == "no-store"
    log = Path(limited.config["SECURITY_LOG_PATH"]).read_text().splitlines()
    assert json.loads(log[-1])["event"] == "api_token_refused"
    assert json.loads(log[-1])["reason"] == "throttled"
