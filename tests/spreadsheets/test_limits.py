"""Files past a limit are refused quickly, by name, before or while they are read (ASVS V12).

The workbooks are crafted in tests/spreadsheets/workbooks.py: a zip bomb (a sheet of mostly
spaces, and a part that declares gigabytes), XML entity expansion (billion laughs) and an
external entity (XXE).
"""

import io
import time
import zipfile

import openpyxl
import pytest

from spreadsheets import limits
from spreadsheets.files import FileProblem, read_csv, read_xlsx
from tests.spreadsheets.workbooks import (
    BILLION_LAUGHS,
    SHEET,
    UNITS,
    XXE,
    declaring,
    with_part,
    workbook,
)


def refusal(data: bytes, filename: str = "data.xlsx") -> str:
    """The message a workbook is refused with, checking that it came quickly."""
    started = time.monotonic()
    with pytest.raises(FileProblem) as refused:
        read_xlsx(io.BytesIO(data), filename)
    assert time.monotonic() - started < 5
    return str(refused.value)


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_a_good_workbook_is_read():
    assert read_xlsx(io.BytesIO(workbook({"units": UNITS})), "data.xlsx")["units"].rows


def test_a_workbook_is_not_read_without_defusedxml(monkeypatch):
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    assert "cannot be read safely here" in refusal(workbook({"units": UNITS}))


def test_too_many_sheets():
    sheets = {name: UNITS for name in ("units", "a", "b", "c", "d", "e", "f")}
    assert refusal(workbook(sheets)) == (
        "data.xlsx: 7 sheets; a workbook may hold at most 6, one per table"
    )


def test_too_many_rows_in_a_sheet(monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 10)
    rows = UNITS + [[f"op-{n}", "Unit", "outpatient", 1] for n in range(3, 13)]
    assert refusal(workbook({"units": rows})).startswith(
        "data.xlsx, sheet units: more than 10 rows, the most one table may have"
    )


def test_too_many_cells_in_a_workbook(monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 100)
    rows = UNITS + [[f"op-{n}", "Unit", "outpatient", 1] for n in range(3, 30)]
    assert refusal(workbook({"units": rows})).startswith(
        "data.xlsx: more than 100 cells, the most one file may have"
    )


def test_a_zip_bomb_sheet_is_refused_by_its_compression_ratio():
    xml = workbook({"units": UNITS})
    with zipfile.ZipFile(io.BytesIO(xml)) as archive:
        sheet = archive.read(SHEET)
    padded = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * (20 * limits.MEGABYTE))
    message = refusal(with_part(xml, SHEET, padded))
    assert message.startswith(f"data.xlsx: its part {SHEET} is compressed")
    assert "more than the 100 to 1 of any real workbook (a zip bomb?)" in message


def test_a_part_declaring_gigabytes_is_refused_before_it_is_opened():
    data = declaring(workbook({"units": UNITS}), SHEET, 3 * 1024 * limits.MEGABYTE)
    assert refusal(data) == (
        "data.xlsx: it unpacks to 3,072 MB, more than the 100 MB a workbook may hold; "
        "split it into smaller workbooks or CSV files"
    )


def test_too_many_parts():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(limits.MAX_ARCHIVE_PARTS + 1):
            archive.writestr(f"part{n}.xml", "")
    assert "holds 1,001 parts; a workbook may hold at most 1,000" in refusal(out.getvalue())


@pytest.mark.timeout(30)
@pytest.mark.parametrize("xml", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_xml_entities_are_refused_without_expanding(xml):
    data = with_part(workbook({"units": UNITS}), SHEET, xml.encode())
    assert refusal(data) == (
        "data.xlsx: refused, its XML declares entities, which can expand without bound or "
        "read other files; save it again from Excel"
    )


def test_entities_in_the_workbook_part_are_refused_too():
    xml = BILLION_LAUGHS.replace("worksheet", "workbook")
    data = with_part(workbook({"units": UNITS}), "xl/workbook.xml", xml.encode())
    assert "refused, its XML declares entities" in refusal(data)


def test_a_csv_with_too_many_rows_is_refused_at_the_limit():
    text = "practice,service,per_week\n" + "E82001,xray,1\n" * (limits.MAX_ROWS + 1)
    with pytest.raises(FileProblem) as refused:
        read_csv(io.BytesIO(text.encode()), "demand.csv")
    assert str(refused.value) == (
        "demand.csv: more than 50,000 rows, the most one table may have; import it in parts"
    )
    text = "practice,service,per_week\n" + "E82001,xray,1\n" * limits.MAX_ROWS
    assert len(read_csv(io.BytesIO(text.encode()), "demand.csv").rows) == limits.MAX_ROWS


def test_a_csv_with_too_many_cells_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELLS", 100)
    text = "practice,service,per_week\n" + "E82001,xray,1\n" * 40
    with pytest.raises(FileProblem, match="demand.csv: more than 100 cells"):
        read_csv(io.BytesIO(text.encode()), "demand.csv")


def test_a_csv_larger_than_any_table_is_refused_unread(monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_BYTES", 1000)
    with pytest.raises(FileProblem, match="demand.csv: larger than .* MB, the most one file"):
        read_csv(io.BytesIO(b"x" * 1001), "demand.csv")


def test_a_csv_field_past_the_csv_module_limit_is_a_problem_not_a_crash():
    text = "practice,service,per_week\n" + '"' + "x" * 200_000 + '",xray,1\n'
    with pytest.raises(FileProblem, match="demand.csv line 2: not readable as CSV"):
        read_csv(io.BytesIO(text.encode()), "demand.csv")


def test_sizes_are_written_as_people_read_them():
    assert limits.megabytes(10 * limits.MEGABYTE) == "10 MB"
    assert limits.megabytes(int(2.5 * limits.MEGABYTE)) == "2.5 MB"
