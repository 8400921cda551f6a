"""POST /fhir/token: OAuth 2.0 client credentials (RFC 6749 section 4.4) for a bearer token.

The client authenticates with its id and secret in the form, or as HTTP Basic; the answers,
errors included, are OAuth's JSON, not FHIR's.
"""

from flask import jsonify, request

from audit.record import act_as, record
from extensions import db
from fhir_api.clients import authenticate, caller, live_client
from fhir_api.refusals import note_refusal, note_token_refused
from fhir_api.tokens import TOKEN_SECONDS, ScopeError, granted_scope, issue_token


def _oauth_error(status: int, error: str, description: str, **headers):
    note_refusal(status, error)
    return oauth_answer(status, error, description, **headers)


def oauth_answer(status: int, error: str, description: str, **headers):
    """An OAuth error (RFC 6749 section 5.2): JSON with error and error_description."""
    response = jsonify(error=error, error_description=description)
    response.status_code = status
    response.headers.update(headers)
    response.headers["Cache-Control"] = "no-store"
    return response


def _credentials() -> tuple[str, str]:
    basic = request.authorization
    if basic is not None and basic.type == "basic":
        return basic.username or "", basic.password or ""
    return request.form.get("client_id", ""), request.form.get("client_secret", "")


def token():
    """Exchange a client's id and secret for a bearer token."""
    grant = request.form.get("grant_type", "")
    if not grant:
        return _oauth_error(400, "invalid_request", "Give grant_type=client_credentials.")
    if grant != "client_credentials":
        return _oauth_error(
            400, "unsupported_grant_type", "Only grant_type=client_credentials is offered."
        )
    client_id, secret = _credentials()
    if not client_id or not secret:
        return _oauth_error(400, "invalid_request", "Give client_id and client_secret.")
    client = authenticate(client_id, secret)
    if client is None:
        known = live_client(client_id) is not None
        note_token_refused("bad_secret" if known else "unknown_client", client_id, known)
        return _oauth_error(
            401,
            "invalid_client",
            "The client id and secret do not match a client that may use the API.",
            **{"WWW-Authenticate": 'Basic realm="fhir"'},
        )
    try:
        scope = granted_scope(client, request.form.get("scope"))
    except ScopeError as error:
        return _oauth_error(400, "invalid_scope", str(error))
    act_as(caller(client, scope).actor)
    record("token", "api_client", client.client_id, after={"scope": scope})
    db.session.commit()
    response = jsonify(
        access_token=issue_token(client, scope),
        token_type="bearer",  # nosec B106: the OAuth token type, not a password
        expires_in=TOKEN_SECONDS,
        scope=scope,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def token_throttled(retry_after_s: int):
    """The token endpoint's 429, in OAuth's shape like its other errors: `slow_down`, the
    token endpoint's error for a client asking too often (RFC 8628 section 3.5), with
    Retry-After; the security log keeps it as a throttled sign-in."""
    client_id, _ = _credentials()
    known = bool(client_id) and live_client(client_id) is not None
    note_token_refused("throttled", client_id, known)
    return oauth_answer(
        429,
        "slow_down",
        f"Too many token requests from this address: wait {retry_after_s} seconds.",
        **{"Retry-After": str(retry_after_s)},
    )
