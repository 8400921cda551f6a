"""The search parameters of Slot and Schedule, read into a window of time and a SlotFilter.

Several values of one parameter (repeated, or comma-separated) match any of them; different
parameters must all match. Parameters the API does not know are left out before these
read them (fhir_api.handling: ignored, or refused when the client prefers strict handling);
the CapabilityStatement and the OpenAPI document list those it knows.
"""

from dataclasses import replace

from fhir_api.datatypes import APPOINTMENT_TYPE_SYSTEM, APPOINTMENT_TYPES, SERVICE_SYSTEM
from fhir_api.ids import local_id, number_id, reference_id
from fhir_api.outcomes import refuse
from fhir_api.schedules import SlotFilter, actor_filter
from fhir_api.search import Window, date_window, token_code

KINDS = {code: kind for kind, code in APPOINTMENT_TYPES.items()}
SLOT_STATUSES = frozenset(
    {"free", "busy", "busy-unavailable", "busy-tentative", "entered-in-error"}
)


def _values(args, name: str) -> list[str] | None:
    """Every value given for the parameter, commas split; None when it is not given."""
    given = args.getlist(name)
    if not given:
        return None
    return [value.strip() for text in given for value in text.split(",")]


def _narrow(wanted: SlotFilter, field: str, ids) -> SlotFilter:
    """Narrow one field of the filter to ids (and what it held already)."""
    ids = frozenset(ids)
    held = getattr(wanted, field)
    return replace(wanted, **{field: ids if held is None else held & ids})


def _common(args, actor_name: str) -> SlotFilter:
    wanted = SlotFilter()
    if (codes := _values(args, "service-type")) is not None:
        wanted = _narrow(
            wanted, "service_ids", (local_id(token_code(c, SERVICE_SYSTEM)) or "" for c in codes)
        )
    if (actors := _values(args, actor_name)) is not None:
        for field, ids in actor_filter(actors).items():
            wanted = _narrow(wanted, field, ids)
    return wanted


def slot_search(args) -> tuple[Window, SlotFilter]:
    """The window and filter of a Slot search.

    Raises:
        FhirError: 422 naming `start` (a range missing, unreadable or over two weeks) or
            `status` (an unknown code, or a known one other than free).
    """
    statuses = set(_values(args, "status") or ["free"])
    if unknown := statuses - SLOT_STATUSES:
        raise refuse(
            422,
            "code-invalid",
            f"status {', '.join(sorted(unknown))} is no Slot status: search status=free.",
            "status",
        )
    if statuses != {"free"}:
        raise refuse(422, "not-supported", "Only free slots are searched: status=free.", "status")
    window = date_window(args.getlist("start"), "start")
    wanted = _common(args, "schedule.actor")
    if (schedules := _values(args, "schedule")) is not None:
        ids = (number_id(reference_id(s, "Schedule") or s) for s in schedules)
        wanted = _narrow(wanted, "session_ids", (i for i in ids if i is not None))
    if (places := _values(args, "location")) is not None:
        ids = (local_id(reference_id(p, "Location") or p) for p in places)
        wanted = _narrow(wanted, "site_ids", (i for i in ids if i is not None))
    if (types := _values(args, "appointment-type")) is not None:
        kinds = {KINDS.get(token_code(t, APPOINTMENT_TYPE_SYSTEM)) for t in types} - {None}
        if len(kinds) != 1:
            return window, _narrow(wanted, "session_ids", ()) if not kinds else wanted
        wanted = replace(wanted, slot_kind=kinds.pop())
    return window, wanted


def schedule_search(args) -> tuple[Window, SlotFilter]:
    """The window (`date`, the session's start) and filter of a Schedule search."""
    return date_window(args.getlist("date"), "date"), _common(args, "actor")
