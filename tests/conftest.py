"""Shared fixtures: an app on a fresh, migrated SQLite database for every test."""

import json
import os
import shutil
import subprocess
import sys
from datetime import date

import pyotp
import pytest
from argon2 import PasswordHasher
from flask import current_app

from accounts import passwords
from app import create_app
from booking.models import Referral
from database.migrate import upgrade
from extensions import db
from plans.models import Plan
from scheduler import Instance, read_instance
from tests.data import INSTANCES

# `world` and `site_pages`: every page of the app; URL builders compiled once, not per app.
pytest_plugins = ["tests.site_pages", "tests.url_builders"]
PASSWORD = "correct-horse-battery"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # a known TOTP secret for test accounts
REAL_HASHER = passwords._HASHER  # the app's, read before any test replaces it


@pytest.fixture(autouse=True)
def quick_hashes():
    """Hash passwords with argon2's cheapest settings. The app's own (argon2-cffi's defaults,
    64 MiB and three passes) took half the time of a test that signs in; what the tests show
    is the sign-in's logic, not the hash's cost. tests/accounts/test_passwords.py hashes with
    the real settings (`real_hashes`) and checks what they are.

    A patch of its own, not the `monkeypatch` fixture, which this would set up before every
    other fixture and so undo after them, when their teardowns need the test's patches gone.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            passwords, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        )
        passwords._dummy_hash.cache_clear()
        yield
    passwords._dummy_hash.cache_clear()


@pytest.fixture
def real_hashes():
    """Hash passwords as the app does (undoes `quick_hashes` for one test)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_HASHER", REAL_HASHER)
        passwords._dummy_hash.cache_clear()
        yield
    passwords._dummy_hash.cache_clear()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """A database file with every migration applied, copied for each test (faster than
    migrating each time, and still the real migrations)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    app = create_app(_config(path))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture(scope="session")
def example_small_template(migrated_template, tmp_path_factory):
    """A migrated database file with example-small imported by `flask import-instance`, for
    the tests that start from it (importing it for each took a third of a second)."""
    path = tmp_path_factory.mktemp("example") / "example-small.sqlite3"
    shutil.copy(migrated_template, path)
    app = create_app(_config(path))
    with app.app_context():
        runner = app.test_cli_runner()
        result = runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])
        assert result.exit_code == 0, result.output
        db.session.remove()
        db.engine.dispose()
    return path


@pytest.fixture
def example_small(app, example_small_template) -> None:
    """The test's database as `flask import-instance example-small.json` leaves it: a copy of
    the file made once, put in place before the test's first query."""
    db.session.remove()
    db.engine.dispose()
    shutil.copy(example_small_template, db.engine.url.database)


def _config(path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
        "RATELIMIT_ENABLED": False,
        "WTF_CSRF_ENABLED": False,
        "HUEY_SQLITE_PATH": str(path.parent / "huey.sqlite3"),
        "SOLVER_WORKERS": 1,
        "HTTPS": False,  # the test client speaks plain http
        "SECURITY_LOG_PATH": str(path.parent / "security.log"),
    }


@pytest.fixture
def app(migrated_template, tmp_path):
    path = tmp_path / "test.sqlite3"
    shutil.copy(migrated_template, path)
    app = create_app(_config(path))
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a user with a known password."""
    from accounts.service import create_user

    def make(
        username: str = "ops",
        role: str = "ops",
        password: str = PASSWORD,
        practice: str | None = None,
    ):
        return create_user(username, password, role, practice_id=practice)

    return make


def enrol_totp(user, secret: str = TOTP_SECRET) -> None:
    """Switch two-step sign-in on for an account with a known secret, as enrolment does."""
    from accounts import clock

    user.totp_secret = secret
    user.totp_enabled_at = clock.now()
    db.session.commit()


def current_code(secret: str = TOTP_SECRET) -> str:
    """Return the code an authenticator app shows now (by the accounts' clock, which tests
    may have stopped)."""
    from accounts import clock

    return pyotp.TOTP(secret).at(clock.now())


@pytest.fixture
def login(client, make_user):
    """Sign in as a new user of the given role (CSRF is off in the test client by default).

    Administrators must use two-step sign-in, so an admin is enrolled with TOTP_SECRET
    and signs in with its current code as well. A practice account names its practice.
    """

    def sign_in(role: str = "ops", username: str | None = None, practice: str | None = None):
        user = make_user(username or role, role, practice=practice)
        if role == "admin":
            enrol_totp(user)
        response = client.post("/login", data={"username": user.username, "password": PASSWORD})
        assert response.status_code == 302, response.data
        if user.has_totp:
            response = client.post("/account/sign-in-code", data={"code": current_code()})
            assert response.status_code == 302, response.data
            assert "/login" not in response.headers["Location"]
        return user

    return sign_in


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright, one for the whole run (Playwright's sync API
    allows one driver per process)."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def spawn_worker(app) -> subprocess.Popen:
    """Start a real queue worker (`flask worker`) on the app's database and queue."""
    from config import ROOT

    env = os.environ | {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "HUEY_SQLITE_PATH": app.config["HUEY_SQLITE_PATH"],
        "SECRET_KEY": "test-secret",
        "SOLVER_WORKERS": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _tiny_plan_document(instance: Instance) -> dict:
    """One placement and one staffed session, chosen from the instance so they obey the rules."""
    service = next(s for s in instance.services if len(s.staff) == 1 and s.capability is None)
    unit = next(u for u in instance.units if u.type == service.unit_type and not u.unavailable)
    site = next(s for s in instance.sites if unit.type in s.unit_types and not s.unavailable)
    for clinician in instance.clinicians:
        if service.staff[0] not in clinician.skills or clinician.leave:
            continue
        for slot in clinician.availability:
            day, period = slot.split("-")
            weekday = ("Mon", "Tue", "Wed", "Thu", "Fri").index(day) if day != "Sat" else None
            if weekday is None:
                continue
            session_date = date.fromordinal(instance.horizon.start.toordinal() + 7 + weekday)
            return {
                "format": "mobile-units-plan/1",
                "instance": instance.name,
                "placements": [
                    {"unit": unit.id, "site": site.id, "week": 0},
                    {"unit": unit.id, "site": site.id, "week": 1},
                ],
                "sessions": [
                    {
                        "unit": unit.id,
                        "date": session_date.isoformat(),
                        "session": period,
                        "room": 0,
                        "service": service.id,
                        "clinicians": [clinician.id],
                    }
                ],
            }
    raise AssertionError("no clinician fits")


@pytest.fixture
def tiny_plan_document() -> dict:
    """A plan of example-small in the contract's JSON form: two unit-weeks, one session."""
    return _tiny_plan_document(read_instance(INSTANCES / "example-small.json"))


@pytest.fixture
def import_tiny_plan(tmp_path, tiny_plan_document):
    """Import example-small and the tiny plan with the commands, on the app in context (the
    test's, or a race's); each call adds the plan again and returns it."""

    def import_plan() -> Plan:
        runner = current_app.test_cli_runner()
        runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])
        path = tmp_path / "tiny-plan.json"
        path.write_text(json.dumps(tiny_plan_document))
        result = runner.invoke(args=["import-plan", str(path), "--name", "Tiny"])
        assert result.exit_code == 0, result.output
        return db.session.scalar(db.select(Plan).order_by(Plan.id.desc()))

    return import_plan


@pytest.fixture
def referral_for(app):
    """Add a referral for the service of a plan's first session; return it."""

    def refer(plan: Plan, nhs_number: str = "9434765919") -> Referral:
        session = plan.sessions[0]
        referral = Referral(
            nhs_number=nhs_number,
            name="Test Patient",
            date_of_birth=date(1950, 1, 1),
            postcode="HP1 1AA",
            practice_id=plan.scenario.practices[0].id,
            service_id=session.service_id,
            referral_date=date(2026, 12, 1),
        )
        db.session.add(referral)
        db.session.commit()
        return referral

    return refer
