"""Making, revoking and checking API clients: `client_id` and `client_secret` pairs."""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from accounts.passwords import check_nothing, check_password, hash_password
from audit.record import record
from extensions import db
from fhir_api.models import SCOPES, ApiClient
from inputs.models import Practice

CLIENT_ID_BYTES = 12  # 96 bits: an id is not a secret, but should not be guessed either
SECRET_BYTES = 32  # 256 bits, far past guessing, so argon2's default cost is plenty
MAX_NAME = 60


class ClientError(ValueError):
    """A client that cannot be made or changed; the message says why."""


@dataclass(frozen=True)
class Credentials:
    """A new client's id and secret, shown once."""

    client_id: str
    client_secret: str


@dataclass(frozen=True)
class Caller:
    """The API client a request acts for, with the scope of its token."""

    client_id: str
    name: str
    practice_id: str
    scope: str

    @property
    def can_book(self) -> bool:
        return self.scope == "book"

    @property
    def actor(self) -> str:
        """How the audit trail names the client: its name, marked as an API client."""
        return f"api:{self.name}"


def create_client(practice_id: str, name: str, scope: str = "book") -> Credentials:
    """Make and commit a client for a practice; return its id and secret (kept only hashed)."""
    name = name.strip()
    practice_id = practice_id.strip().upper()
    if not name or len(name) > MAX_NAME:
        raise ClientError(f"Give the client a name of 1 to {MAX_NAME} characters.")
    if scope not in SCOPES:
        raise ClientError(f"The scope is one of {', '.join(SCOPES)}, not '{scope}'.")
    if db.session.get(Practice, practice_id) is None:
        raise ClientError(f"'{practice_id}' is not a known practice (its ODS code).")
    if db.session.scalar(sa.select(ApiClient.id).where(ApiClient.name == name)):
        raise ClientError(f"A client is already named '{name}'.")
    credentials = Credentials(
        client_id=f"dmc-{secrets.token_hex(CLIENT_ID_BYTES)}",
        client_secret=secrets.token_urlsafe(SECRET_BYTES),
    )
    client = ApiClient(
        client_id=credentials.client_id,
        secret_hash=hash_password(credentials.client_secret),
        name=name,
        practice_id=practice_id,
        scope=scope,
    )
    db.session.add(client)
    record(
        "create",
        "api_client",
        credentials.client_id,
        after={"name": name, "practice_id": practice_id, "scope": scope},
    )
    db.session.commit()
    return credentials


def revoke_client(client_id: str) -> None:
    """Revoke a client and commit: it gets no more tokens, and those it holds stop working."""
    client = db.session.scalar(sa.select(ApiClient).where(ApiClient.client_id == client_id))
    if client is None:
        raise ClientError(f"No API client has the id '{client_id}'.")
    if client.revoked_at is None:
        client.revoked_at = datetime.now(UTC)
        record("revoke", "api_client", client_id, after={"revoked": True})
        db.session.commit()


def live_client(client_id: str) -> ApiClient | None:
    """The client with this id, unless it is unknown or revoked."""
    return db.session.scalar(
        sa.select(ApiClient).where(ApiClient.client_id == client_id, ApiClient.revoked_at.is_(None))
    )


def authenticate(client_id: str, client_secret: str) -> ApiClient | None:
    """The live client whose id and secret these are, else None; an unknown id costs as long
    as a wrong secret, so timing tells nobody which ids exist."""
    client = live_client(client_id) if client_id else None
    if client is None:
        check_nothing(client_secret)
        return None
    return client if check_password(client.secret_hash, client_secret) else None


def caller(client: ApiClient, scope: str) -> Caller:
    return Caller(client.client_id, client.name, client.practice_id, scope)
