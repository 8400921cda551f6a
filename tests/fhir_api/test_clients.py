"""API clients: made for a known practice with a secret kept only hashed, and revoked."""

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from extensions import db
from fhir_api.clients import ClientError, authenticate, create_client, revoke_client
from fhir_api.models import ApiClient


def test_a_client_keeps_only_a_hash_of_its_secret(app, example_small):
    made = create_client("e82102", "Surgery EMIS", "read")
    client = db.session.scalar(sa.select(ApiClient))
    assert (client.client_id, client.practice_id, client.scope) == (
        made.client_id,
        "E82102",
        "read",
    )
    assert made.client_secret not in client.secret_hash and client.secret_hash.startswith("$argon2")
    assert authenticate(made.client_id, made.client_secret).id == client.id
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.entity_type == "api_client"))
    assert event.after == {"name": "Surgery EMIS", "practice_id": "E82102", "scope": "read"}


def test_wrong_secrets_unknown_ids_and_revoked_clients_are_refused(app, example_small):
    made = create_client("E82102", "Surgery")
    assert authenticate(made.client_id, "guess") is None
    assert authenticate("dmc-unknown", made.client_secret) is None
    revoke_client(made.client_id)
    assert authenticate(made.client_id, made.client_secret) is None


@pytest.mark.parametrize(
    ("practice", "name", "scope", "says"),
    [
        ("X99999", "Surgery", "book", "not a known practice"),
        ("E82102", "", "book", "name"),
        ("E82102", "Surgery", "admin", "scope"),
    ],
)
def test_a_client_needs_a_known_practice_a_name_and_a_scope(
    app, example_small, practice, name, scope, says
):
    with pytest.raises(ClientError, match=says):
        create_client(practice, name, scope)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiClient)) == 0


def test_names_are_unique(app, example_small):
    create_client("E82102", "Surgery")
    with pytest.raises(ClientError, match="already named"):
        create_client("E82100", "Surgery")


def test_revoking_an_unknown_client_says_so(app, example_small):
    with pytest.raises(ClientError, match="No API client"):
        revoke_client("dmc-nobody")
