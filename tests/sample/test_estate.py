"""The sample's estate: the real sites and practices kept, in consistent localities."""

import csv

import pytest

from sample.estate import LOCALITIES, list_size_date
from tests.sample.conftest import REPO


def test_real_sites_and_practices_are_kept(data):
    assert [row["id"] for row in data["sites"]] == [f"S{n:02d}" for n in range(1, 21)]
    assert len(data["practices"]) == 14
    assert all(row["source"] for row in data["sites"] + data["practices"])
    shared = REPO.parent / "shared" / "data"
    if not shared.exists():
        pytest.skip("shared/data is not beside the repository")
    for name in ("sites", "practices"):
        with (shared / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
            originals = {row["id"]: row for row in csv.DictReader(handle)}
        for row in data[name]:
            original = originals[row["id"]]
            assert [row[k] for k in ("name", "postcode", "lat", "lon")] == [
                original[k] for k in ("name", "postcode", "lat", "lon")
            ]
            assert row["source"].startswith(original["source"])


def test_localities_are_consistent(data):
    site_localities = {row["locality"] for row in data["sites"]}
    practice_localities = {row["locality"] for row in data["practices"]}
    assert site_localities <= set(LOCALITIES) and practice_localities <= set(LOCALITIES)
    assert practice_localities <= site_localities
    # Markyate's practice closed in 2018 (its patients are on Rothschild House's list, Tring),
    # so Markyate is a site locality without demand of its own.
    assert site_localities - practice_localities == {"Markyate"}
    with (REPO / "sites" / "reference" / "places.csv").open(newline="", encoding="utf-8") as f:
        place_localities = {row["locality"] for row in csv.DictReader(f) if row["locality"]}
    assert place_localities <= set(LOCALITIES)


def test_each_list_size_is_dated_by_its_extract(data):
    dates = {row["id"]: row["list_size_date"] for row in data["practices"]}
    assert dates.pop("E82644") == "2021-01-01"  # Coleridge House: its last separate figure
    assert set(dates.values()) == {"2026-04-01"}


def test_a_source_naming_no_known_extract_is_refused():
    assert list_size_date("list: NHS Digital gp-reg-pat-prac-all 01JAN2021") == "2021-01-01"
    with pytest.raises(ValueError, match="no one known list-size extract"):
        list_size_date("list: counted by hand")
