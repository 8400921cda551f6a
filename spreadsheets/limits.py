"""Limits on uploads, so that a mistaken or hostile file is refused quickly and by name.

The request is capped first (security.body_size: a body larger than config.MAX_UPLOAD_MB is
answered 413 before anything reads it). Within that, a workbook's zip is checked from the sizes it
declares before openpyxl opens it (a zip bomb inflates a few megabytes into gigabytes), and the
readers in spreadsheets.files count sheets, rows and cells as they go, stopping at the first
limit passed. The XML inside is parsed by defusedxml, which refuses entity declarations (billion
laughs) and external entities (XXE); openpyxl uses it whenever it is installed.
"""

import zipfile

from inputs.tables import TABLES

MEGABYTE = 1024 * 1024
MAX_SHEETS = len(TABLES)  # a workbook holds one sheet per table; any other sheet is refused
MAX_ROWS = 50_000  # per table: demand, the largest, is practices x services (1,000 x 40 fits)
MAX_CELLS = 1_000_000  # per file: 50,000 rows of a dozen columns, with room to spare
MAX_TEXT_BYTES = 100 * MEGABYTE  # a CSV, or a workbook's unpacked XML: a million cells is ~50 MB
MAX_COMPRESSION_RATIO = 100  # sheet XML packs 10 to 30 times; a zip bomb thousands of times
RATIO_CHECKED_FROM_BYTES = MEGABYTE  # a smaller part costs nothing to unpack, whatever its ratio
MAX_ARCHIVE_PARTS = 1_000  # a workbook of six sheets holds a few dozen parts


def archive_problem(stream) -> str | None:
    """Return why a workbook's zip is too big to open, judged by what it declares; else None.

    zipfile stops inflating a part at its declared size (and then fails its CRC check), so the
    declared sizes bound what openpyxl can be made to read. The stream is left at its start.
    """
    try:
        with zipfile.ZipFile(stream) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, EOFError, OSError):
        return None  # not a zip at all: openpyxl says so when it tries to open it
    finally:
        stream.seek(0)
    if len(parts) > MAX_ARCHIVE_PARTS:
        return f"it holds {len(parts):,} parts; a workbook may hold at most {MAX_ARCHIVE_PARTS:,}"
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_TEXT_BYTES:
        return (
            f"it unpacks to {megabytes(unpacked)}, more than the {megabytes(MAX_TEXT_BYTES)} "
            "a workbook may hold; split it into smaller workbooks or CSV files"
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > RATIO_CHECKED_FROM_BYTES and ratio > MAX_COMPRESSION_RATIO:
            return (
                f"its part {part.filename} is compressed {ratio:,.0f} to 1, more than the "
                f"{MAX_COMPRESSION_RATIO} to 1 of any real workbook (a zip bomb?)"
            )
    return None


def megabytes(size: int) -> str:
    """Write a size in bytes as people read it: '10 MB', '2.5 MB'."""
    return f"{size / MEGABYTE:,.1f}".removesuffix(".0") + " MB"
