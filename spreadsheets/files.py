"""Read and write the tables as CSV files or one XLSX workbook."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl import Workbook, load_workbook

from inputs.cells import format_value
from inputs.importer import RawTable
from inputs.tables import TABLES, TABLES_BY_NAME, Table
from spreadsheets import limits
from spreadsheets.safe_cells import restore, safe_row


class FileProblem(ValueError):
    """A file that cannot be read as one of our tables at all."""


def read_paths(paths: list[Path]) -> dict[str, RawTable]:
    """Read CSV files named after tables, folders of them, or XLSX workbooks."""
    tables: dict[str, RawTable] = {}
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = [path / f"{t.name}.csv" for t in TABLES if (path / f"{t.name}.csv").exists()]
            if not found:
                raise FileProblem(f"{path}: no table CSV files here ({_expected()})")
            tables.update(read_paths(found))
        elif path.suffix.lower() == ".xlsx":
            with path.open("rb") as stream:
                tables.update(read_xlsx(stream, path.name))
        elif path.suffix.lower() == ".csv":
            with path.open("rb") as stream:
                table = read_csv(stream, path.name)
            tables[table.name] = table
        else:
            raise FileProblem(f"{path}: not a .csv or .xlsx file")
    return tables


def read_csv(stream, filename: str) -> RawTable:
    """Read one CSV upload; its file name says which table it is."""
    name = Path(filename).stem.lower()
    if name not in TABLES_BY_NAME:
        raise FileProblem(f"{filename}: the file name must be one of {_expected()}")
    return read_csv_as(stream, filename, name)


def read_csv_as(stream, filename: str, name: str) -> RawTable:
    """Read one CSV file as the table `name`, whatever the file is called, within the limits."""
    data = stream.read(limits.MAX_TEXT_BYTES + 1)
    if len(data) > limits.MAX_TEXT_BYTES:
        size = limits.megabytes(limits.MAX_TEXT_BYTES)
        raise FileProblem(f"{filename}: larger than {size}, the most one file may hold")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(f"{filename}: not UTF-8 text (save it as 'CSV UTF-8')") from None
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        if header is None:
            raise FileProblem(f"{filename}: the file is empty")
        table = RawTable(name, filename, [h.strip().lower() for h in header])
        _read_rows(table, reader, _Tally(filename))
    except csv.Error as error:
        raise FileProblem(
            f"{filename} line {reader.line_num}: not readable as CSV ({error})"
        ) from None
    return table


def read_xlsx(stream, filename: str) -> dict[str, RawTable]:
    """Read a workbook whose sheets are named after tables; other sheets are refused.

    The zip's declared sizes are checked before openpyxl opens it, and its XML is parsed by
    defusedxml (see spreadsheets.limits); a workbook is never read without it.
    """
    if not openpyxl.DEFUSEDXML:
        raise FileProblem(f"{filename}: workbooks cannot be read safely here (install defusedxml)")
    if problem := limits.archive_problem(stream):
        raise FileProblem(f"{filename}: {problem}")
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise FileProblem(_unreadable(filename, error)) from None
    try:
        return _read_sheets(workbook, filename)
    except FileProblem:
        raise
    except Exception as error:  # a damaged sheet: bad XML, a failed CRC, a cell out of range
        raise FileProblem(_unreadable(filename, error)) from None
    finally:
        workbook.close()


def _read_sheets(workbook, filename: str) -> dict[str, RawTable]:
    if len(workbook.sheetnames) > limits.MAX_SHEETS:
        raise FileProblem(
            f"{filename}: {len(workbook.sheetnames)} sheets; a workbook may hold at most "
            f"{limits.MAX_SHEETS}, one per table"
        )
    tally = _Tally(filename)
    tables = {}
    for sheet in workbook.worksheets:
        name = sheet.title.strip().lower()
        if name not in TABLES_BY_NAME:
            raise FileProblem(f"{filename}: sheet '{sheet.title}' is not one of {_expected()}")
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
        table = RawTable(name, f"{filename}, sheet {name}", [_text(h).lower() for h in header])
        _read_rows(table, ([_text(value) for value in values] for values in rows), tally)
        tables[name] = table
    return tables


@dataclass
class _Tally:
    """Counts the cells a file has given so far, and stops it at the limits."""

    filename: str
    cells: int = 0

    def count(self, label: str, number: int, cells: int) -> None:
        if number > limits.MAX_ROWS + 1:  # row 1 is the header
            raise FileProblem(
                f"{label}: more than {limits.MAX_ROWS:,} rows, the most one table may have; "
                "import it in parts"
            )
        self.cells += cells
        if self.cells > limits.MAX_CELLS:
            raise FileProblem(
                f"{self.filename}: more than {limits.MAX_CELLS:,} cells, the most one file may "
                "have; split it into smaller files"
            )


def _read_rows(table: RawTable, rows: Iterable[list[str]], tally: _Tally) -> None:
    """Add the rows after the header that are not blank, stopping at the limits."""
    for number, cells in enumerate(rows, start=2):
        tally.count(table.label, number, len(cells))
        if any(cell.strip() for cell in cells):
            table.rows.append((number, _row(table.header, cells)))


def _unreadable(filename: str, error: Exception) -> str:
    """Say why a workbook could not be read; defusedxml's refusal may come wrapped by openpyxl."""
    cause = error
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__
    if cause is not None:
        return (
            f"{filename}: refused, its XML declares entities, which can expand without bound or "
            "read other files; save it again from Excel"
        )
    return f"{filename}: not a readable XLSX workbook ({error})"


def write_csv_dir(folder: Path, rows_by_table: dict[str, list[dict]]) -> list[Path]:
    """Write one CSV per table into the folder; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        path = folder / f"{table.name}.csv"
        path.write_text(csv_text(table.name, rows_by_table.get(table.name, [])), encoding="utf-8")
        written.append(path)
    return written


def csv_text(name: str, rows: list[dict]) -> str:
    """Return one table as CSV text."""
    table = TABLES_BY_NAME[name]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.column_names)
    for row in rows:
        writer.writerow([format_value(value) for value in _cells(table, row)])
    return out.getvalue()


def xlsx_bytes(rows_by_table: dict[str, list[dict]]) -> bytes:
    """Return a workbook with one sheet per table."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in TABLES:
        sheet = workbook.create_sheet(table.name)
        sheet.append(list(table.column_names))
        for row in rows_by_table.get(table.name, []):
            sheet.append(_cells(table, row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cells(table: Table, row: dict) -> list:
    """The row's cells: numbers stay numbers, anything else becomes the text the parsers read,
    neutralised against formulas (see spreadsheets.safe_cells)."""
    values = (row.get(column) for column in table.column_names)
    return safe_row(value if _is_number(value) else format_value(value) for value in values)


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _row(header: list[str], cells: list[str]) -> dict[str, str]:
    """Key the cells by header, undoing the export's quote before formula characters."""
    values = {name: (restore(cells[i]) if i < len(cells) else "") for i, name in enumerate(header)}
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
        values["\0extra"] = "yes"  # more cells than headers: reported by the importer
    return values


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return format_value(value)


def _expected() -> str:
    return ", ".join(f"{t.name}.csv" for t in TABLES)
