"""Import uploaded spreadsheets: one XLSX workbook or several CSV files, all or nothing."""

from pathlib import PurePath
from typing import IO

from inputs.importer import ImportReport, RawTable, import_tables
from spreadsheets.files import FileProblem, read_csv, read_xlsx

NOTHING_CHOSEN = "Choose an Excel workbook (.xlsx) or one or more CSV files to upload."


def import_uploads(files: list[tuple[str, IO[bytes]]]) -> ImportReport:
    """Read the uploaded files as tables and import them in one transaction.

    Args:
        files: (file name as sent by the browser, stream) pairs.

    Raises:
        FileProblem: no file, a file that is not one of our tables, or a table given twice.
        ImportRefused: some rows are bad; every problem is listed and nothing is written.
    """
    tables: dict[str, RawTable] = {}
    for filename, stream in files:
        name = PurePath(filename).name  # a browser may send a path; only the name counts
        suffix = PurePath(name).suffix.lower()
        if suffix == ".xlsx":
            found = read_xlsx(stream, name)
        elif suffix == ".csv":
            table = read_csv(stream, name)
            found = {table.name: table}
        else:
            raise FileProblem(f"{name}: not a .csv or .xlsx file")
        for table_name, table in found.items():
            if table_name in tables:
                raise FileProblem(
                    f"{table.label}: the {table_name} table is also in {tables[table_name].label}; "
                    "upload it once"
                )
            tables[table_name] = table
    if not tables:
        raise FileProblem(NOTHING_CHOSEN)
    return import_tables(tables)
