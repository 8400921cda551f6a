"""Tests for sample.build: the committed Dacorum CSVs are reproducible and well formed."""

import re
from datetime import date

from sample.build import OUTPUT_DIR, build, summary, tables
from scheduler import geodesic_km
from sites.geo import parse_postcode_or_partial
from tests.sample.conftest import FILES, REPO, UNIT_TYPES, listed

CYCLE = (date(2027, 1, 4), date(2027, 4, 25))  # nominal 16-week cycle
DAY_SESSION = re.compile(r"(Mon|Tue|Wed|Thu|Fri)-(AM|PM)")
ID = re.compile(r"[A-Za-z0-9_-]+")


def _dates(cell: str) -> list[tuple[date, date]]:
    ranges = []
    for item in listed(cell):
        first, _, last = item.partition("..")
        ranges.append((date.fromisoformat(first), date.fromisoformat(last or first)))
    return ranges


def _documented_columns() -> dict[str, tuple[set[str], set[str]]]:
    """Read (all columns, required columns) per file from docs/data-formats.md."""
    text = (REPO / "docs" / "data-formats.md").read_text(encoding="utf-8")
    columns: dict[str, tuple[set[str], set[str]]] = {}
    for section in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        name = section.split(".csv", 1)[0].strip()
        every, required = set(), set()
        for row in re.findall(r"^\| ([a-z_, ]+) \| (yes|no) \|", section, flags=re.MULTILINE):
            names = {column.strip() for column in row[0].split(",")}
            every |= names
            required |= names if row[1] == "yes" else set()
        columns[name] = (every, required)
    return columns


def test_rebuild_is_byte_identical(tmp_path):
    written = build(tmp_path)
    assert sorted(path.name for path in written) == sorted(f"{name}.csv" for name in FILES)
    for path in written:
        assert path.read_bytes() == (OUTPUT_DIR / path.name).read_bytes(), path.name
    assert sorted(path.name for path in OUTPUT_DIR.iterdir()) == sorted(p.name for p in written)


def test_headers_follow_the_documented_formats(data):
    documented = _documented_columns()
    for name in FILES:
        every, required = documented[name]
        header = set(data[name][0])
        assert header <= every, f"{name}: unknown columns {header - every}"
        assert required <= header, f"{name}: missing columns {required - header}"
        for row in data[name]:
            assert all(row[column].strip() for column in required), (name, row)


def test_ids_are_unique_and_well_formed(data):
    for name in ("sites", "practices", "units", "services", "clinicians"):
        ids = [row["id"] for row in data[name]]
        assert len(ids) == len(set(ids)), name
        assert all(ID.fullmatch(row_id) for row_id in ids), name
    pairs = [(row["practice"], row["service"]) for row in data["demand"]]
    assert len(pairs) == len(set(pairs))


def test_numbers_postcodes_and_lists_are_valid(data):
    for row in data["sites"] + data["practices"]:
        assert parse_postcode_or_partial(row["postcode"]).label == row["postcode"]
        assert 51.6 < float(row["lat"]) < 51.9 and -0.75 < float(row["lon"]) < -0.35
    for row in data["sites"]:
        assert int(row["pads"]) >= 1 and int(row["min_weeks"]) >= 0
        assert set(listed(row["unit_types"])) <= UNIT_TYPES
    for row in data["units"]:
        assert row["type"] in UNIT_TYPES and int(row["rooms"]) >= 1
        assert int(row["setup_days"]) >= 0
    for row in data["services"]:
        assert row["unit_type"] in UNIT_TYPES and int(row["slots_per_session"]) >= 1
        assert 0 <= int(row["follow_up_slots"]) <= int(row["slots_per_session"])
        assert float(row["follow_up_ratio"]) >= 0
        assert int(row["max_wait_weeks"]) >= 0 and float(row["max_travel_km"]) > 0
    for row in data["clinicians"]:
        slots = listed(row["availability"])
        assert slots and all(DAY_SESSION.fullmatch(slot) for slot in slots)
        assert 0 <= int(row["max_sessions_per_week"]) <= len(slots)
        assert bool(row["base_lat"]) == bool(row["base_lon"])
    assert all(float(row["per_week"]) >= 0 for row in data["demand"])


def test_dates_lie_in_the_nominal_cycle(data):
    cells = [row["unavailable"] for row in data["sites"] + data["units"]]
    cells += [row["leave"] for row in data["clinicians"]]
    for first, last in (span for cell in cells for span in _dates(cell)):
        assert CYCLE[0] <= first <= last <= CYCLE[1]


def test_references_resolve(data):
    practices = {row["id"] for row in data["practices"]}
    services = {row["id"]: row for row in data["services"]}
    assert {row["practice"] for row in data["demand"]} == practices
    assert {row["service"] for row in data["demand"]} == set(services)
    needed = {skill for row in services.values() for skill in listed(row["staff"])}
    held = {skill for row in data["clinicians"] for skill in listed(row["skills"])}
    assert held == needed
    for service in services.values():
        assert any(
            unit["type"] == service["unit_type"]
            and (not service["capability"] or service["capability"] in listed(unit["capabilities"]))
            for unit in data["units"]
        ), service["id"]


def test_every_practice_and_clinician_can_reach_a_suitable_site(data):
    services = {row["id"]: row for row in data["services"]}
    for service in services.values():
        hosts = [s for s in data["sites"] if service["unit_type"] in listed(s["unit_types"])]
        limit = float(service["max_travel_km"])
        for practice in data["practices"]:
            assert any(_km(practice, site) <= limit for site in hosts), (practice["id"], service)
        for clinician in data["clinicians"]:
            if set(listed(clinician["skills"])) & set(listed(service["staff"])):
                reach = float(clinician["max_travel_km"] or "inf")
                base = {"lat": clinician["base_lat"], "lon": clinician["base_lon"]}
                assert any(_km(base, site) <= reach for site in hosts), clinician["id"]


def _km(a: dict[str, str], b: dict[str, str]) -> float:
    return geodesic_km(float(a["lat"]), float(a["lon"]), float(b["lat"]), float(b["lon"]))


def test_docs_show_the_current_totals():
    text = (REPO / "docs" / "sample-data.md").read_text(encoding="utf-8")
    assert summary(tables()) in text
