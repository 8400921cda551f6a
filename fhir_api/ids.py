"""Resource ids: the app's own ids written as FHIR ids, and a slot's id.

A FHIR id is 1-64 of letters, digits, "-" and "."; the app's ids may hold "_" too. "." is
the escape: "." is written ".d" and "_" is written ".u", so every id maps back exactly.
"""

import re

FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
_ESCAPES = {".": ".d", "_": ".u"}
_UNESCAPES = {"d": ".", "u": "_"}
_SLOT_ID = re.compile(r"^([1-9][0-9]{0,17})-(0|[1-9][0-9]{0,5})$")
_NUMBER = re.compile(r"^[1-9][0-9]{0,17}$")  # a database id: positive, within 64 bits


def fhir_id(local: str) -> str:
    """The FHIR id of an app id (a site, service or clinician)."""
    return "".join(_ESCAPES.get(char, char) for char in local)


def local_id(text: str) -> str | None:
    """The app id a FHIR id stands for, or None if it is no id this API gives out."""
    if not FHIR_ID.match(text):
        return None
    out, chars = [], iter(text)
    for char in chars:
        if char == ".":
            char = _UNESCAPES.get(next(chars, ""))
            if char is None:
                return None
        out.append(char)
    return "".join(out)


def number_id(text: str) -> int | None:
    """A numeric id (a booking's, a session's, a referral's), or None."""
    return int(text) if _NUMBER.match(text) else None


def slot_id(session_id: int, number: int) -> str:
    """A Slot's id: appointment `number` of session `session_id`, stable while the plan is
    published (a new plan makes new sessions, and so new slot ids)."""
    return f"{session_id}-{number}"


def parse_slot_id(text: str) -> tuple[int, int] | None:
    """(session id, slot number) of a Slot id, or None."""
    found = _SLOT_ID.match(text)
    return (int(found.group(1)), int(found.group(2))) if found else None


def reference_id(reference: object, resource_type: str) -> str | None:
    """The id in a relative reference such as "Slot/12-3" (or a full URL ending so), if it
    names a resource of that type."""
    if not isinstance(reference, str):
        return None
    head, found, tail = reference.rpartition(f"{resource_type}/")
    if not found or not tail or "/" in tail or (head and not head.endswith("/")):
        return None
    return tail
