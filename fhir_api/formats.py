"""The one format the API answers, FHIR JSON: a client that will take none of its media types
(by `Accept`, or FHIR's `_format` parameter) is told so with 406, rather than sent JSON it
did not ask for.

The refusal itself is an OperationOutcome in JSON, as FHIR servers answer when the format
asked for is not theirs: a client that cannot read it still sees the status.
"""

from flask import request

from fhir_api.outcomes import FHIR_JSON, refuse

JSON_TYPES = (FHIR_JSON, "application/json")
# FHIR's _format values that mean JSON (R4 3.1.0.1.5): the short name and the media types.
JSON_FORMATS = frozenset({"json", *JSON_TYPES, "application/json+fhir"})
# The human page is HTML and the token endpoint OAuth's JSON, whatever the client asks for.
OWN_MEDIA = frozenset({"fhir.index", "fhir.token"})


def refuse_other_formats() -> None:
    """Refuse (406) a request whose `_format` or `Accept` takes no JSON."""
    if request.endpoint in OWN_MEDIA:
        return
    asked = request.args.get("_format")
    # A "+" left unencoded in a query reads as a space: application/fhir json is still JSON.
    if asked is not None and asked.strip().lower().replace(" ", "+") not in JSON_FORMATS:
        raise refuse(
            406,
            "not-supported",
            f"This server answers FHIR JSON only: _format={asked} is not offered; "
            "leave _format out or send _format=json.",
            "_format",
        )
    accept = request.accept_mimetypes
    if request.headers.get("Accept") and not any(accept[media] for media in JSON_TYPES):
        raise refuse(
            406,
            "not-supported",
            f"This server answers {' or '.join(JSON_TYPES)} only: send Accept: {FHIR_JSON}.",
        )
