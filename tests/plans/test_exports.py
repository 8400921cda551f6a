"""A plan's exports: the sessions as CSV, a workbook, and a clinician's rota as iCalendar."""

import csv
import io

from icalendar import Calendar
from openpyxl import load_workbook

from extensions import db
from plans.exports import SESSION_COLUMNS, plan_xlsx, rota_ics, sessions_csv


def test_the_csv_has_a_row_per_session_and_no_cell_can_become_a_formula(app, import_tiny_plan):
    plan = import_tiny_plan()
    session = plan.sessions[0]
    service = next(s for s in plan.scenario.services if s.id == session.service_id)
    service.name = "=HYPERLINK(1)"
    db.session.commit()
    [row] = list(csv.DictReader(io.StringIO(sessions_csv(plan))))
    assert list(row) == list(SESSION_COLUMNS)
    assert (row["date"], row["unit"], row["room"]) == (
        session.date.isoformat(),
        session.unit_id,
        "0",
    )
    assert row["service_name"] == "'=HYPERLINK(1)"
    assert row["clinicians"] == "; ".join(c.name for c in session.clinicians)


def test_the_workbook_holds_the_rota_and_every_figure(app, import_tiny_plan):
    plan = import_tiny_plan()
    book = load_workbook(io.BytesIO(plan_xlsx(plan)))
    rota = list(book["rota"].values)
    assert rota[1][0] == plan.sessions[0].clinicians[0].name
    figures = {row[0]: row[1:] for row in book["figures"].values}
    assert figures["coverage"][0] == plan.kpis["coverage"]
    locality, values = next(iter(plan.kpis["by_locality"].items()))
    assert figures[f"by_locality: {locality}"] == (values["served"], values["demand"])


def test_a_rota_holds_only_that_clinician_s_sessions(app, import_tiny_plan):
    plan = import_tiny_plan()
    clinician = plan.sessions[0].clinicians[0]
    calendar = Calendar.from_ical(rota_ics(plan, clinician.id, clinician.name))
    [event] = calendar.walk("VEVENT")
    assert str(calendar["x-wr-calname"]) == f"{clinician.name}: mobile clinic sessions"
    assert f"-{clinician.id}@dacorum-mobile-clinics" in str(event["uid"])
    other = next(c for c in plan.scenario.clinicians if c.id != clinician.id)
    assert Calendar.from_ical(rota_ics(plan, other.id, other.name)).walk("VEVENT") == []
