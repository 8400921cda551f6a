"""Bearer tokens: signed, short-lived, of a scope the client holds, dead once it is revoked."""

import time

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner

from extensions import db
from fhir_api.clients import create_client, revoke_client
from fhir_api.models import ApiClient
from fhir_api.tokens import (
    TOKEN_SECONDS,
    ScopeError,
    granted_scope,
    issue_token,
    read_token,
    token_client_id,
)


@pytest.fixture
def client_row(app, example_small):
    made = create_client("E82102", "Surgery", "book")
    return db.session.scalar(sa.select(ApiClient).where(ApiClient.client_id == made.client_id))


def test_a_token_names_its_client_practice_and_scope(client_row):
    caller = read_token(issue_token(client_row, "read"))
    assert (caller.client_id, caller.practice_id, caller.scope) == (
        client_row.client_id,
        "E82102",
        "read",
    )
    assert not caller.can_book and caller.actor == "api:Surgery"


def test_an_altered_or_foreign_token_is_refused(client_row, app):
    token = issue_token(client_row, "book")
    assert read_token(token[:-2] + ("AA" if token[-2:] != "AA" else "BB")) is None
    assert read_token("not-a-token") is None
    app.config["SECRET_KEY"] = "another-server"
    assert read_token(token) is None


def test_a_token_expires(client_row, monkeypatch):
    token = issue_token(client_row, "book")
    later = int(time.time()) + TOKEN_SECONDS + 1
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    assert read_token(token) is None and token_client_id(token) is None


def test_revoking_the_client_ends_its_tokens(client_row):
    token = issue_token(client_row, "book")
    revoke_client(client_row.client_id)
    assert read_token(token) is None


def test_a_token_never_grants_more_than_the_client_holds(client_row):
    assert granted_scope(client_row, None) == "book"
    assert granted_scope(client_row, "read") == "read"
    assert granted_scope(client_row, "read book") == "book"
    with pytest.raises(ScopeError, match="Unknown scope"):
        granted_scope(client_row, "admin")
    client_row.scope = "read"
    with pytest.raises(ScopeError, match="only read"):
        granted_scope(client_row, "book")
    token = issue_token(client_row, "book")  # a token from before the client was narrowed
    assert read_token(token).scope == "read"
