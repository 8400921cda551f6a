"""The FHIR values the resources share: code systems, codings and instants."""

from datetime import UTC, datetime

from booking.clocks import CLINIC_ZONE
from fhir_api.ids import fhir_id

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"
# The service's own codes: its services by id. A URN, as the service has no web address of
# its own to name a code system under.
SERVICE_SYSTEM = "urn:dacorum-mobile-clinics:service"
# HL7 v2 table 0276: the kind of appointment a slot is for.
APPOINTMENT_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0276"
APPOINTMENT_TYPES = {"new": "ROUTINE", "follow_up": "FOLLOWUP"}  # a session slot's kind


def instant(moment: datetime) -> str:
    """A FHIR instant: a local clock time of the clinics (no zone) or an aware time."""
    aware = moment.replace(tzinfo=CLINIC_ZONE) if moment.tzinfo is None else moment
    return aware.isoformat(timespec="seconds")


def stored_instant(moment: datetime) -> str:
    """A FHIR instant of a time the database kept in UTC (SQLite drops the zone)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat(timespec="seconds")


def service_type(service_id: str, name: str) -> list[dict]:
    """The serviceType of a resource about one of the service's services."""
    return [{"coding": [{"system": SERVICE_SYSTEM, "code": service_id, "display": name}]}]


def appointment_type(slot_kind: str) -> dict:
    return {"coding": [{"system": APPOINTMENT_TYPE_SYSTEM, "code": APPOINTMENT_TYPES[slot_kind]}]}


def reference(resource_type: str, local: str, display: str | None = None) -> dict:
    """A reference to a resource by the app's id of it."""
    found = {"reference": f"{resource_type}/{fhir_id(local)}"}
    return found | ({"display": display} if display else {})
