"""POST /fhir/token: OAuth 2.0 client credentials (RFC 6749 section 4.4) for a bearer token.

The client authenticates with its id and secret in the form, or as HTTP Basic; the answers,
errors included, are OAuth's JSON, not FHIR's.
"""

from flask import jsonify, request

from audit.record import act_as, record
from extensions import db
from fhir_api.clients import authenticate, caller
from fhir_api.tokens import TOKEN_SECONDS, ScopeError, granted_scope, issue_token


def _oauth_error(status: int, error: str, description: str, **headers):
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
