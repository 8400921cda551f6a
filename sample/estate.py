"""Turn the shared candidate sites and GP practices into sample rows with localities."""

import csv
from pathlib import Path

SOURCE_DIR = Path(__file__).parent / "source"

HEMEL_WEST = "Hemel Hempstead West"
HEMEL_EAST = "Hemel Hempstead East"
HEMEL_SOUTH = "Hemel Hempstead South"
# Hemel Hempstead holds about 100k of the 182k registered patients, so it is split in three
# (west of the Gade with the town centre; the east and north; the south around Apsley) to
# make the equity figures say something about it.
LOCALITIES = (
    HEMEL_WEST,
    HEMEL_EAST,
    HEMEL_SOUTH,
    "Berkhamsted",
    "Tring",
    "Kings Langley",
    "Bovingdon",
    "Markyate",
)

ALL_TYPES = ("outpatient", "theatre", "radiology")
OUTPATIENT_RADIOLOGY = ("outpatient", "radiology")
OUTPATIENT = ("outpatient",)

# id: (locality, unit_types, min_weeks, unavailable). Hospital and large car parks take all
# three types; a theatre needs a large level hard standing; GP car parks take a clinic only.
SITE_PLAN: dict[str, tuple[str, tuple[str, ...], int, str]] = {
    "S01": (HEMEL_WEST, ALL_TYPES, 0, ""),
    "S02": (HEMEL_EAST, ALL_TYPES, 0, "2027-03-08..2027-03-12"),
    "S03": (HEMEL_SOUTH, ALL_TYPES, 0, ""),
    "S04": (HEMEL_SOUTH, OUTPATIENT_RADIOLOGY, 0, ""),
    "S05": (HEMEL_SOUTH, OUTPATIENT, 0, ""),
    "S06": (HEMEL_EAST, OUTPATIENT, 0, ""),
    "S07": (HEMEL_EAST, OUTPATIENT, 0, ""),
    "S08": (HEMEL_EAST, OUTPATIENT, 0, ""),
    "S09": (HEMEL_EAST, OUTPATIENT_RADIOLOGY, 0, "2027-01-11..2027-01-15"),
    "S10": (HEMEL_EAST, OUTPATIENT, 0, ""),
    "S11": (HEMEL_WEST, OUTPATIENT, 0, ""),
    "S12": (HEMEL_WEST, OUTPATIENT, 0, ""),
    "S13": (HEMEL_WEST, OUTPATIENT, 0, ""),
    "S14": (HEMEL_WEST, OUTPATIENT_RADIOLOGY, 0, "2027-02-15..2027-02-19"),
    "S15": ("Berkhamsted", OUTPATIENT, 1, ""),
    "S16": ("Berkhamsted", OUTPATIENT, 0, ""),
    "S17": ("Tring", ALL_TYPES, 1, "2027-04-05..2027-04-09"),
    "S18": ("Kings Langley", OUTPATIENT, 1, ""),
    "S19": ("Bovingdon", OUTPATIENT, 1, ""),
    "S20": ("Markyate", OUTPATIENT, 1, ""),
}
SITE_NOTE = (
    "locality, unit_types, min_weeks and unavailable are sample assumptions (docs/sample-data.md)"
)

PRACTICE_LOCALITY = {
    "E82001": "Tring",
    "E82009": HEMEL_SOUTH,
    "E82022": HEMEL_WEST,
    "E82032": HEMEL_SOUTH,
    "E82050": HEMEL_EAST,
    "E82051": HEMEL_EAST,
    "E82066": "Kings Langley",
    "E82070": HEMEL_EAST,
    "E82091": HEMEL_WEST,
    "E82094": "Berkhamsted",
    "E82129": "Kings Langley",
    "E82643": "Bovingdon",
    "E82652": "Berkhamsted",
    "E82644": HEMEL_EAST,
}


# The NHS Digital extracts the practices' list sizes come from, as their `source` names them,
# and each extract's date (shared/data/FACTS.md).
LIST_EXTRACTS = {
    "gp-reg-pat-prac-all extract 2026-04-01": "2026-04-01",
    "gp-reg-pat-prac-all 01JAN2021": "2021-01-01",
}


def list_size_date(source: str) -> str:
    """Return the date of the extract a practice's `source` says its list size came from."""
    dates = [day for extract, day in LIST_EXTRACTS.items() if extract in source]
    if len(dates) != 1:
        raise ValueError(f"the source names no one known list-size extract: {source!r}")
    return dates[0]


def _read(name: str) -> list[dict[str, str]]:
    with (SOURCE_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def site_rows() -> list[dict[str, str]]:
    """Return sites.csv rows: the shared sites with localities and hosting assumptions."""
    rows = []
    for site in _read("sites.csv"):
        locality, unit_types, min_weeks, unavailable = SITE_PLAN[site["id"]]
        rows.append(
            {
                "id": site["id"],
                "name": site["name"],
                "locality": locality,
                "postcode": site["postcode"],
                "lat": site["lat"],
                "lon": site["lon"],
                "pads": site["pads"],
                "unit_types": ";".join(unit_types),
                "min_weeks": str(min_weeks),
                "unavailable": unavailable,
                "source": f"{site['source']}; {SITE_NOTE}",
            }
        )
    return rows


def practice_rows() -> list[dict[str, str]]:
    """Return practices.csv rows: the shared practices with their localities."""
    return [
        {
            "id": practice["id"],
            "name": practice["name"],
            "locality": PRACTICE_LOCALITY[practice["id"]],
            "postcode": practice["postcode"],
            "lat": practice["lat"],
            "lon": practice["lon"],
            "list_size": practice["list_size"],
            "list_size_date": list_size_date(practice["source"]),
            "source": practice["source"],
        }
        for practice in _read("practices.csv")
    ]
