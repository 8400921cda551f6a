"""A plan's schedules for people: the site calendar, the rota, printable sheets and exports."""

import json

from scheduler import read_instance, read_plan, validate
from tests.data import INSTANCES


def test_plan_json_export_passes_validate(client, login, import_tiny_plan):
    plan = import_tiny_plan()
    login("ops")
    response = client.get(f"/ops/plans/{plan.id}/export.json")
    exported = read_plan(json.loads(response.data))
    assert validate(read_instance(INSTANCES / "example-small.json"), exported) == []


def test_site_calendar_rota_and_print(client, login, import_tiny_plan):
    plan = import_tiny_plan()
    login("ops")
    session = plan.sessions[0]
    clinician = session.clinicians[0]
    site_id = plan.placements[0].site_id
    html = client.get(f"/ops/plans/{plan.id}/sites").data.decode()
    assert f'id="site-{site_id}"' in html and clinician.name in html
    html = client.get(f"/ops/plans/{plan.id}/rota").data.decode()
    assert f"{clinician.name}: 1 sessions" in html and "Clinicians with no sessions" in html
    printable = client.get(f"/ops/plans/{plan.id}/sites/{site_id}/print").data.decode()
    assert session.date.strftime("%a %-d %b %Y") in printable
    assert client.get(f"/ops/plans/{plan.id}/sites/nowhere/print").status_code == 404


def test_exports_parse_back(client, login, import_tiny_plan):
    import csv
    import io

    from icalendar import Calendar
    from openpyxl import load_workbook

    plan = import_tiny_plan()
    login("ops")
    rows = list(csv.DictReader(io.StringIO(client.get(f"/ops/plans/{plan.id}/export.csv").text)))
    assert len(rows) == 1 and rows[0]["service"] == plan.sessions[0].service_id
    workbook = load_workbook(io.BytesIO(client.get(f"/ops/plans/{plan.id}/export.xlsx").data))
    assert workbook.sheetnames == ["timeline", "sessions", "rota", "figures"]
    assert workbook["sessions"].max_row == 2
    assert workbook["timeline"]["B2"].value == plan.placements[0].site_id
    clinician = plan.sessions[0].clinicians[0]
    ics = client.get(f"/ops/plans/{plan.id}/rota/{clinician.id}.ics")
    assert ics.mimetype == "text/calendar"
    events = Calendar.from_ical(ics.data).walk("VEVENT")
    assert len(events) == 1
    assert events[0].decoded("dtstart").date() == plan.sessions[0].date
    assert client.get(f"/ops/plans/{plan.id}/export.pdf").status_code == 404
