"""`flask import-data` and `flask export-data`: whole folders and workbooks in and out, and
problems reported with exit status 2."""

from openpyxl import load_workbook

from tests.inputs.good_tables import GOOD


def test_import_command_reports_problems_and_exits_2(runner, tmp_path):
    (tmp_path / "demand.csv").write_text("practice,service,per_week\nE1,derm,1\n")
    result = runner.invoke(args=["import-data", str(tmp_path / "demand.csv")])
    assert result.exit_code == 2
    assert "Nothing imported: 2 problem(s)" in result.output
    assert "demand.csv row 2, column practice: unknown practice 'E1'" in result.output


def test_export_and_import_commands(runner, tmp_path):
    for name, text in GOOD.items():
        (tmp_path / f"{name}.csv").write_text(text)
    result = runner.invoke(args=["import-data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "sites: 2 new" in result.output
    result = runner.invoke(args=["export-data", "-o", str(tmp_path / "all.xlsx")])
    assert result.exit_code == 0
    assert load_workbook(tmp_path / "all.xlsx")["demand"].max_row == 3
