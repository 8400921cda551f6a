"""Reading and writing the tables as CSV files and XLSX workbooks: a written table reads back
the same, formulas neutralised on the way out and restored on the way in."""

import io

import pytest

from spreadsheets.files import (
    FileProblem,
    csv_text,
    read_csv,
    read_paths,
    read_xlsx,
    write_csv_dir,
    xlsx_bytes,
)

UNITS = [{"id": "op-1", "name": "=HYPERLINK(1)", "type": "outpatient", "rooms": 3}]


def test_a_written_csv_reads_back_with_its_formula_text_restored():
    text = csv_text("units", UNITS)
    assert text.splitlines()[1].startswith("op-1,'=HYPERLINK(1),outpatient,3")
    table = read_csv(io.BytesIO(("\ufeff" + text + ",,,\n").encode()), "Units.CSV")
    assert (table.name, table.label) == ("units", "Units.CSV")
    [(number, row)] = table.rows  # the blank row is skipped
    assert number == 2 and row["name"] == "=HYPERLINK(1)" and row["rooms"] == "3"


@pytest.mark.parametrize(
    ("filename", "body", "problem"),
    [
        ("trucks.csv", b"id\n", "trucks.csv: the file name must be one of sites.csv, "),
        ("units.csv", b"", "units.csv: the file is empty"),
        ("units.csv", "id,name\nop-1,Ünit\n".encode("latin-1"), "units.csv: not UTF-8 text"),
    ],
)
def test_a_csv_that_is_not_one_of_our_tables_is_a_problem(filename, body, problem):
    with pytest.raises(FileProblem) as refused:
        read_csv(io.BytesIO(body), filename)
    assert str(refused.value).startswith(problem)


def test_a_workbook_has_a_sheet_per_table_and_reads_back():
    tables = read_xlsx(io.BytesIO(xlsx_bytes({"units": UNITS})), "data.xlsx")
    assert "sites" in tables and tables["sites"].rows == []
    units = tables["units"]
    assert units.label == "data.xlsx, sheet units"
    [(number, row)] = units.rows
    assert number == 2 and units.header[:4] == ["id", "name", "type", "rooms"]
    assert [row[c] for c in units.header[:4]] == ["op-1", "=HYPERLINK(1)", "outpatient", "3"]


def test_a_folder_is_read_by_its_table_files(tmp_path):
    written = write_csv_dir(tmp_path / "out", {"units": UNITS})
    assert (tmp_path / "out" / "units.csv") in written
    assert read_paths([tmp_path / "out"])["units"].rows[0][1]["id"] == "op-1"
    with pytest.raises(FileProblem, match="no table CSV files here"):
        read_paths([tmp_path])
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(FileProblem, match=r"notes.txt: not a \.csv or \.xlsx file"):
        read_paths([tmp_path / "notes.txt"])
