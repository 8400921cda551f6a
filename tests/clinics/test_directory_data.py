"""The directory as JSON and CSV: the documented shape, and cells safe from formulas."""

import csv
import io
import json
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from clinics.directory import build_directory
from clinics.directory_data import CSV_COLUMNS, directory_csv, directory_json
from clinics.timetable import Clinic, PublicService, PublicSite, Timetable
from spreadsheets.safe_cells import FORMULA_STARTS

TODAY = date(2027, 1, 4)
HOSTILE = '=HYPERLINK("http://x","y")'
SITES = {
    "tring": PublicSite("tring", HOSTILE, "-Tring", "HP23 5JD", "", 51.79, -0.65, ()),
}
SERVICES = {
    "derm": PublicService("derm", "+Dermatology", "outpatient", 18),
    "mri": PublicService("mri", "MRI scan", "radiology", 6),
}


def _directory(sites=SITES):
    day = TODAY + timedelta(days=8)
    clinic = Clinic(
        "tring",
        "derm",
        day,
        "PM",
        datetime.combine(day, time(13, 30)),
        datetime.combine(day, time(17, 30)),
        (1,),
    )
    table = Timetable("v1", sites, SERVICES, (clinic,), ())
    return build_directory(table, [], TODAY)


def _json(sites=SITES):
    document = directory_json(
        _directory(sites), lambda s: f"/services/{s}", lambda s: f"/sites/{s}"
    )
    return json.loads(json.dumps(document))  # what a client reads


def test_the_json_document_has_the_documented_shape():
    document = _json()
    assert set(document) == {"date", "horizon_weeks", "wait_measure", "services"}
    assert document["date"] == "2027-01-04" and document["horizon_weeks"] == 26
    derm, mri = document["services"]
    assert set(derm) == {"id", "name", "url", "kind", "what", "wait", "how_to_refer", "sites"}
    assert derm["url"] == "/services/derm" and derm["kind"] == "outpatient"
    assert derm["wait"] == {
        "first_free_date": None,
        "days": None,
        "weeks": None,
        "text": "No appointments free in the next 26 weeks",
        "standard_weeks": 18,
        "standard": "18 weeks from referral to treatment",
        "within_standard": None,
    }
    assert derm["how_to_refer"]["route"] == "gp_referral"
    assert derm["how_to_refer"]["through"] == ["practice", "fhir-api"]
    assert "not yet on the NHS e-Referral Service" in derm["how_to_refer"]["text"]
    assert mri["how_to_refer"]["route"] == "direct_access" and mri["sites"] == []
    (site,) = derm["sites"]
    assert site["id"] == "tring" and site["url"] == "/sites/tring"
    assert site["next_dates"] == [
        {"date": "2027-01-12", "period": "PM", "start": "13:30", "end": "17:30"}
    ]
    assert site["more_dates"] == 0 and site["first_free_date"] is None
    assert "address" not in site  # the site data has none: no empty field


def test_a_sites_address_is_given_when_the_data_has_it():
    sites = {"tring": replace(SITES["tring"], address="Station Road")}
    (site,) = _json(sites)["services"][0]["sites"]
    assert site["address"] == "Station Road"


def test_the_csv_has_a_row_per_service_and_site():
    rows = list(csv.DictReader(io.StringIO(directory_csv(_directory()))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [(r["service_id"], r["site_id"]) for r in rows] == [("derm", "tring"), ("mri", "")]
    assert rows[0]["next_dates"] == "2027-01-12 PM" and rows[0]["wait_standard_weeks"] == "18"
    assert rows[1]["how_to_refer"] == "direct_access" and rows[1]["first_free_date"] == ""


def test_no_csv_cell_could_be_read_as_a_formula():
    text = directory_csv(_directory())
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert [c for c in cells if c.startswith(FORMULA_STARTS)] == []
    assert "'" + HOSTILE in cells and "'+Dermatology" in cells and "'-Tring" in cells
