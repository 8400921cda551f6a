"""The search parameters a search uses, and what becomes of the others (FHIR's handling).

FHIR servers ignore a search parameter they do not know by default ("lenient"), and say
which they used in the Bundle's self link; a client that would rather be told sends
`Prefer: handling=strict` and gets 400 naming each parameter the server does not know. The
parameters each resource's search knows are those of capability.RESOURCES, as the
CapabilityStatement and the OpenAPI document list them.
"""

from werkzeug.datastructures import MultiDict

from fhir_api.capability import RESOURCES
from fhir_api.outcomes import FhirError, Issue

KNOWN = {spec.type: frozenset(p.query_name for p in spec.params) for spec in RESOURCES}


def strict(prefer: str | None) -> bool:
    """Whether a Prefer header asks for strict handling (handling=strict, among any other
    preferences, separated by commas or semicolons)."""
    for part in (prefer or "").replace(";", ",").split(","):
        name, _, value = part.partition("=")
        if name.strip().lower() == "handling" and value.strip().strip('"').lower() == "strict":
            return True
    return False


def search_args(resource_type: str, args: MultiDict, prefer: str | None) -> MultiDict:
    """The parameters of a search of the resource type that it knows, in the order given:
    those it uses, and so those its Bundle's links repeat.

    Raises:
        FhirError: 400 naming each unknown parameter, when the client prefers strict
            handling.
    """
    known = KNOWN[resource_type]
    unknown = [name for name in dict.fromkeys(args.keys()) if name not in known]
    if unknown and strict(prefer):
        raise FhirError(
            400,
            [
                Issue(
                    "not-supported",
                    f"{resource_type} searches do not know the parameter {name}; "
                    f"they take {', '.join(sorted(known))}.",
                    name,
                )
                for name in unknown
            ],
        )
    return MultiDict([(name, value) for name, value in args.items(multi=True) if name in known])
