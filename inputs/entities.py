"""How each spreadsheet table appears as pages: labels, hints, widgets and listed columns.

The columns, their parsers and their messages come from `inputs.tables`; this module
only says how a person sees and types each column. Every widget yields the text of a
spreadsheet cell, so a form is checked exactly as an imported row is.
"""

from dataclasses import dataclass

from inputs.columns import JOB_PLAN_SLOTS, UNIT_TYPES
from inputs.tables import (
    CLINICIANS,
    PRACTICES,
    SERVICES,
    SITES,
    UNITS,
    Table,
)

# Widgets, each turning what was typed or ticked into one cell's text:
TEXT = "text"  # one line, taken as typed
RADIOS = "radios"  # one of `choices`
CHECKBOXES = "checkboxes"  # any of `choices`, joined with ';'
GRID = "grid"  # job-plan slots as a weekday x AM/PM grid of checkboxes, joined with ';'
RANGES = "ranges"  # a textarea of date ranges, one per line, joined with ';'

ID_HINT = "Letters, digits, '-', '_' or '.'. It cannot be changed later."
LIST_HINT = "Separate items with a semicolon (;)."
RANGES_HINT = (
    "One range per line, first and last day written YYYY-MM-DD..YYYY-MM-DD, "
    "or a single date YYYY-MM-DD."
)
LAT_HINT = "WGS84 degrees, for example 51.7509"
LON_HINT = "WGS84 degrees, for example -0.4686 (west of Greenwich is negative)"
NO_LIMIT = "Leave empty for no limit."


@dataclass(frozen=True)
class Field:
    """How one column is shown: its label (without 'optional'), hint and widget."""

    label: str
    hint: str = ""
    widget: str = TEXT
    choices: tuple[str, ...] = ()  # RADIOS and CHECKBOXES; filled per request for skills
    width: int | None = None  # NHS.UK input width in characters
    inputmode: str | None = None  # "decimal" or "numeric" brings up a number keypad


def _int(label: str, hint: str = "") -> Field:
    return Field(label, hint, width=4, inputmode="numeric")


def _dec(label: str, hint: str = "") -> Field:
    return Field(label, hint, width=10, inputmode="decimal")


@dataclass(frozen=True)
class Kind:
    """One table's pages: /ops/data/<name>/."""

    table: Table
    singular: str  # "site": in headings, messages and the audit trail
    plural: str  # "Sites"
    fields: dict[str, Field]  # one per column of the table, in the table's order
    listed: tuple[str, ...]  # columns shown in the list

    @property
    def name(self) -> str:
        return self.table.name

    def label(self, column: str) -> str:
        return self.fields[column].label


SOURCE = Field("Source", "Where the figures came from.")

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            SITES,
            "site",
            "Sites",
            {
                "id": Field("Site id", f"For example S17. {ID_HINT}", width=10),
                "name": Field("Name"),
                "locality": Field("Locality", "The same words as the practices use."),
                "postcode": Field(
                    "Postcode",
                    "A full postcode, or a sector such as HP23 5 if the exact one is unknown.",
                    width=10,
                ),
                "address": Field("Address", "The street address shown to patients."),
                "lat": _dec("Latitude", LAT_HINT),
                "lon": _dec("Longitude", LON_HINT),
                "pads": _int("Pads", "How many units can stand there in the same week."),
                "unit_types": Field(
                    "Unit types it can host", widget=CHECKBOXES, choices=UNIT_TYPES
                ),
                "min_weeks": _int(
                    "Minimum weeks per cycle",
                    "Weeks per cycle a unit must stand there. Leave empty for none.",
                ),
                "unavailable": Field("Dates it is unavailable", RANGES_HINT, widget=RANGES),
                "source": SOURCE,
            },
            ("id", "name", "locality", "postcode", "pads", "unit_types"),
        ),
        Kind(
            PRACTICES,
            "practice",
            "Practices",
            {
                "id": Field("ODS code", f"For example E82001. {ID_HINT}", width=10),
                "name": Field("Name"),
                "locality": Field("Locality", "The same words as the sites use."),
                "postcode": Field("Postcode", width=10),
                "lat": _dec("Latitude", LAT_HINT),
                "lon": _dec("Longitude", LON_HINT),
                "list_size": Field("List size", "Registered patients.", width=10),
                "list_size_date": Field(
                    "Date of the list size",
                    "The date of the extract it was counted in, written YYYY-MM-DD, "
                    "for example 2026-04-01.",
                    width=10,
                ),
                "source": SOURCE,
            },
            ("id", "name", "locality", "postcode", "list_size", "list_size_date"),
        ),
        Kind(
            UNITS,
            "unit",
            "Units",
            {
                "id": Field("Unit id", f"For example op-1. {ID_HINT}", width=10),
                "name": Field("Name"),
                "type": Field("Type", widget=RADIOS, choices=UNIT_TYPES),
                "rooms": _int("Rooms", "Sessions it can run side by side."),
                "capabilities": Field("Capabilities", f"For example xray; ultrasound. {LIST_HINT}"),
                "setup_days": _int(
                    "Set-up days", "Working days lost on arrival at a site. Leave empty for 0."
                ),
                "unavailable": Field(
                    "Dates it is off the road", f"Maintenance and MOT. {RANGES_HINT}", widget=RANGES
                ),
                "source": SOURCE,
            },
            ("id", "name", "type", "rooms", "capabilities", "setup_days"),
        ),
        Kind(
            SERVICES,
            "service",
            "Services",
            {
                "id": Field("Service id", f"For example dermatology. {ID_HINT}", width=20),
                "name": Field("Name"),
                "unit_type": Field("Unit type it needs", widget=RADIOS, choices=UNIT_TYPES),
                "capability": Field(
                    "Capability the unit must have", "For example xray. Leave empty for none."
                ),
                "slots_per_session": _int(
                    "Appointments per session", "Every appointment, new and follow-up."
                ),
                "follow_up_slots": _int(
                    "Of which for follow-up patients",
                    "The clinic template: for example 6 of 14 (8 new and 6 follow-up). "
                    "Leave empty for 0.",
                ),
                "staff": Field(
                    "Staff per session",
                    "The skill of each clinician the session needs, one entry per clinician "
                    f"(repeat a skill to need two), for example surgeon; anaesthetist. {LIST_HINT}",
                ),
                "max_wait_weeks": _int("Longest wait in weeks", NO_LIMIT),
                "max_travel_km": _dec("Furthest patients travel, in km", NO_LIMIT),
                "follow_up_ratio": _dec(
                    "Follow-ups per first attendance",
                    "Follow-up attendances planned for each new patient, for example 1.33. "
                    "Leave empty for 0.",
                ),
                "follow_up_cap": _dec(
                    "Commissioned cap on follow-ups per first attendance",
                    "Planning uses the smaller of this and the ratio. Leave empty for no cap.",
                ),
                "follow_up_weeks": _int(
                    "Follow-ups due within, in weeks",
                    "After the first attendance. Leave empty if not set.",
                ),
                "source": SOURCE,
            },
            (
                "id",
                "name",
                "unit_type",
                "slots_per_session",
                "follow_up_slots",
                "staff",
                "max_wait_weeks",
                "follow_up_ratio",
            ),
        ),
        Kind(
            CLINICIANS,
            "clinician",
            "Clinicians",
            {
                "id": Field("Clinician id", f"For example c-derm-1. {ID_HINT}", width=10),
                "name": Field("Name"),
                "skills": Field(
                    "Skills", "The skills services need that this clinician has.", CHECKBOXES
                ),
                "base": Field("Base", "For example Watford General Hospital."),
                "base_lat": _dec("Base latitude", f"{LAT_HINT}. Give both or neither."),
                "base_lon": _dec("Base longitude", f"{LON_HINT}. Give both or neither."),
                "max_travel_km": _dec("Furthest they travel from base, in km", NO_LIMIT),
                "availability": Field(
                    "Sessions in their job plan",
                    "Tick the sessions they can work on the units each week.",
                    GRID,
                    choices=JOB_PLAN_SLOTS,
                ),
                "max_sessions_per_week": _int("Most sessions a week", NO_LIMIT),
                "leave": Field("Leave", RANGES_HINT, widget=RANGES),
                "source": SOURCE,
            },
            ("id", "name", "skills", "base", "max_sessions_per_week"),
        ),
    )
}
