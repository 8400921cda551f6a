"""`flask import-referral-copies`: a good file loads every row as written, with one audit
event; any bad cell is named by row and column, with exit code 2 and nothing written."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from booking.clocks import local_now
from extensions import db
from referral_analysis.models import ReferralCopy

HEADER = "practice,service,referred_on,priority,provider,seen_on,seen_at,missed"
GOOD = f"""{HEADER}
E82100,orthopaedics,2025-03-04,urgent,West Herts,2025-04-01,Watford General Hospital,1
E82114,mri,2025-01-06,,,,,
"""


def _import(runner, tmp_path, text: str, *options: str, name: str = "copies.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return runner.invoke(args=["import-referral-copies", str(path), *options])


def _copies() -> list[ReferralCopy]:
    return list(db.session.scalars(sa.select(ReferralCopy).order_by(ReferralCopy.referred_on)))


def _imports() -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).filter_by(entity_type="referral_copy")))


def test_a_good_file_loads_every_row_as_written_and_is_audited(runner, scenario, tmp_path):
    result = _import(runner, tmp_path, GOOD)
    assert result.exit_code == 0, result.output
    assert "Imported 2 referral copies (2025-01-06 – 2025-03-04) from copies.csv." in result.output
    empty, full = _copies()
    assert (empty.practice_id, empty.service_id, empty.referred_on) == (
        "E82114",
        "mri",
        date(2025, 1, 6),
    )
    assert (empty.priority, empty.provider, empty.seen_on, empty.seen_at, empty.missed) == (
        "routine",
        "",
        None,
        None,
        0,
    )
    assert (full.practice_id, full.service_id, full.priority, full.provider) == (
        "E82100",
        "orthopaedics",
        "urgent",
        "West Herts",
    )
    assert (full.seen_on, full.seen_at, full.missed) == (
        date(2025, 4, 1),
        "Watford General Hospital",
        1,
    )
    assert {empty.source, full.source} == {"copies.csv"}
    (event,) = _imports()
    assert (event.action, event.entity_id) == ("import", "copies.csv")
    assert event.after == {
        "rows": 2,
        "first": "2025-01-06",
        "last": "2025-03-04",
        "source": "copies.csv",
    }


def test_columns_may_come_in_any_order_and_optional_ones_be_left_out(runner, scenario, tmp_path):
    result = _import(runner, tmp_path, "referred_on,service,practice\n2025-02-03,mri,E82101\n")
    assert result.exit_code == 0, result.output
    (copy,) = _copies()
    assert (copy.practice_id, copy.service_id, copy.priority) == ("E82101", "mri", "routine")


FUTURE = (local_now().date() + timedelta(days=30)).isoformat()


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            "E99999,mri,2025-01-06,,,,,",
            "row 3, column practice: unknown practice 'E99999'",
        ),
        (
            "E82100,podiatry,2025-01-06,,,,,",
            "row 3, column service: unknown service 'podiatry'",
        ),
        (
            "E82100,mri,06/01/2025,,,,,",
            "row 3, column referred_on: '06/01/2025' is not a date written YYYY-MM-DD",
        ),
        (
            f"E82100,mri,{FUTURE},,,,,",
            f"row 3, column referred_on: {FUTURE} is in the future",
        ),
        (
            f"E82100,mri,2025-01-06,,,{FUTURE},,",
            f"row 3, column seen_on: {FUTURE} is in the future",
        ),
        (
            "E82100,mri,2025-01-06,,,2025-01-05,,",
            "row 3, column seen_on: 2025-01-05 is before the referral on 2025-01-06",
        ),
        (
            "E82100,mri,2025-01-06,,,,Watford General Hospital,",
            "row 3, column seen_at: where the patient was seen needs seen_on",
        ),
        (
            "E82100,mri,2025-01-06,soon,,,,",
            "row 3, column priority: 'soon' is not one of urgent, routine",
        ),
        (
            "E82100,mri,2025-01-06,,,,,-1",
            "row 3, column missed: must be at least 0, not -1",
        ),
        (
            f"E82100,mri,2025-01-06,,{'x' * 201},,,",
            "row 3, column provider: longer than 200 characters (201)",
        ),
        (
            "E82100,mri,,,,,,",
            "row 3, column referred_on: must not be empty",
        ),
        (
            "E82100,mri,2025-01-06,,,,,,surplus",
            "row 3: more cells than column headers",
        ),
    ],
)
def test_a_bad_cell_is_named_by_row_and_column_and_nothing_is_written(
    runner, scenario, tmp_path, row, problem
):
    good_row = GOOD.splitlines()[1]
    result = _import(runner, tmp_path, f"{HEADER}\n{good_row}\n{row}\n")
    assert result.exit_code == 2
    assert "Nothing written: 1 problem" in result.output
    assert f"copies.csv {problem}" in result.output
    assert _copies() == [] and _imports() == []


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        (
            f"{HEADER},patient",
            "row 1, column patient: unknown column (the columns are: practice, service, "
            "referred_on, priority, provider, seen_on, seen_at, missed)",
        ),
        (
            "practice,referred_on",
            "row 1, column service: required column is missing",
        ),
        (
            "practice,service,referred_on,Practice",
            "row 1, column practice: the column is there twice",
        ),
    ],
)
def test_a_bad_header_is_named_and_nothing_is_written(runner, scenario, tmp_path, header, problem):
    result = _import(runner, tmp_path, f"{header}\nE82100,mri,2025-01-06\n")
    assert result.exit_code == 2
    assert f"copies.csv {problem}" in result.output
    assert _copies() == []


def test_every_problem_is_counted_but_only_the_first_fifty_are_listed(runner, scenario, tmp_path):
    rows = "".join(f"E99999,mri,2025-01-{day:02},,,,,\n" for day in range(1, 31)) * 2
    result = _import(runner, tmp_path, f"{HEADER}\n{rows}")
    assert result.exit_code == 2
    assert "Nothing written: 60 problems" in result.output
    assert "copies.csv row 51, column practice" in result.output
    assert "copies.csv row 52, column" not in result.output
    assert "and 10 more" in result.output


def test_a_file_with_only_its_header_is_refused(runner, scenario, tmp_path):
    result = _import(runner, tmp_path, f"{HEADER}\n")
    assert result.exit_code == 2
    assert "copies.csv: no referral copies below the header" in result.output


def test_the_same_source_twice_is_refused_and_another_source_loads_it(runner, scenario, tmp_path):
    assert _import(runner, tmp_path, GOOD).exit_code == 0
    again = _import(runner, tmp_path, GOOD)
    assert again.exit_code == 2
    assert "source 'copies.csv' was imported already on " in again.output
    assert "(2 rows); use another --source to load it again" in again.output
    assert len(_copies()) == 2
    other = _import(runner, tmp_path, GOOD, "--source", "West Herts, March 2025")
    assert other.exit_code == 0, other.output
    sources = [copy.source for copy in _copies()]
    assert sorted(sources) == ["West Herts, March 2025"] * 2 + ["copies.csv"] * 2


def test_a_source_longer_than_the_column_is_refused(runner, scenario, tmp_path):
    result = _import(runner, tmp_path, GOOD, "--source", "s" * 201)
    assert result.exit_code == 2
    assert "copies.csv: the source is longer than 200 characters" in result.output


def test_cells_exported_with_a_quote_before_a_formula_character_are_restored(
    runner, scenario, tmp_path
):
    row = "E82100,mri,2025-01-06,,'=HYPERLINK(x),2025-02-03,'+ward 3,"
    result = _import(runner, tmp_path, f"{HEADER}\n{row}\n")
    assert result.exit_code == 0, result.output
    (copy,) = _copies()
    assert (copy.provider, copy.seen_at) == ("=HYPERLINK(x)", "+ward 3")


def test_a_file_that_is_not_utf8_is_refused(runner, scenario, tmp_path):
    path = tmp_path / "copies.csv"
    path.write_bytes(f"{HEADER}\nE82100,mri,2025-01-06,,Caf\xe9,,,\n".encode("latin-1"))
    result = runner.invoke(args=["import-referral-copies", str(path)])
    assert result.exit_code == 2
    assert "Nothing written: copies.csv: not UTF-8 text" in result.output


def test_every_problem_of_a_row_is_named(runner, scenario, tmp_path):
    result = _import(runner, tmp_path, f"{HEADER}\nE99999,mri,2025-01-06,,,,Watford,-1\n")
    assert result.exit_code == 2
    assert "Nothing written: 3 problems" in result.output
    for column in ("practice", "seen_at", "missed"):
        assert f"copies.csv row 2, column {column}:" in result.output
