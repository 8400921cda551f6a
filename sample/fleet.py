"""Describe the sample fleet: outpatient, theatre and radiology trailers (all assumptions)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    """One truck-mounted unit as units.csv describes it."""

    id: str
    name: str
    type: str
    rooms: int
    capabilities: tuple[str, ...]
    setup_days: int
    unavailable: str
    source: str


# Setting up a clinic trailer (level, hook up power and IT, clean) costs a working day; a
# theatre also needs its air handling validated and its sterile stock set out, so two.
CLINIC_SETUP_DAYS = 1
THEATRE_SETUP_DAYS = 2
ASSUMED = "assumption (sample fleet)"

UNITS = (
    Unit(
        "op-1",
        "Outpatient unit 1",
        "outpatient",
        3,
        (),
        CLINIC_SETUP_DAYS,
        "",
        f"{ASSUMED}: expanding trailer with 3 consulting rooms",
    ),
    Unit(
        "op-2",
        "Outpatient unit 2",
        "outpatient",
        3,
        (),
        CLINIC_SETUP_DAYS,
        "2027-02-22..2027-02-26",
        f"{ASSUMED}: expanding trailer with 3 consulting rooms; annual service and MOT week",
    ),
    Unit(
        "op-3",
        "Outpatient unit 3",
        "outpatient",
        3,
        (),
        CLINIC_SETUP_DAYS,
        "",
        f"{ASSUMED}: expanding trailer with 3 consulting rooms",
    ),
    Unit(
        "th-1",
        "Day-surgery theatre unit",
        "theatre",
        1,
        ("day-surgery",),
        THEATRE_SETUP_DAYS,
        "2027-03-01..2027-03-05",
        f"{ASSUMED}: one laminar-flow theatre with anaesthetic and recovery bays; "
        "annual ventilation validation week",
    ),
    Unit(
        "rad-1",
        "X-ray and ultrasound unit",
        "radiology",
        2,
        ("xray", "ultrasound"),
        CLINIC_SETUP_DAYS,
        "",
        f"{ASSUMED}: one X-ray room and one ultrasound room; either room may run either list",
    ),
    Unit(
        "rad-2",
        "MRI unit",
        "radiology",
        1,
        ("mri",),
        CLINIC_SETUP_DAYS,
        "2027-02-01..2027-02-05",
        f"{ASSUMED}: 1.5T scanner trailer like the one at Hemel Hempstead Hospital in 2022 "
        "(hemeltoday.co.uk 31-01-2022); magnet service week",
    ),
    Unit(
        "rad-3",
        "CT unit",
        "radiology",
        1,
        ("ct",),
        CLINIC_SETUP_DAYS,
        "",
        f"{ASSUMED}: single-scanner CT trailer",
    ),
)


def unit_rows() -> list[dict[str, str]]:
    """Return units.csv rows."""
    return [
        {
            "id": unit.id,
            "name": unit.name,
            "type": unit.type,
            "rooms": str(unit.rooms),
            "capabilities": ";".join(unit.capabilities),
            "setup_days": str(unit.setup_days),
            "unavailable": unit.unavailable,
            "source": unit.source,
        }
        for unit in UNITS
    ]
