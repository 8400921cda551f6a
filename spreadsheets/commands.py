"""`flask import-data` and `flask export-data` for CSV folders and XLSX workbooks."""

from pathlib import Path

import click
from flask import Flask

from inputs.exporter import export_rows
from inputs.importer import ImportRefused, import_tables
from spreadsheets.files import FileProblem, read_paths, write_csv_dir, xlsx_bytes


def register(app: Flask) -> None:
    """Add the spreadsheet commands to the app's command line."""

    @app.cli.command("import-data")
    @click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
    def import_data(paths: tuple[Path, ...]) -> None:
        """Import CSV files (sites.csv, ...), folders of them, or an XLSX workbook."""
        try:
            report = import_tables(read_paths(list(paths)))
        except FileProblem as error:
            click.echo(f"Nothing imported: {error}", err=True)
            raise SystemExit(2) from error
        except ImportRefused as refused:
            click.echo(f"Nothing imported: {len(refused.problems)} problem(s).", err=True)
            for problem in refused.problems:
                click.echo(f"  {problem}", err=True)
            raise SystemExit(2) from refused
        click.echo(f"Imported. {report.summary()}")

    @app.cli.command("export-data")
    @click.option("-o", "--output", required=True, type=click.Path(path_type=Path))
    def export_data(output: Path) -> None:
        """Export every table: to a folder of CSV files, or to an .xlsx workbook."""
        rows = export_rows()
        if output.suffix.lower() == ".xlsx":
            output.write_bytes(xlsx_bytes(rows))
        else:
            write_csv_dir(output, rows)
        click.echo(f"Exported {sum(map(len, rows.values()))} rows to {output}.")
