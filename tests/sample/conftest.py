"""The sample's CSV files as built, read once per module, and the reading of a list cell;
the sample's desk built on a published plan."""

import csv
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from app import create_app
from extensions import db
from plans.bridge import scenario_instance, store_plan
from publishing.service import publish
from sample import waiting_list
from sample.build import OUTPUT_DIR
from sample.loading import default_start, load_sample
from sample.waiting_list import add_waiting_list
from scheduler import baseline

REPO = Path(__file__).resolve().parents[2]
FILES = ("sites", "practices", "units", "services", "clinicians", "demand")
UNIT_TYPES = {"outpatient", "theatre", "radiology"}


def _read(name: str) -> list[dict[str, str]]:
    with (OUTPUT_DIR / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def data() -> dict[str, list[dict[str, str]]]:
    """Each sample file's rows, by file name."""
    return {name: _read(name) for name in FILES}


def listed(cell: str) -> list[str]:
    """The items of a semicolon-separated cell."""
    return [item.strip() for item in cell.split(";") if item.strip()]


NOW = datetime(2026, 11, 25, 13, 30)  # a Wednesday afternoon, six weeks into the sample tour


@pytest.fixture
def few_seen(monkeypatch):
    """The past's patients of every tenth session begun, not of all (some 3,800 referrals):
    for tests of what the desk does, not of how full the past was."""
    every = waiting_list.seen_patients
    monkeypatch.setattr(waiting_list, "seen_patients", lambda begun, *a: every(begun[::10], *a))


@pytest.fixture
def sample_desk(app):
    """Build the sample's desk as of NOW: load the sample from a start (default: as
    load-sample does), publish the baseline plan, add the waiting list."""

    def build(start: date | None = None, *, publish_plan: bool = True, most: int = 600):
        scenario = load_sample(start or default_start(NOW.date()))
        if publish_plan:
            domain = baseline(scenario_instance(scenario))
            plan = store_plan(scenario, domain, name="Baseline", kpis={})
            db.session.commit()
            publish(plan)
        return add_waiting_list(scenario, NOW, most=most)

    return build


@pytest.fixture(scope="session")
def _built_desks(tmp_path_factory) -> dict:
    """Sample desks built once for the whole run: (database file, summary) by how built."""
    return {"dir": tmp_path_factory.mktemp("sample-desks")}


@pytest.fixture
def built_desk(app, sample_desk, _built_desks):
    """The default sample desk as of NOW, as `sample_desk()` builds it, but built once per run
    and copied into this test's database: for tests that only read it."""

    def build():
        target = Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
        if "summary" not in _built_desks:
            _built_desks["summary"] = sample_desk()
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
            shutil.copy(target, _built_desks["dir"] / "desk.sqlite3")
            return _built_desks["summary"]
        db.session.remove()
        db.engine.dispose()
        shutil.copy(_built_desks["dir"] / "desk.sqlite3", target)
        return _built_desks["summary"]

    return build


COPIED_SETTINGS = (
    "TESTING",
    "SECRET_KEY",
    "RATELIMIT_ENABLED",
    "WTF_CSRF_ENABLED",
    "HUEY_SQLITE_PATH",
    "SOLVER_WORKERS",
    "HTTPS",
    "SECURITY_LOG_PATH",
)


@pytest.fixture
def second_app(app, migrated_template, tmp_path):
    """Another app like `app`, on a database of its own."""
    path = tmp_path / "second.sqlite3"
    shutil.copy(migrated_template, path)
    config = {key: app.config[key] for key in COPIED_SETTINGS}
    other = create_app(config | {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    yield other
    with other.app_context():
        db.engine.dispose()
