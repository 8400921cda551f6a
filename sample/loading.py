"""Load the Dacorum sample data set as the scenario `dacorum-sample`."""

from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from booking.clocks import local_now
from extensions import db
from inputs import cells
from inputs.importer import RawTable, import_tables
from inputs.models import Clinician, Practice, Service, Site, Unit
from plans.bridge import scenario_instance, store_plan
from plans.calendar import bank_holidays
from plans.models import Plan, Scenario
from publishing.service import publish
from scheduler import score, solve
from spreadsheets.files import read_paths

SAMPLE_ID = "dacorum-sample"
SAMPLE_WEEKS = 16
# The sample CSVs date leave and maintenance for a cycle starting on this Monday; loading
# shifts them by whole weeks to the real start, so weekdays stay as the job plans expect.
NOMINAL_START = date(2027, 1, 4)
_RANGE_COLUMNS = {"sites": "unavailable", "units": "unavailable", "clinicians": "leave"}
# By default the tour began this many weeks before the current one, so the desk has a past
# (clinics held, outcomes recorded, follow-ups falling due) as well as clinics to come.
WEEKS_UNDER_WAY = 6


def default_start(today: date) -> date:
    """The Monday WEEKS_UNDER_WAY weeks before this week's: the sample tour is under way."""
    return today - timedelta(days=today.weekday(), weeks=WEEKS_UNDER_WAY)


def load_sample(start: date | None = None) -> Scenario | None:
    """Import the sample tables and create its scenario; None if it is already loaded."""
    if db.session.get(Scenario, SAMPLE_ID) is not None:
        return None
    start = start or default_start(local_now().date())
    if start.weekday() != 0:
        raise ValueError(f"the sample must start on a Monday, not {start:%A %Y-%m-%d}")
    tables = read_paths([current_app.config["SAMPLE_DATA_DIR"]])
    _shift_dates(tables, start - NOMINAL_START)
    import_tables(tables)
    scenario = Scenario(
        id=SAMPLE_ID,
        name="Dacorum sample: 16-week tour",
        start=start,
        weeks=SAMPLE_WEEKS,
        weekdays=["Mon", "Tue", "Wed", "Thu", "Fri"],
        periods=["AM", "PM"],
        closed_dates=[day.isoformat() for day in bank_holidays(start, SAMPLE_WEEKS)],
        is_sample=True,
        extras={},
        fixed={},
        sites=_all(Site),
        units=_all(Unit),
        services=_all(Service),
        practices=_all(Practice),
        clinicians=_all(Clinician),
    )
    db.session.add(scenario)
    db.session.commit()
    return scenario


def _all(model) -> list:
    return list(db.session.scalars(sa.select(model).order_by(model.id)))


def _shift_dates(tables: dict[str, RawTable], offset: timedelta) -> None:
    """Move every date range in the tables by the offset (a whole number of weeks)."""
    for name, column in _RANGE_COLUMNS.items():
        for _, row in tables[name].rows if name in tables else ():
            text = row.get(column, "")
            if text.strip():
                shifted = [(a + offset, b + offset) for a, b in cells.date_ranges(text)]
                row[column] = cells.format_value(shifted)


def plan_sample(scenario: Scenario, time_limit_s: float) -> Plan | None:
    """Plan the sample with the planner and publish the plan, so the app shows a live tour.

    Returns the published plan, or None if the planner found no plan in the time.
    """
    instance = scenario_instance(scenario)
    result = solve(
        instance,
        time_limit_s=time_limit_s,
        seed=0,
        workers=current_app.config["SOLVER_WORKERS"],
    )
    if result.plan is None:
        return None
    row = store_plan(
        scenario,
        result.plan,
        name="Sample plan",
        kpis=score(instance, result.plan).to_json(),
    )
    row.bound = result.plan.bound
    db.session.commit()
    publish(row)
    return row
