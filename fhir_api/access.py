"""Who calls: the bearer token on each request, its scope, its rate-limit key, and what the
audit trail keeps of each call."""

import time
from functools import wraps

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from audit.record import act_as
from extensions import limiter
from fhir_api import read_audit
from fhir_api.clients import Caller
from fhir_api.outcomes import refuse
from fhir_api.tokens import read_token, token_client_id

REALM = 'Bearer realm="fhir"'
# Per client (per address before it has a token): twenty calls a second, well above a
# practice system's use and low enough that a runaway loop is stopped.
DEFAULT_RATE_LIMIT = "1200 per minute"
TOKEN_RATE_LIMIT = "30 per minute"  # nosec B105: a rate, not a password; per address


def rate_limit() -> str:
    return current_app.config.get("FHIR_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def retry_after_seconds() -> int:
    """Seconds until the limit that refused this call lets the next one through (the
    Retry-After of a 429)."""
    limit = limiter.current_limit
    return max(1, limit.reset_at - int(time.time())) if limit is not None else 1


def bearer_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def rate_key() -> str:
    """What the API's rate limit counts by: the client a valid token names, else the address."""
    token = bearer_token()
    client = token_client_id(token) if token else None
    return f"client:{client}" if client else f"address:{get_remote_address()}"


def caller() -> Caller:
    """The client this request acts for (after token_required let it in)."""
    return g.fhir_caller


def token_required(scope: str = "read"):
    """Let a view through only with a valid bearer token of the scope (book includes read);
    the client then acts, in the audit trail, for the rest of the request."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            token = bearer_token()
            if token is None:
                raise refuse(
                    401,
                    "login",
                    "Send a bearer token from /fhir/token.",
                    **{"WWW-Authenticate": REALM},
                )
            found = read_token(token)
            if found is None:
                raise refuse(
                    401,
                    "expired",
                    "The bearer token is not valid, or has expired: get a new one.",
                    **{"WWW-Authenticate": f'{REALM}, error="invalid_token"'},
                )
            if scope == "book" and not found.can_book:
                raise refuse(
                    403,
                    "forbidden",
                    "This token may only read: booking needs a token of scope book.",
                    **{"WWW-Authenticate": f'{REALM}, error="insufficient_scope", scope="book"'},
                )
            g.fhir_caller = found
            act_as(found.actor)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def forget_caller(_error=None) -> None:
    """End the caller's turn when the request ends (tests reuse one app context)."""
    g.pop("fhir_caller", None)
    g.pop("audit_actor", None)


def note_read(action: str, what: str, rows: int | None = None) -> None:
    """Keep, in the audit trail, that the client read the directory or slots (no patient
    data, so against the client, not a patient record; written in batches: read_audit)."""
    after = {"what": what} | ({"rows": rows} if rows is not None else {})
    read_audit.note(caller().actor, caller().client_id, action, after)
