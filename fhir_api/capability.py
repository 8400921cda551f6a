"""What the API offers, stated once: the CapabilityStatement at /fhir/metadata is made from
RESOURCES, and so are the search operations of the OpenAPI document."""

from dataclasses import dataclass

from fhir_api.datatypes import NHS_NUMBER_SYSTEM
from fhir_api.search import MAX_COUNT, MAX_RANGE_DAYS
from fhir_api.tokens import TOKEN_SECONDS

FHIR_VERSION = "4.0.1"  # R4: the shapes of GP Connect and the Booking and Referral Standard
PUBLISHED = "2026-11-29"  # when this statement last changed
SECURITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/restful-security-service"


@dataclass(frozen=True)
class Param:
    """A search parameter: its name, FHIR type and what it does, and the modifier it is
    always given with, if any (patient:identifier)."""

    name: str
    type: str
    documentation: str
    required: bool = False
    modifier: str = ""

    @property
    def query_name(self) -> str:
        """The parameter as a query names it."""
        return f"{self.name}:{self.modifier}" if self.modifier else self.name


@dataclass(frozen=True)
class ResourceSpec:
    """A resource type the API serves, how, and what a search of it takes."""

    type: str
    documentation: str
    interactions: tuple[str, ...] = ("read", "search-type")
    params: tuple[Param, ...] = ()


_ID = Param("_id", "token", "The resource's id (several, comma-separated).")
_NAME = Param("name", "string", "Part of the name, in any case.")
_PAGING = (
    Param("_count", "number", f"Entries per page: 1 to {MAX_COUNT} (100 if not given)."),
    Param("_offset", "number", "Entries to skip: the next link of a page gives it."),
)
_SERVICE = Param("service-type", "token", "The service's code (its HealthcareService id).")
_RANGE = f"A range of at most {MAX_RANGE_DAYS} days, given as two values: ge<date> and le<date>"
_DAYS = "ge<date>, le<date> or both (gt, lt and eq too), dates without a time"

RESOURCES = (
    ResourceSpec(
        "HealthcareService",
        "Each clinic service, with the sites where it has free appointments to come.",
        params=(_ID, _NAME),
    ),
    ResourceSpec("Location", "Each site where the mobile units stand.", params=(_ID, _NAME)),
    ResourceSpec("Practitioner", "Each clinician, by name only.", params=(_ID, _NAME)),
    ResourceSpec(
        "Schedule",
        "Each clinic session of the published plan: one service at one site, one morning or "
        "afternoon, with its clinicians. The session's id is the Schedule's.",
        params=(
            Param("date", "date", f"When the session begins. {_RANGE}.", required=True),
            Param(
                "actor", "reference", "Location/<id>, HealthcareService/<id> or Practitioner/<id>."
            ),
            _SERVICE,
            *_PAGING,
        ),
    ),
    ResourceSpec(
        "Slot",
        "Each appointment time of a session; a search finds free ones. A Slot's id, "
        "<session id>-<appointment number>, stays the same while the plan is published.",
        params=(
            Param("start", "date", f"When the appointment begins. {_RANGE}.", required=True),
            Param("status", "token", "free (the only status searched)."),
            _SERVICE,
            Param("schedule", "reference", "Schedule/<id>: the session's slots."),
            Param("location", "reference", "Location/<id>: slots at one site."),
            Param("schedule.actor", "reference", "As Schedule's actor."),
            Param(
                "appointment-type",
                "token",
                "ROUTINE: slots for new patients (first appointments), the only ones a new "
                "patient can be booked into; FOLLOWUP: slots kept for follow-ups. Without it "
                "both kinds are found, each marked by its appointmentType.",
            ),
            *_PAGING,
        ),
    ),
    ResourceSpec(
        "Appointment",
        "A booking of the client's practice's patient: create to book a free slot, read, "
        "search the practice's own, and cancel by patching its status or updating it with its "
        "status cancelled. A search answers soonest first: by day, mornings before afternoons, "
        "then by appointment time.",
        interactions=("create", "read", "search-type", "patch", "update"),
        params=(
            Param(
                "patient",
                "reference",
                f"The patient, by NHS number: patient:identifier={NHS_NUMBER_SYSTEM}|<number> "
                "(or the number alone).",
                modifier="identifier",
            ),
            Param("slot", "reference", "Slot/<id>: the appointment in that slot."),
            Param(
                "status",
                "token",
                "booked, arrived, fulfilled, noshow or cancelled (a code that is no FHIR "
                "AppointmentStatus is refused with 422).",
            ),
            Param("date", "date", f"When the appointment begins, by whole days. {_DAYS}."),
            Param("start", "date", f"As date (GP Connect's name). {_DAYS}."),
            *_PAGING,
        ),
    ),
)


def capability_statement(base_url: str) -> dict:
    """The CapabilityStatement of this server at base_url (…/fhir)."""
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": PUBLISHED,
        "publisher": "Dacorum Mobile Clinics",
        "kind": "instance",
        "implementation": {
            "description": "Dacorum Mobile Clinics: free slots and appointments",
            "url": base_url,
        },
        "fhirVersion": FHIR_VERSION,
        "format": ["application/fhir+json", "json"],
        "patchFormat": ["application/json-patch+json"],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "service": [{"coding": [{"system": SECURITY_SYSTEM, "code": "OAuth"}]}],
                    "description": (
                        "OAuth 2.0 client credentials: POST grant_type=client_credentials, "
                        f"client_id and client_secret to {base_url}/token for a bearer token "
                        f"good for {TOKEN_SECONDS // 60} minutes, of scope read or book."
                    ),
                },
                "resource": [_resource(spec) for spec in RESOURCES],
            }
        ],
    }


def _resource(spec: ResourceSpec) -> dict:
    found = {
        "type": spec.type,
        "documentation": spec.documentation,
        "interaction": [{"code": code} for code in spec.interactions],
    }
    if spec.params:
        found["searchParam"] = [
            {"name": p.name, "type": p.type, "documentation": p.documentation} for p in spec.params
        ]
    return found
