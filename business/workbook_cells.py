"""How the business case workbook writes its cells: formats, input cells, headers and totals.

Text that comes from the plan or its scenario (ids, names, skills) goes through
`spreadsheets.safe_cells.neutralise`, so it can never become a formula; the formulas written
here are the workbook's own.
"""

from openpyxl.styles import Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from spreadsheets.safe_cells import neutralise

GBP = "£#,##0.00;[Red]-£#,##0.00"
GBP_INPUT = "£#,##0.00#"  # a text message costs a fraction of a penny
PERCENT = "0.0%"
COUNT = "#,##0.0#"
WHOLE = "#,##0"
RATIO = "0.00"
INPUT_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
# Every sheet opens with a title, a note and a header; the tables of services on the Plan,
# Activity, Income and Costs sheets start on the same row, so a service's row is the same on
# each and a formula can refer across by row.
HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1


def head(sheet: Worksheet, title: str, note: str, header: list[str]) -> None:
    """A sheet's title, its note and the header of its first table, frozen above the rows."""
    sheet.cell(1, 1, neutralise(title)).font = Font(bold=True, size=14)
    sheet.cell(2, 1, note).font = Font(italic=True)
    header_row(sheet, HEADER_ROW, header)
    sheet.freeze_panes = f"A{FIRST_ROW}"


def header_row(sheet: Worksheet, row: int, labels: list[str]) -> None:
    for column, label in enumerate(labels, start=1):
        sheet.cell(row, column, neutralise(label)).font = BOLD


def text(sheet: Worksheet, row: int, values: list[str], first: int = 1) -> None:
    """Text from the plan, its scenario or its price book, from column `first` (A) on: never
    read as a formula."""
    for column, value in enumerate(values, start=first):
        sheet.cell(row, column, neutralise(value))


def input_cell(sheet: Worksheet, row: int, column: int, value, number_format: str) -> None:
    """An input: shaded, and empty when `value` is None (a missing price is not nought)."""
    cell = sheet.cell(row, column, value)
    cell.fill, cell.number_format = INPUT_FILL, number_format


def values(sheet: Worksheet, row: int, column: int, figures: list, number_format: str) -> None:
    for offset, figure in enumerate(figures):
        sheet.cell(row, column + offset, figure).number_format = number_format


def formulas(
    sheet: Worksheet, row: int, column: int, texts: list[str], number_format: str | None
) -> None:
    """The workbook's own formulas (`texts`, without the "="), from `column` on."""
    for offset, formula in enumerate(texts):
        cell = sheet.cell(row, column + offset, f"={formula}")
        if number_format:
            cell.number_format = number_format


def total(sheet: Worksheet, columns: dict[str, str], rows: int, first: int = FIRST_ROW) -> int:
    """A bold "Total" row under the `rows` rows from `first`, summing each of `columns`
    (letter -> number format); returns its row."""
    row = first + rows
    sheet.cell(row, 1, "Total").font = BOLD
    for letter, number_format in columns.items():
        formula = f"SUM({letter}{first}:{letter}{row - 1})" if rows else "0"
        cell = sheet.cell(row, column_index_from_string(letter), f"={formula}")
        cell.number_format, cell.font = number_format, BOLD
    return row


def widths(sheet: Worksheet, characters: list[int]) -> None:
    for column, width in enumerate(characters, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
