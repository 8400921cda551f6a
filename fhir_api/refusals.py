"""The trail of the API's refusals: every 4xx answer is kept in the audit trail, as a desk
action refused would be, and a failed token request in the security log, as a failed
sign-in is.

What is kept says who (the client, when its token or credentials name one), which route and
method, the status and the OperationOutcome's (or OAuth's) code; never a body, a query
string or a path as typed, which may carry a patient's NHS number. Refusals are written in
the read trail's batches (read_audit): a client probing, or hammering into its rate limit,
costs the database one write a second, and a successful call costs nothing.
"""

from flask import g, request

from accounts.security_log import log_event
from fhir_api import read_audit
from fhir_api.tokens import token_client_id

ANONYMOUS = "api:anonymous"  # a call whose token names no client
MAX_ID = 40  # an id in the URL is kept as a short code is, no longer (audit.privacy)


def _client() -> tuple[str, str]:
    """The actor and client id of the call: the client its token let in, else the client a
    validly signed token names (a call refused before its token was read), else anonymous."""
    found = g.get("fhir_caller")
    if found is not None:
        return found.actor, found.client_id
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    client_id = token_client_id(token.strip()) if scheme.lower() == "bearer" else None
    return (f"api:{client_id}", client_id) if client_id else (ANONYMOUS, "-")


def note_refusal(status: int, code: str) -> None:
    """Keep, in the audit trail, that the API refused this call."""
    actor, client_id = _client()
    rule = request.url_rule.rule if request.url_rule is not None else "(no route)"
    after = {"method": request.method, "route": rule, "status": status, "code": code}
    resource_id = (request.view_args or {}).get("resource_id")
    if isinstance(resource_id, str):
        after["id"] = resource_id[:MAX_ID]
    read_audit.note(actor, client_id, "refused", after)


def note_token_refused(reason: str, client_id: str, known: bool) -> None:
    """Keep a failed token request in the security log, as a failed sign-in: the client id
    when it names a client, else only its pseudonym (a secret typed in the wrong field
    must not reach the log)."""
    who = {"client_id": client_id} if known else {"username": client_id or "-"}
    log_event("api_token_refused", reason=reason, **who)
