"""Fixtures (a pytest plugin loaded by tests/conftest.py): a small world with a page behind
every route, and an admin's client to visit them all.

Checks that must hold on every page (form controls, security headers, no patient data in
URLs) walk `site_pages`, so a new page is checked as soon as it has a route.
"""

import re
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from accounts.service import create_user
from app import create_app
from booking.models import Referral
from booking.nhs_number import check_digit
from booking.openings import session_opening
from booking.service import book
from extensions import db
from plans.bridge import scenario_instance, store_plan
from plans.models import ClinicSession, Scenario
from publishing.service import publish
from scheduler.construct.baseline import baseline
from tests.conftest import _config, current_code, enrol_totp
from tests.data import INSTANCES

PASSWORD = "correct-horse-battery"  # as tests/conftest.py's make_user gives every account

DESK_NOW = datetime(2026, 12, 1, 9, 0)  # before the example's plan starts, so it can be booked


@dataclass(frozen=True)
class World:
    """The ids that fill the routes' placeholders."""

    scenario_id: str
    plan_id: int
    site_id: str
    service_id: str
    clinician_id: str
    referral_id: int
    booking_id: int
    nhs_number: str
    session: ClinicSession


def _nhs_number() -> str:
    stem = "943476591"
    return stem + str(check_digit(stem))


def build_world(runner) -> World:
    """Import example-small, publish its baseline plan and book one patient into it."""
    result = runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])
    assert result.exit_code == 0, result.output
    scenario = db.session.get(Scenario, "example-small")
    plan = store_plan(scenario, baseline(scenario_instance(scenario)), name="Baseline", kpis=None)
    db.session.commit()
    publish(plan)
    session = db.session.scalars(
        sa.select(ClinicSession).where(ClinicSession.plan_id == plan.id).order_by(ClinicSession.id)
    ).first()
    referral = Referral(
        nhs_number=_nhs_number(),
        name="Ada Lovelace",
        date_of_birth=date(1960, 5, 17),
        postcode="WD4 3AA",
        practice_id="E82102",
        service_id=session.service_id,
        priority="routine",
        referral_date=date(2026, 10, 1),
        notes="Prefers mornings",
    )
    db.session.add(referral)
    db.session.commit()
    booking = book(referral.id, session.id, now=DESK_NOW)
    return World(
        scenario_id=scenario.id,
        plan_id=plan.id,
        site_id=session_opening(session.id).site_id,
        service_id=session.service_id,
        clinician_id=session.clinicians[0].id,
        referral_id=referral.id,
        booking_id=booking.id,
        nhs_number=referral.nhs_number,
        session=session,
    )


def _values(world: World) -> dict[str, object]:
    return {
        "scenario_id": world.scenario_id,
        "plan_id": world.plan_id,
        "site_id": world.site_id,
        "service_id": world.service_id,
        "clinician_id": world.clinician_id,
        "referral_id": world.referral_id,
        "booking_id": world.booking_id,
        "session_id": world.session.id,
        "kind": "sites",
        "entity_id": world.site_id,
        "name": "sites",
        "day": world.session.date.isoformat(),
        "period": world.session.period,
        "package": "leaflet",
        "filename": "leaflet.css",
        "run_id": 1,
        "user_id": 1,
        "job_id": 1,
        "message_id": 1,
        "finding_id": 1,
        "practice_id": "E82102",  # the practice of the world's referral
        "offer_id": 1,
        "resource_id": "1",  # a FHIR resource's id
        "unknown": "Patient",  # a path the FHIR API does not serve
    }


PUBLIC_PREFIXES = ("/clinics", "/services", "/sites/", "/vendor/", "/static/", "/healthz")
PUBLIC = {"/", "/login", "/logout"}  # signing out when signed out just goes home
# The FHIR API's description, and its token endpoint (which takes a client's secret); every
# other call of the API takes a bearer token, never a staff session: its own part, "api".
PUBLIC |= {"/fhir/", "/fhir/metadata", "/fhir/openapi.json", "/fhir/token"}
API_PREFIX = "/fhir/"
# Which roles may use each part of the staff side (admin may act in every role).
# The first prefix a path starts with decides, so a part inside another comes first.
STAFF_PARTS = {
    # The share of patients offered a choice of sites and dates: commissioners read it too.
    "/booking/reports/choice": {"booking", "ops", "commissioner", "admin"},
    "/booking/reports/": {"booking", "ops", "admin"},  # the waiting-time standards
    "/ops/referrals/": {"ops", "commissioner", "admin"},  # commissioners read referral patterns
    "/ops/": {"ops", "admin"},
    "/booking/": {"booking", "admin"},
    "/admin/": {"admin"},
    "/practice/": {"practice", "admin"},  # a GP practice's own patients
}
ANY_STAFF = {"/staff", "/audit/"}  # /audit/ shows each role its own events


def part_of(url: str) -> str | None:
    """The part of the app a URL belongs to: "public", "api", "any staff", a staff prefix, or
    None."""
    path = url.split("?")[0]
    if path in PUBLIC or path.startswith(PUBLIC_PREFIXES):
        return "public"
    if path.startswith(API_PREFIX):
        return "api"
    if path in ANY_STAFF or path.startswith("/account"):
        return "any staff"
    return next((prefix for prefix in STAFF_PARTS if path.startswith(prefix)), None)


# Pages that need more than their placeholders to show something.
EXTRA_ARGUMENTS = {
    "schedules.export": {"kind": "csv"},
    "clinics.search": {"postcode": "WD4 3AA"},
    "clinics.search_map": {"postcode": "WD4 3AA"},
}


def site_urls(app, world: World) -> dict[str, str]:
    """One URL per GET route (endpoint -> URL), placeholders filled from the world."""
    values = _values(world)
    urls = {}
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint == "static":
                continue
            arguments = {name: values[name] for name in rule.arguments}
            arguments |= EXTRA_ARGUMENTS.get(rule.endpoint, {})
            urls[rule.endpoint] = app.url_for(rule.endpoint, **arguments)
    return urls


def route_urls(app, world: World) -> list[tuple[str, str]]:
    """Every route of the app with each method it answers, placeholders filled (no static)."""
    values = _values(world)
    routes = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static":
                continue
            url = app.url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})
            routes += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return routes


@pytest.fixture
def world(app, runner) -> World:
    return build_world(runner)


@pytest.fixture(scope="module")
def site_pages(migrated_template, tmp_path_factory):
    """Visit every GET page as a signed-in admin, once for each test module that reads them
    (a few seconds each time), on a database of its own; yields the world, the
    (endpoint, url, response) triples and the admin's client."""
    path = tmp_path_factory.mktemp("site-pages") / "site.sqlite3"
    shutil.copy(migrated_template, path)
    app = create_app(_config(path))
    with app.app_context():
        client = app.test_client()
        world = build_world(app.test_cli_runner())
        # Administrators must use two-step sign-in.
        enrol_totp(create_user("site-admin", PASSWORD, "admin"))
        response = client.post("/login", data={"username": "site-admin", "password": PASSWORD})
        assert response.status_code == 302, response.data
        code_page = client.get("/account/sign-in-code")  # half signed in: the second step
        response = client.post("/account/sign-in-code", data={"code": current_code()})
        assert response.headers["Location"] == "/staff", response.data
        # An allocation run and a planner run (queued; no worker needed) for their pages.
        client.post("/booking/allocation/", data={"status": "waiting"})
        client.post(
            f"/ops/scenarios/{world.scenario_id}/solve",
            data={"time_limit_s": 5, "seed": 0, "hint": 0},
        )
        visited = [("accounts.sign_in_code", "/account/sign-in-code", code_page)]
        for endpoint, url in sorted(site_urls(app, world).items()):
            response = client.get(url)
            response.get_data()  # read now, on this app, whatever the tests' apps do later
            visited.append((endpoint, url, response))
        yield world, visited, client
        db.session.remove()
        db.engine.dispose()


class Controls(HTMLParser):
    """The form controls of a page, their labels, and every attribute value."""

    def __init__(self):
        super().__init__()
        self.controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.attribute_values: list[tuple[str, str, str]] = []
        self._label_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        for name, value in attributes.items():
            self.attribute_values.append((tag, name, value))
        if tag == "label":
            self._label_depth += 1
            if attributes.get("for"):
                self.label_for.add(attributes["for"])
        if tag in ("input", "select", "textarea"):
            self.controls.append(attributes | {"_tag": tag, "_in_label": str(self._label_depth)})

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_depth = max(0, self._label_depth - 1)


def controls_of(html: str) -> Controls:
    parser = Controls()
    parser.feed(html)
    return parser


NONE_ATTRIBUTE = re.compile(r'\s[\w-]+="None"')
