"""A plan as CSV, as an XLSX workbook (a sheet per view) and as iCalendar rotas."""

import csv
import io
from datetime import UTC, datetime

from icalendar import Calendar, Event
from openpyxl import Workbook

from plans.models import Plan
from plans.schedule import Line, schedule_lines
from plans.timeline import build_timeline
from spreadsheets.safe_cells import safe_row

SESSION_COLUMNS = (
    "date",
    "session",
    "site",
    "site_name",
    "unit",
    "room",
    "service",
    "service_name",
    "clinicians",
)


def _session_row(line: Line) -> list:
    return safe_row(
        [
            line.date.isoformat(),
            line.period,
            line.site_id,
            line.site_name,
            line.unit_id,
            line.room,
            line.service_id,
            line.service_name,
            "; ".join(line.clinicians),
        ]
    )


def sessions_csv(plan: Plan) -> str:
    """Every session of the plan, one row each."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SESSION_COLUMNS)
    for line in schedule_lines(plan):
        writer.writerow(_session_row(line))
    return out.getvalue()


def plan_xlsx(plan: Plan) -> bytes:
    """A workbook with the timeline, the sessions, the clinician rota and the figures; every
    row goes through safe_row, so no text cell can become a formula."""
    workbook = Workbook()
    timeline = build_timeline(plan)
    sheet = workbook.active
    sheet.title = "timeline"
    sheet.append(["unit"] + [f"W{w + 1} {monday.isoformat()}" for w, monday in timeline.weeks])
    for unit in timeline.units:
        cells = [timeline.cells[unit.id, w].site_id or "" for w, _ in timeline.weeks]
        sheet.append(safe_row([unit.id, *cells]))
    lines = schedule_lines(plan)
    sessions = workbook.create_sheet("sessions")
    sessions.append(list(SESSION_COLUMNS))
    for line in lines:
        sessions.append(_session_row(line))
    rota = workbook.create_sheet("rota")
    rota.append(["clinician", "date", "session", "site_name", "service_name"])
    for line in lines:
        for clinician in line.clinicians:
            rota.append(
                safe_row(
                    [
                        clinician,
                        line.date.isoformat(),
                        line.period,
                        line.site_name,
                        line.service_name,
                    ]
                )
            )
    figures = workbook.create_sheet("figures")
    for key, value in (plan.kpis or {}).items():
        if not isinstance(value, dict):
            figures.append(safe_row([key, value]))
    for group in ("by_locality", "by_service"):
        for name, values in (plan.kpis or {}).get(group, {}).items():
            figures.append(safe_row([f"{group}: {name}", values["served"], values["demand"]]))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rota_ics(plan: Plan, clinician_id: str, clinician_name: str) -> bytes:
    """One clinician's sessions as an iCalendar file (RFC 5545)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Dacorum Mobile Clinics//rota//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{clinician_name}: mobile clinic sessions")
    stamp = datetime.now(UTC)
    for line in schedule_lines(plan):
        if clinician_id not in line.clinician_ids:
            continue
        event = Event()
        event.add(
            "uid",
            f"plan{plan.id}-{line.unit_id}-{line.date}-{line.period}-{line.room}"
            f"-{clinician_id}@dacorum-mobile-clinics",
        )
        event.add("dtstamp", stamp)
        event.add("dtstart", line.start)
        event.add("dtend", line.end)
        event.add("summary", f"{line.service_name} at {line.site_name}")
        event.add("location", line.site_name)
        event.add(
            "description",
            f"Unit {line.unit_id}, room {line.room + 1}. With: {', '.join(line.clinicians)}.",
        )
        calendar.add_component(event)
    return calendar.to_ical()
