"""Short-lived bearer tokens: signed with the app's secret key, so none is stored.

A token names its client and scope and is good for TOKEN_SECONDS; each request reads the
client afresh, so revoking a client ends its tokens at once.
"""

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from fhir_api.clients import Caller, caller, live_client
from fhir_api.models import SCOPES, ApiClient

TOKEN_SECONDS = 600  # ten minutes: long enough for a booking conversation, short if stolen
_SALT = "fhir-access-token"  # keeps these signatures apart from the app's other signed data


class ScopeError(ValueError):
    """A scope asked for that the client does not hold, or that does not exist."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def granted_scope(client: ApiClient, asked: str | None) -> str:
    """The scope a token gets: what the client asked for (space-separated, as OAuth has it),
    or by default all it holds; "book" includes reading.

    Raises:
        ScopeError: a scope unknown, or more than the client holds.
    """
    words = set((asked or "").split()) or {client.scope}
    if unknown := words - set(SCOPES):
        raise ScopeError(f"Unknown scope: {' '.join(sorted(unknown))}; use read or book.")
    scope = "book" if "book" in words else "read"
    if scope == "book" and client.scope != "book":
        raise ScopeError("This client may only read.")
    return scope


def issue_token(client: ApiClient, scope: str) -> str:
    """A bearer token for the client with this scope."""
    return _serializer().dumps({"client": client.client_id, "scope": scope})


def token_client_id(token: str) -> str | None:
    """The client a token was issued to if its signature holds and it is not expired (no
    database read: what the rate limiter counts by)."""
    payload = _payload(token)
    return payload["client"] if payload else None


def _payload(token: str) -> dict | None:
    try:
        payload = _serializer().loads(token, max_age=TOKEN_SECONDS)
    except BadSignature:  # forged, altered or expired (SignatureExpired is a BadSignature)
        return None
    if not isinstance(payload, dict) or payload.get("scope") not in SCOPES:
        return None
    return payload if isinstance(payload.get("client"), str) else None


def read_token(token: str) -> Caller | None:
    """The caller a token acts for, or None for a bad or expired token or a revoked client."""
    payload = _payload(token)
    if payload is None:
        return None
    client = live_client(payload["client"])
    if client is None:
        return None
    scope = payload["scope"] if client.scope == "book" else "read"
    return caller(client, scope)
