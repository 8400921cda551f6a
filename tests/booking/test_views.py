"""The booking desk's pages: roles, referral forms, worklists, searches and reports."""

import io
from datetime import date

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from booking import allocation_views, report_views, service, views
from booking.models import Booking, Referral
from booking.outcomes import record_outcome
from booking.reference import format_reference
from booking.service import book, record_attendance
from extensions import db
from tests.booking.conftest import NEAR_SITE, NOW, accesses, nhs_number

MON = date(2027, 1, 11)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """Pin the desk's clock (read through local_now) to the tests' NOW."""
    for module in (views, report_views, allocation_views, service):
        monkeypatch.setattr(module, "local_now", lambda: NOW)


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("role", [None, "ops"])
def test_only_booking_staff_and_admins_reach_the_desk(client, login, desk, role):
    referral = desk.referral()
    if role:
        login(role)
    for path in ("/booking/", "/booking/referrals/new", f"/booking/referrals/{referral.id}"):
        response = client.get(path)
        assert response.status_code == (403 if role else 302)
    response = client.post(f"/booking/referrals/{referral.id}/book", data={"session_id": 1})
    assert response.status_code == (403 if role else 302)
    assert _count(Booking) == 0


def test_admin_and_booking_staff_reach_the_desk_and_its_audit_trail(client, login, desk):
    login("booking")
    assert client.get("/booking/").status_code == 200
    assert client.get("/audit/").status_code == 200
    client.post("/logout")
    login("admin")
    assert client.get("/booking/").status_code == 200
    assert client.get("/audit/").status_code == 200


def _form(**overrides) -> dict:
    return {
        "nhs_number": "943 476 5919",
        "name": "Ada Lovelace",
        "date_of_birth": "1950-12-10",
        "postcode": "hp2 4ad",
        "practice": "E82102",
        "service": "orthopaedics",
        "priority": "urgent",
        "referral_date": "2026-11-02",
        "notes": "Prefers mornings",
    } | overrides


def test_adding_a_referral_writes_it_and_an_audit_event(client, login, desk):
    login("booking")
    response = client.post("/booking/referrals/new", data=_form())
    assert response.status_code == 302
    referral = db.session.scalar(sa.select(Referral))
    assert (referral.nhs_number, referral.postcode, referral.priority) == (
        "9434765919",
        "HP2 4AD",
        "urgent",
    )
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.entity_type == "referral"))
    assert event.action == "create" and event.entity_id == str(referral.id)
    assert {"nhs_number", "name", "notes"} <= set(event.after["changed"])
    assert "Ada Lovelace" not in str(event.after) and event.actor == "booking"
    page = client.get(response.headers["Location"]).data.decode()
    assert "Ada Lovelace" in page and "943 476 5919" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nhs_number", "9434765918", "check digit"),
        ("nhs_number", "4444444444", "ten identical digits"),
        ("date_of_birth", "2030-01-01", "must be in the past"),
        ("referral_date", "1949-01-01", "before the date of birth"),
        ("referral_date", "2027-06-01", "cannot be in the future"),
        ("practice", "Z99999", "not a known practice"),
        ("service", "astrology", "not a known service"),
        ("postcode", "HP23 5OD", "not a valid UK postcode"),
    ],
)
def test_bad_referrals_name_the_field_and_write_nothing(client, login, desk, field, value, message):
    login("booking")
    response = client.post("/booking/referrals/new", data=_form(**{field: value}))
    assert response.status_code == 400
    html = response.data.decode()
    assert message in html and f'href="#{field}"' in html
    assert _count(Referral) == 0


def test_an_nhs_number_on_record_for_another_person_is_named_on_its_field(client, login, desk):
    desk.referral(nhs_number="9434765919", name="Grace Hopper", date_of_birth=date(1906, 12, 9))
    login("booking")
    response = client.post("/booking/referrals/new", data=_form())
    assert response.status_code == 400
    html = response.data.decode()
    for field, what in (("date_of_birth", "date of birth"), ("name", "name")):
        assert f"This NHS number is already recorded with a different {what}" in html
        assert f'href="#{field}"' in html
    assert 'value="Ada Lovelace"' in html and 'value="1950-12-10"' in html  # kept as typed
    assert "Grace Hopper" not in html and "1906" not in html
    assert _count(Referral) == 1


WORKLIST = (
    "NHS number,Name,Date of birth,Postcode,Practice,Service,Priority,Referral date\n"
    f"{nhs_number(1)},Ann One,01/02/1960,WD4 3AA,E82102,orthopaedics,urgent,01/10/2026\n"
    f"{nhs_number(2)},Bob Two,1970-03-04,HP2 4AD,e82100,ophthalmology,,\n"
)


def _upload(client, text: str):
    data = {"worklist": (io.BytesIO(text.encode()), "worklist.csv")}
    return client.post("/booking/referrals/import", data=data, content_type="multipart/form-data")


def test_a_worklist_imports_every_row(client, login, desk):
    login("booking")
    response = _upload(client, WORKLIST)
    assert response.status_code == 302
    rows = db.session.scalars(sa.select(Referral).order_by(Referral.id)).all()
    assert [(r.name, r.practice_id, r.referral_date) for r in rows] == [
        ("Ann One", "E82102", date(2026, 10, 1)),
        ("Bob Two", "E82100", NOW.date()),
    ]


def test_a_worklist_with_a_bad_row_imports_nothing(client, login, desk):
    login("booking")
    bad = WORKLIST + f"{nhs_number(1)},ANN ONE,01/02/1960,WD4 3AA,E82102,orthopaedics,,\n"
    bad += "1234567890,Cy Three,31/02/1980,nowhere,E82102,mri,soon,\n"
    response = _upload(client, bad)
    assert response.status_code == 400
    html = response.data.decode()
    assert "Row 4, nhs_number: The same patient and service as row 2." in html
    for text in ("Row 5, nhs_number", "Row 5, date_of_birth", "Row 5, postcode", "Row 5, priority"):
        assert text in html
    assert _count(Referral) == 0


def test_viewing_a_referral_is_audited(client, login, desk):
    referral = desk.referral()
    login("booking", "clerk")
    assert client.get(f"/booking/referrals/{referral.id}").status_code == 200
    assert accesses() == [("clerk", "view", "referral", str(referral.id), None)]


def test_the_search_by_nhs_number_is_posted_and_a_query_string_is_ignored(client, login, desk):
    found, other = desk.referral(), desk.referral()
    login("booking", "clerk")
    spaced = f"{found.nhs_number[:3]} {found.nhs_number[3:6]} {found.nhs_number[6:]}"
    html = client.post("/booking/", data={"q": spaced}).data.decode()
    assert found.name in html and other.name not in html and "1 referral" in html
    assert 'method="post" action="/booking/"' in html
    html = client.get(f"/booking/?q={found.nhs_number}").data.decode()
    assert found.name in html and other.name in html  # no search from a URL
    assert accesses() == [("clerk", "search", "referral", "waiting-list", {"matches": 1})]


def test_a_patients_audit_trail_by_posted_search_or_referral_id(client, login, desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    ada, bob = desk.referral(name="Ada Lovelace"), desk.referral(name="Bob Two")
    booking = book(ada.id, plan.sessions[0].id, now=NOW)
    book(bob.id, plan.sessions[0].id, now=NOW)
    login("booking", "clerk")
    html = client.post("/booking/audit", data={"patient": ada.nhs_number}).data.decode()
    assert f"book booking {booking.id}" in html and "1 event." in html
    html = client.post("/booking/audit", data={"patient": "lovelace"}).data.decode()
    assert f"book booking {booking.id}" in html and "1 event." in html
    html = client.get(f"/booking/referrals/{ada.id}/audit").data.decode()
    assert f"Audit trail of referral {ada.id}" in html and f"book booking {booking.id}" in html
    assert "Ada Lovelace" not in html.split("<h1>")[1]  # no patient details in the trail
    assert client.get("/booking/referrals/999/audit").status_code == 404


def test_operations_cannot_search_a_patients_trail(client, login, desk):
    referral = desk.referral()
    login("ops")
    assert client.post("/booking/audit", data={"patient": referral.nhs_number}).status_code == 403
    assert client.get(f"/booking/referrals/{referral.id}/audit").status_code == 403


@pytest.mark.parametrize(
    ("page", "shown", "says"),
    [
        ("2", 3, "201 to 203 shown, page 2 of 2"),
        ("9", 3, "201 to 203 shown, page 2 of 2"),  # past the last page: the last
        ("0", views.PAGE_ROWS, "1 to 200 shown, page 1 of 2"),
        ("two", views.PAGE_ROWS, "1 to 200 shown, page 1 of 2"),
    ],
)
def test_the_waiting_list_pages_past_its_first_rows(client, login, desk, page, shown, says):
    for _ in range(views.PAGE_ROWS + 3):
        desk.referral()
    login("booking")
    html = client.get(f"/booking/?status=all&page={page}").data.decode()
    assert html.count('<td class="nhsuk-table__cell"><a href="/booking/referrals/') == shown
    assert f"203 referrals: {says}" in html


def test_the_waiting_list_says_what_a_later_step_waits_for_and_by_when(client, login, desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 0, "orthopaedics")])
    referral = desk.referral(name="Ada Step")
    booking = book(referral.id, plan.sessions[0].id, now=NOW)
    record_attendance(booking.id, "attended", now=NOW.replace(year=2027, month=1, day=11))
    record_outcome(booking.id, {"outcome": "follow_up", "weeks": "6"})
    login("booking")
    page = client.get("/booking/").get_data(as_text=True)
    assert "Ada Step" in page and "Follow-up, due by 22 Feb 2027" in page


def test_filters_without_a_search_go_to_an_address_so_back_works(client, login, desk):
    login("booking")
    response = client.post(
        "/booking/", data={"status": "all", "service": "mri", "sort": "breach", "page": "2"}
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/booking/?status=all&service=mri&page=2"
    searched = client.post("/booking/", data={"status": "all", "q": "Ada"})
    assert searched.status_code == 200  # a name searched for never goes into an address


def test_the_desk_finds_a_booked_referral_by_its_booking_reference(client, login, desk):
    plan = desk.plan([(NEAR_SITE, date(2027, 1, 11), "AM", 0, "orthopaedics")])
    booked = desk.referral(name="Booked Patient")
    desk.referral(name="Waiting Patient")
    book(booked.id, plan.sessions[0].id, now=NOW)
    login("booking", "clerk")
    for text in (format_reference(booked.id), booked.nhs_number):
        html = client.post("/booking/", data={"q": text, "status": "waiting"}).data.decode()
        assert "Booked Patient" in html and "Waiting Patient" not in html
    html = client.post("/booking/", data={"q": "Patient", "status": "waiting"}).data.decode()
    assert "Booked Patient" not in html and "Waiting Patient" in html
