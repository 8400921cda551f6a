"""Keep exported text from running as a formula (CSV injection), and undo that on import.

A spreadsheet program reads a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
return as a formula, so a referral named `=HYPERLINK("http://x","y")` would become a live link,
or worse, on the screen of whoever opens the export. Following OWASP's CSV injection guidance,
such text is written with a single quote before it; every CSV and XLSX writer of the app passes
its cells through `safe_row`.

XLSX gets the same quote rather than only a text-typed cell (openpyxl's data_type 's'): one rule
for both formats, and it survives what people do next. A text-typed `=...` turns into a formula
as soon as someone edits the cell or saves the workbook as CSV; a quoted one stays text.

Numbers are not text and stay numbers: a negative number in a numeric cell is data, not a
formula. The importer calls `restore`, the exact inverse of `neutralise`, so an export imports
back unchanged.
"""

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a formula
QUOTE = "'"


def neutralise(value):
    """Return text that could be read as a formula with a quote before it; anything else as is.

    Text that already starts with quotes before a formula character gets one more, so that
    `restore` can always take exactly one away.
    """
    if isinstance(value, str) and value.lstrip(QUOTE).startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def safe_row(values: Iterable) -> list:
    """Return a row ready for a CSV or XLSX writer: every text cell neutralised."""
    return [neutralise(value) for value in values]


def restore(text: str) -> str:
    """Take away the quote that `neutralise` added; other text is returned unchanged."""
    if text.startswith(QUOTE) and text.lstrip(QUOTE).startswith(FORMULA_STARTS):
        return text[1:]
    return text
