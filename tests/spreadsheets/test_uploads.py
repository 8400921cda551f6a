"""Importing uploaded files: CSV files or a workbook by their names, each table once, and
nothing chosen refused."""

import io

import pytest

from extensions import db
from inputs.models import Unit
from spreadsheets.files import FileProblem
from spreadsheets.uploads import NOTHING_CHOSEN, import_uploads

UNITS = b"id,name,type,rooms\nop-2,Outpatient unit 2,outpatient,3\n"


def test_a_csv_sent_with_a_path_is_imported_by_its_name(app):
    import_uploads([("exports/units.csv", io.BytesIO(UNITS))])  # a browser may send a path
    assert db.session.get(Unit, "op-2").rooms == 3


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        ([], NOTHING_CHOSEN),
        ([("units.txt", UNITS)], "units.txt: not a .csv or .xlsx file"),
        (
            [("units.csv", UNITS), ("Units.csv", UNITS)],
            "Units.csv: the units table is also in units.csv; upload it once",
        ),
    ],
)
def test_uploads_that_cannot_be_imported_are_refused_whole(app, files, problem):
    with pytest.raises(FileProblem) as refused:
        import_uploads([(name, io.BytesIO(body)) for name, body in files])
    assert str(refused.value) == problem
    assert db.session.get(Unit, "op-2") is None
