"""The spreadsheet pages: upload all or nothing with every row-level problem shown, and the
downloads the page links."""

import io

from openpyxl import Workbook

from extensions import db
from inputs.models import Site, Unit
from spreadsheets.files import read_xlsx
from tests.inputs.conftest import audit_events, text_of

SITES = (
    "id,name,locality,postcode,lat,lon,pads,unit_types\n"
    "S17,Tring Sportspace,Tring,hp23 5,51.7925,-0.648,2,outpatient;radiology\n"
)
UNITS = "id,name,type,rooms\nop-2,Outpatient unit 2,outpatient,3\n"


def upload(client, *files: tuple[str, bytes]):
    data = {"files": [(io.BytesIO(body), name) for name, body in files]}
    return client.post("/ops/data/upload", data=data, content_type="multipart/form-data")


def test_the_page_links_the_downloads(client, login):
    login()
    html = text_of(client.get("/ops/data/upload"))
    assert 'href="/ops/data.xlsx"' in html and 'href="/ops/data/clinicians.csv"' in html
    assert 'enctype="multipart/form-data"' in html


def test_several_csv_files_import_and_the_counts_are_shown(client, login, world):
    login()
    units = UNITS + "op-1,Outpatient unit 1,outpatient,4\n"
    response = upload(client, ("sites.csv", SITES.encode()), ("units.csv", units.encode()))
    assert response.status_code == 302
    html = text_of(client.get(response.location))
    assert "Imported. sites: 1 new, 0 updated; units: 1 new, 1 updated." in html
    assert db.session.get(Site, "S17").postcode == "HP23 5"
    assert db.session.get(Unit, "op-1").rooms == 4
    assert [e.action for e in audit_events()] == ["import"]


def test_a_workbook_imports(client, login):
    login()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "units"
    for line in UNITS.splitlines():
        sheet.append(line.split(","))
    body = io.BytesIO()
    workbook.save(body)
    response = upload(client, ("data.xlsx", body.getvalue()))
    assert response.status_code == 302
    assert db.session.get(Unit, "op-2").rooms == 3


def test_any_bad_row_imports_nothing_and_every_problem_is_shown(client, login):
    login()
    bad_units = UNITS + "op-3,,submarine,0\n"
    response = upload(client, ("sites.csv", SITES.encode()), ("units.csv", bad_units.encode()))
    assert response.status_code == 200
    html = text_of(response)
    assert "Nothing was imported" in html and "3 problems in the files" in html
    for reason in ("must not be empty", "'submarine' is not one of", "must be at least 1"):
        assert reason in html
    assert '<td class="nhsuk-table__cell">units.csv</td>' in html
    assert '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">3</td>' in html
    assert db.session.get(Site, "S17") is None and db.session.get(Unit, "op-2") is None
    assert audit_events() == []


def test_files_that_are_not_our_tables_are_refused(client, login):
    login()
    html = text_of(upload(client, ("notes.txt", b"hello")))
    assert "notes.txt: not a .csv or .xlsx file" in html
    html = text_of(upload(client, ("rota.csv", b"a,b\n")))
    assert "rota.csv: the file name must be one of sites.csv" in html
    html = upload(client, ("units.csv", UNITS.encode()), ("UNITS.csv", UNITS.encode()))
    assert "the units table is also in units.csv" in text_of(html)
    html = text_of(client.post("/ops/data/upload", data={}))
    assert "Choose an Excel workbook (.xlsx) or one or more CSV files" in html
    assert db.session.get(Unit, "op-2") is None


def test_the_downloads_are_saved_as_files_and_read_back(client, login, world):
    login()
    response = client.get("/ops/data/sites.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="sites.csv"'
    assert "S01,Hemel Hempstead Hospital" in response.data.decode()
    workbook = client.get("/ops/data.xlsx")
    assert 'filename="mobile-units-data.xlsx"' in workbook.headers["Content-Disposition"]
    assert read_xlsx(io.BytesIO(workbook.data), "data.xlsx")["sites"].rows[0][1]["id"] == "S01"
    assert client.get("/ops/data/trucks.csv").status_code == 404
