"""The sample's CSV files as built, read once per module, and the reading of a list cell."""

import csv
from pathlib import Path

import pytest

from sample.build import OUTPUT_DIR

REPO = Path(__file__).resolve().parents[2]
FILES = ("sites", "practices", "units", "services", "clinicians", "demand")
UNIT_TYPES = {"outpatient", "theatre", "radiology"}


def _read(name: str) -> list[dict[str, str]]:
    with (OUTPUT_DIR / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def data() -> dict[str, list[dict[str, str]]]:
    """Each sample file's rows, by file name."""
    return {name: _read(name) for name in FILES}


def listed(cell: str) -> list[str]:
    """The items of a semicolon-separated cell."""
    return [item.strip() for item in cell.split(";") if item.strip()]
