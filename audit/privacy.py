"""What the audit trail may keep about patients, and who may read which events.

The trail of a patient record (a referral, its bookings, allocation runs, worklists, patient
exports) keeps ids, codes, statuses and counts, and only the NAMES of the other fields that
changed. The rule is an allowlist: a field is kept by value only if it is named in
SAFE_FIELDS, so the NHS number, name, date of birth, postcode, notes, and any field added to
a referral later (a phone number, an email) can only ever be kept by name. `record()` applies
it, the model refuses a row that breaks it, and the audit page applies it again when it shows
an event.
"""

import re

# Patient records, and exports drawn from them (lists of patients, or counts of them).
PATIENT_ENTITIES = frozenset(
    {
        "referral",
        "booking",
        "allocation_run",
        "worklist",
        "breach_report",
        "follow_up_list",
        "rtt_report",
        "rtt_ptl",
        "diagnostics_report",
        "session_register",
        "choice_offer",
        "choice_report",
    }
)
ACCOUNT_ENTITIES = frozenset({"user", "api_client"})  # accounts: administrators only
# Fields whose values identify nobody: ids, codes, statuses, the session's date and counts.
SAFE_FIELDS = frozenset(
    {
        "referral_id",
        "booking_id",
        "session_id",
        "slot_number",
        "allocation_run",
        "date",
        "period",
        "service_id",
        "practice_id",
        "priority",
        "referral_date",
        "status",
        "cancelled_by",
        "proposed",
        "booked",
        "skipped",
        "rows",
        "matches",
        "what",
    }
)
CHANGED = "changed"  # the key of the list of changed field names, kept in `after`
READ_ACTIONS = ("view", "export", "search")  # reading patient data changes nothing
MAX_SAFE_TEXT = 40  # codes and statuses are short; longer text may be free text
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
CATEGORIES = ("patient", "planning", "account")
VISIBLE = {  # which categories each role reads on the audit page
    "admin": frozenset(CATEGORIES),
    "booking": frozenset({"patient"}),
    "ops": frozenset({"planning"}),
}


class AuditPrivacyError(ValueError):
    """Raised when an audit event about a patient would keep a patient's details."""


def category(entity_type: str) -> str:
    """The kind of event: about a patient, about the planning data, or about an account."""
    if entity_type in PATIENT_ENTITIES:
        return "patient"
    return "account" if entity_type in ACCOUNT_ENTITIES else "planning"


def visible_categories(role: str) -> frozenset[str]:
    """The categories of event the role may read (none for a role not listed)."""
    return VISIBLE.get(role, frozenset())


def _safe(key: str, value) -> bool:
    if key not in SAFE_FIELDS:
        return False
    if value is None or isinstance(value, bool | int | float):
        return True
    return isinstance(value, str) and len(value) <= MAX_SAFE_TEXT


def _is_name(name) -> bool:
    return isinstance(name, str) and _FIELD_NAME.match(name) is not None


def _names(values) -> set[str]:
    if not isinstance(values, list | tuple | set | frozenset):
        return set()
    return {name for name in values if _is_name(name)}


def redact(
    entity_type: str, action: str, before: dict | None, after: dict | None, changed=()
) -> tuple[dict | None, dict | None]:
    """Keep what the trail may keep of a change; other entities pass unchanged.

    Args:
        entity_type: what changed; only patient entities are redacted.
        action: "create", "cancel", "view", ...; read actions change no field.
        before, after: the values before and after the change (None when absent).
        changed: names of further fields that changed, beyond those the values show.

    Returns:
        The safe values before and after; `after["changed"]` lists the names of every field
        that differs between before and after (every field given, for a new record).
    """
    if entity_type not in PATIENT_ENTITIES:
        return before, after
    before, after = dict(before or {}), dict(after or {})
    names = _names(changed) | _names(after.pop(CHANGED, ())) | _names(before.pop(CHANGED, ()))
    if action not in READ_ACTIONS:
        names |= {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    kept_before = {k: v for k, v in before.items() if _safe(k, v)}
    kept_after = {k: v for k, v in after.items() if _safe(k, v)}
    names = {name for name in names if _is_name(name)}
    if names:
        kept_after[CHANGED] = sorted(names)
    return kept_before or None, kept_after or None


def leaks(entity_type: str, before: dict | None, after: dict | None) -> list[str]:
    """The fields of a patient event that keep a value the trail must not keep."""
    if entity_type not in PATIENT_ENTITIES:
        return []
    found = []
    for values in (before or {}, after or {}):
        for key, value in values.items():
            if key == CHANGED and values is after and isinstance(value, list):
                if all(_is_name(name) for name in value):
                    continue
            if not _safe(key, value):
                found.append(key)
    return found
