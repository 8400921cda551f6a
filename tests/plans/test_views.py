"""The operations workspace pages for scenarios and plans."""

import json

from extensions import db
from plans.models import Plan
from scheduler import read_instance, read_plan, validate
from tests.data import INSTANCES
from tests.plans.test_commands import _tiny_plan


def _plan(runner, tmp_path) -> Plan:
    runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])
    document = _tiny_plan(read_instance(INSTANCES / "example-small.json"))
    (tmp_path / "plan.json").write_text(json.dumps(document))
    result = runner.invoke(args=["import-plan", str(tmp_path / "plan.json"), "--name", "Tiny"])
    assert result.exit_code == 0, result.output
    return db.session.scalar(db.select(Plan).order_by(Plan.id.desc()))


def test_plan_page_shows_timeline_figures_and_a_unit_week(client, login, runner, tmp_path):
    plan = _plan(runner, tmp_path)
    login("ops")
    html = client.get(f"/ops/plans/{plan.id}").data.decode()
    assert "Where each unit stands" in html and "Coverage by locality" in html
    placement = plan.placements[0]
    assert f"➜ {placement.site_id}" in html
    html = client.get(f"/ops/plans/{plan.id}?unit={placement.unit_id}&week=1").data.decode()
    assert f"{placement.unit_id} in week 2: " in html
    assert plan.sessions[0].clinicians[0].name in html


def test_publish_makes_one_published_plan(client, login, runner, tmp_path):
    plan = _plan(runner, tmp_path)
    login("ops")
    response = client.post(f"/ops/plans/{plan.id}/publish", follow_redirects=True)
    assert "Published “Tiny”" in response.data.decode()
    assert db.session.get(Plan, plan.id).status == "published"
    second = _plan(runner, tmp_path)
    response = client.post(f"/ops/plans/{second.id}/publish", follow_redirects=True)
    assert "It replaces “Tiny”, now a draft." in response.data.decode()
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).status == "draft"
    assert db.session.get(Plan, second.id).status == "published"


def test_plan_json_export_passes_validate(client, login, runner, tmp_path):
    plan = _plan(runner, tmp_path)
    login("ops")
    response = client.get(f"/ops/plans/{plan.id}/export.json")
    exported = read_plan(json.loads(response.data))
    assert validate(read_instance(INSTANCES / "example-small.json"), exported) == []


def test_plan_pages_need_the_ops_role(client, login, runner, tmp_path):
    plan = _plan(runner, tmp_path)
    login("booking")
    for path in (f"/ops/plans/{plan.id}", "/ops/scenarios/example-small", "/ops/jobs/1"):
        assert client.get(path).status_code == 403
    assert client.post(f"/ops/plans/{plan.id}/publish").status_code == 403


def test_site_calendar_rota_and_print(client, login, runner, tmp_path):
    plan = _plan(runner, tmp_path)
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


def test_exports_parse_back(client, login, runner, tmp_path):
    import csv
    import io

    from icalendar import Calendar
    from openpyxl import load_workbook

    plan = _plan(runner, tmp_path)
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
