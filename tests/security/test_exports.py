"""Every CSV and XLSX export is safe from formula injection (ASVS V5.3), and imports back.

A referral named like a formula and a site named `+1` (with a clinician, a locality and a demand
source of the same kind) go through every export: the breach report, the plan's CSV and XLSX,
the data downloads and `flask export-data`. No text cell may begin with a formula character and
no XLSX cell may be a formula; numbers stay numbers, negative ones too.
"""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from extensions import db
from inputs.models import Clinician, Demand, Practice, Site
from inputs.tables import TABLES
from spreadsheets.safe_cells import FORMULA_STARTS
from tests.booking.conftest import NEAR_SITE, Desk
from tests.data import INSTANCES

PATIENT = '=HYPERLINK("http://x","y")'
SITE = "+1"
CLINICIAN = "@SUM(1+1)*cmd|' /C calc'!A0"
LOCALITY = "-Kings Langley"
SOURCE = "\tpasted from a report"


@pytest.fixture
def hostile(app, runner):
    """The example-small world with formula-like names, a breaching referral and a plan."""
    result = runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])
    assert result.exit_code == 0, result.output
    desk = Desk()
    db.session.get(Site, NEAR_SITE).name = SITE
    db.session.get(Practice, "E82102").locality = LOCALITY
    clinician = db.session.get(Clinician, "c-orthopaedic-surgery-1")
    clinician.name = CLINICIAN
    db.session.scalars(db.select(Demand)).first().source = SOURCE
    plan = desk.plan([(NEAR_SITE, date(2027, 1, 11), "AM", 0, "orthopaedics")])
    plan.sessions[0].clinicians.append(clinician)
    plan.kpis = {"coverage": -0.25, "by_locality": {LOCALITY: {"served": 1, "demand": 2}}}
    db.session.commit()
    desk.referral(name=PATIENT, referral_date=date(2020, 1, 6))  # long past its breach date
    return plan


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_cells(text: str) -> list[str]:
    """Every cell of a CSV file, after checking none could be read as a formula."""
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    unsafe = [c for c in cells if c.startswith(FORMULA_STARTS) and not _is_number(c)]
    assert unsafe == []
    return cells


def xlsx_cells(data: bytes) -> list:
    """Every cell value of a workbook, after checking none is or could become a formula."""
    workbook = load_workbook(io.BytesIO(data))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert [text for text in texts if text.startswith(FORMULA_STARTS)] == []
    return [c.value for c in cells]


def test_the_breach_report_csv(client, login, hostile):
    login("booking")
    response = client.get("/booking/breaches.csv")
    assert response.status_code == 200
    cells = csv_cells(response.text)
    assert "'" + PATIENT in cells and "'" + LOCALITY in cells


def test_the_plan_csv_and_xlsx(client, login, hostile):
    login("ops")
    cells = csv_cells(client.get(f"/ops/plans/{hostile.id}/export.csv").text)
    assert "'" + SITE in cells and "'" + CLINICIAN in cells
    values = xlsx_cells(client.get(f"/ops/plans/{hostile.id}/export.xlsx").data)
    assert "'" + SITE in values and "'" + CLINICIAN in values
    assert -0.25 in values  # a negative figure is still a number


def test_the_data_downloads(client, login, hostile):
    login("ops")
    values = xlsx_cells(client.get("/ops/data.xlsx").data)
    assert "'" + SITE in values and "'" + CLINICIAN in values and "'" + SOURCE in values
    assert any(isinstance(v, float) and v < 0 for v in values)  # longitudes west of Greenwich
    seen = []
    for table in TABLES:
        response = client.get(f"/ops/data/{table.name}.csv")
        assert response.status_code == 200
        seen += csv_cells(response.text)
    assert "'" + SITE in seen and "'" + LOCALITY in seen and "'" + SOURCE in seen


def test_the_export_data_command_and_its_round_trip(runner, hostile, tmp_path):
    for output in (tmp_path / "csv", tmp_path / "data.xlsx"):
        result = runner.invoke(args=["export-data", "-o", str(output)])
        assert result.exit_code == 0, result.output
    seen = []
    for path in (tmp_path / "csv").iterdir():
        seen += csv_cells(path.read_text(encoding="utf-8"))
    assert "'" + SITE in seen
    assert "'" + CLINICIAN in xlsx_cells((tmp_path / "data.xlsx").read_bytes())

    for source in (tmp_path / "csv", tmp_path / "data.xlsx"):
        db.session.get(Site, NEAR_SITE).name = "changed"
        db.session.commit()
        result = runner.invoke(args=["import-data", str(source)])
        assert result.exit_code == 0, result.output
        db.session.expire_all()
        assert db.session.get(Site, NEAR_SITE).name == SITE
        assert db.session.get(Practice, "E82102").locality == LOCALITY
        assert CLINICIAN in {c.name for c in db.session.scalars(db.select(Clinician))}
        assert SOURCE in {d.source for d in db.session.scalars(db.select(Demand))}


def test_a_downloaded_workbook_uploads_back_unchanged(client, login, hostile):
    login("ops")
    data = client.get("/ops/data.xlsx").data
    db.session.get(Site, NEAR_SITE).name = "changed"
    db.session.commit()
    response = client.post(
        "/ops/data/upload",
        data={"files": [(io.BytesIO(data), "data.xlsx")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.text
    db.session.expire_all()
    assert db.session.get(Site, NEAR_SITE).name == SITE


def test_the_rtt_report_csv(client, login, hostile):
    login("ops")
    response = client.get("/booking/reports/rtt.csv")
    assert response.status_code == 200
    assert "'" + LOCALITY in csv_cells(response.text)
