"""A booking clerk's day with one patient: the audit trail keeps ids and field names only, and
the patient's NHS number and name travel in no URL (links, form actions, redirects, requests).
"""

import ast
import io
import json
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, quote_plus, urljoin, urlsplit

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from audit.privacy import PATIENT_ENTITIES
from booking import allocation_views, report_views, service, views
from booking.models import AllocationRun, Booking, Referral
from booking.service import record_attendance
from extensions import db
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW, nhs_number

MON, TUE = date(2027, 1, 11), date(2027, 1, 12)
ADA = {
    "nhs_number": "9434765919",
    "name": "Ada Lovelace",
    "date_of_birth": "1950-12-10",
    "postcode": "HP2 4AD",
    "practice": "E82102",
    "service": "orthopaedics",
    "priority": "urgent",
    "referral_date": "2026-11-02",
    "notes": "Deaf in the left ear; call her daughter",
    "mobile": "07700 900461",
    "email": "ada@example.org",
    "message_consent": "y",
}
GRACE = (nhs_number(90), "Grace Hopper", "24/11/1946", "WD4 9HW", "Prefers afternoons")
WORKLIST = (
    "nhs_number,name,date_of_birth,postcode,practice,service,notes\n"
    f"{GRACE[0]},{GRACE[1]},{GRACE[2]},{GRACE[3]},E82102,orthopaedics,{GRACE[4]}\n"
)
# Every way the trail or a URL could spell the patients' details.
DETAILS = [
    "9434765919",
    "943 476 5919",
    "Ada Lovelace",
    "Lovelace",
    "1950-12-10",
    "10/12/1950",
    "HP2 4AD",
    "HP24AD",
    "Deaf in the left ear",
    GRACE[0],
    f"{GRACE[0][:3]} {GRACE[0][3:6]} {GRACE[0][6:]}",
    "Grace Hopper",
    "Hopper",
    "1946-11-24",
    "24/11/1946",
    "WD4 9HW",
    "Prefers afternoons",
    "+447700900461",
    "07700 900461",
    "7700900461",
    "ada@example.org",
    "+447700900462",
    "grace@example.org",
]
IN_URLS = [
    spelling
    for detail in DETAILS[:4] + DETAILS[9:13]
    for spelling in {detail, quote(detail), quote_plus(detail)}
]


class _Links(HTMLParser):
    """Every URL a page holds, and the names of the fields of its GET forms."""

    def __init__(self):
        super().__init__()
        self.urls, self.links, self.get_fields, self._get_form = [], [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.urls += [v for k, v in attrs.items() if k in ("href", "action", "src", "formaction")]
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form":
            self._get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag in ("input", "select", "textarea") and self._get_form:
            self.get_fields.append(attrs.get("name"))

    def handle_endtag(self, tag):
        if tag == "form":
            self._get_form = False


class Clerk:
    """The test client, noting every URL requested, redirected to or found in a page."""

    def __init__(self, client):
        self.client, self.urls, self.get_fields, self.pages = client, [], [], []

    def _note(self, method: str, url: str, response):
        self.urls.append(url)
        self.urls += [response.headers.get("Location", "")]
        if response.mimetype == "text/html":
            links = _Links()
            links.feed(response.data.decode())
            self.urls += links.urls
            self.get_fields += links.get_fields
            if method == "GET" and response.status_code == 200:
                self.pages.append(urlsplit(url).path)
                return [urljoin(url, link) for link in links.links]
        return []

    def get(self, url: str):
        response = self.client.get(url)
        return response, self._note("GET", url, response)

    def post(self, url: str, **kwargs):
        response = self.client.post(url, **kwargs)
        assert response.status_code in (200, 302), (url, response.status_code)
        self._note("POST", url, response)
        if response.status_code == 302:
            self.get(response.headers["Location"])
        return response

    def crawl(self, start: str, limit: int = 60) -> None:
        """Follow the desk's links (GET only) from a page, as a clerk clicking around."""
        queue, seen = [start], set()
        while queue and len(seen) < limit:
            url = queue.pop(0)
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost") or url in seen:
                continue
            if not parts.path.startswith(("/booking", "/audit")):
                continue
            seen.add(url)
            response, links = self.get(parts.path + (f"?{parts.query}" if parts.query else ""))
            assert response.status_code in (200, 302), (url, response.status_code)
            queue += links


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    for module in (views, report_views, allocation_views, service):
        monkeypatch.setattr(module, "local_now", lambda: NOW)


@pytest.fixture
def day(client, login, desk) -> Clerk:
    """Add, import, search, book, move, print, export, allocate, cancel and attend."""
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (FAR_SITE, TUE, "PM", 0, "orthopaedics")]
    )
    near, far = plan.sessions
    login("booking", "clerk")
    clerk = Clerk(client)
    clerk.post("/booking/referrals/new", data=ADA)
    upload = {"worklist": (io.BytesIO(WORKLIST.encode()), "Grace Hopper 943.csv")}
    clerk.post("/booking/referrals/import", data=upload, content_type="multipart/form-data")
    ada = db.session.scalar(sa.select(Referral).where(Referral.name == ADA["name"]))
    grace = db.session.scalar(sa.select(Referral).where(Referral.name == GRACE[1]))
    contact = {"mobile": "+44 7700 900462", "email": "grace@example.org", "message_consent": "y"}
    clerk.post(f"/booking/referrals/{grace.id}/contact", data=contact)
    for text in ("943 476 5919", "9434765919", "Lovelace"):
        clerk.post("/booking/", data={"q": text, "status": "all"})
        clerk.post("/booking/audit", data={"patient": text})
    clerk.post(f"/booking/referrals/{ada.id}/book", data={"session_id": near.id})
    booking = db.session.scalar(sa.select(Booking).where(Booking.referral_id == ada.id))
    clerk.post(
        f"/booking/bookings/{booking.id}/rebook",
        data={"session_id": far.id, "cancelled_by": "service"},
    )
    clerk.post("/booking/allocation/", data={"service": "orthopaedics"})
    run = db.session.scalar(sa.select(AllocationRun))
    clerk.post(f"/booking/allocation/{run.id}/confirm")
    clerk.crawl("/booking/")
    clerk.get("/booking/breaches.csv")
    live = db.session.scalar(
        sa.select(Booking).where(Booking.referral_id == ada.id, Booking.status == "booked")
    )
    clerk.post(f"/booking/bookings/{live.id}/cancel", data={"cancelled_by": "patient"})
    grace = db.session.scalar(sa.select(Booking).where(Booking.referral_id != ada.id))
    record_attendance(grace.id, "arrived", now=datetime.combine(grace.session.date, NOW.time()))
    return clerk


def _events() -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)))


def test_the_day_touched_every_kind_of_patient_event(day):
    kinds = {(e.action, e.entity_type) for e in _events()}
    assert {
        ("create", "referral"),
        ("import", "worklist"),
        ("search", "referral"),
        ("view", "referral"),
        ("book", "booking"),
        ("cancel", "booking"),
        ("rebook", "booking"),
        ("propose", "allocation_run"),
        ("confirm", "allocation_run"),
        ("view", "booking"),
        ("export", "booking"),
        ("export", "breach_report"),
        ("attendance", "booking"),
        ("update", "referral"),
    } <= kinds
    assert {"/booking/", "/audit/", "/booking/to-rebook", "/booking/breaches"} <= set(day.pages)
    assert any(page.endswith("/letter") for page in day.pages)


def test_no_audit_event_keeps_a_patients_details(day):
    for event in _events():
        kept = json.dumps([event.action, event.entity_id, event.before, event.after])
        for detail in DETAILS:
            assert detail.lower() not in kept.lower(), (detail, kept)


def test_a_new_referral_is_kept_by_ids_and_changed_field_names(day):
    event = db.session.scalar(
        sa.select(AuditEvent)
        .where(AuditEvent.action == "create", AuditEvent.entity_type == "referral")
        .order_by(AuditEvent.id)
    )
    assert event.before is None
    assert event.after == {
        "practice_id": "E82102",
        "service_id": "orthopaedics",
        "priority": "urgent",
        "referral_date": "2026-11-02",
        "changed": [
            "date_of_birth",
            "email",
            "message_consent",
            "mobile",
            "name",
            "nhs_number",
            "notes",
            "postcode",
            "practice_id",
            "priority",
            "referral_date",
            "service_id",
        ],
    }


def test_no_identifier_travels_in_a_url(day):
    assert len(day.urls) > 100
    for url in day.urls:
        for spelling in IN_URLS:
            assert spelling.lower() not in url.lower(), (spelling, url)


def test_no_get_form_asks_for_a_patient(day):
    assert "user" in day.get_fields  # the audit page's filter is a GET form
    assert not {"q", "patient", "nhs_number", "name"} & set(day.get_fields)


def test_every_booking_module_audits_patient_records_as_patient_events():
    """A new record() call about a patient under an unknown entity type would skip the
    redaction and show to operations managers: every entity type the desk audits is known."""
    found = set()
    for path in (Path(__file__).parents[2] / "booking").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in (
                "record",
                "record_access",
            ):
                kind = node.args[1]
                assert isinstance(kind, ast.Constant), f"{path}: name the entity type"
                found.add(kind.value)
    assert found and found <= PATIENT_ENTITIES
