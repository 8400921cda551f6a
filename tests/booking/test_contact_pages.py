"""A patient's contact details for messages: on the referral form, the referral page and the
worklist, each refused by field (or by row and column) with nothing written."""

import io

import pytest
import sqlalchemy as sa

from booking import views
from booking.models import Referral
from extensions import db
from tests.booking.conftest import NOW, nhs_number


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(views, "local_now", lambda: NOW)


NEW = {
    "nhs_number": "943 476 5919",
    "name": "Ada Lovelace",
    "date_of_birth": "1950-12-10",
    "postcode": "HP2 4AD",
    "practice": "E82102",
    "service": "orthopaedics",
    "referral_date": "2026-11-02",
}


def test_a_new_referral_keeps_its_mobile_email_and_consent(client, login, desk):
    login("booking")
    contact = {"mobile": "07700 900123", "email": "ada@example.org", "message_consent": "y"}
    response = client.post("/booking/referrals/new", data=NEW | contact)
    assert response.status_code == 302
    referral = db.session.scalar(sa.select(Referral))
    assert (referral.mobile, referral.email, referral.message_consent) == (
        "+447700900123",
        "ada@example.org",
        True,
    )
    page = client.get(response.headers["Location"]).data.decode()
    assert "07700 900123" in page and "Agreed to text messages and emails" in page


def test_consent_is_off_unless_ticked(client, login, desk):
    login("booking")
    client.post("/booking/referrals/new", data=NEW | {"mobile": "07700 900123"})
    assert db.session.scalar(sa.select(Referral.message_consent)) is False


def test_a_landline_on_the_form_is_refused_by_name(client, login, desk):
    login("booking")
    response = client.post("/booking/referrals/new", data=NEW | {"mobile": "01442 123456"})
    assert response.status_code == 400
    html = response.data.decode()
    assert 'href="#mobile"' in html and "not a mobile number" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 0


def test_the_referral_page_changes_the_contact_details(client, login, desk):
    referral = desk.referral()
    login("booking")
    data = {"mobile": "+44 7700 900123", "message_consent": "y", "version": referral.version}
    response = client.post(f"/booking/referrals/{referral.id}/contact", data=data)
    assert response.status_code == 302
    db.session.refresh(referral)
    assert (referral.mobile, referral.email, referral.message_consent) == (
        "+447700900123",
        None,
        True,
    )
    # Clearing the number and unticking consent: no more messages.
    data = {"mobile": "", "version": referral.version}
    client.post(f"/booking/referrals/{referral.id}/contact", data=data)
    db.session.refresh(referral)
    assert (referral.mobile, referral.message_consent) == (None, False)


def test_bad_contact_details_on_the_referral_page_change_nothing(client, login, desk):
    referral = desk.referral(mobile="+447700900123", message_consent=True)
    login("booking")
    data = {"mobile": "0770 090", "email": "not an email", "version": referral.version}
    response = client.post(f"/booking/referrals/{referral.id}/contact", data=data)
    assert response.status_code == 400
    html = response.data.decode()
    assert "11 digits" in html and "Enter an email address" in html
    assert 'id="contact" open' in html  # the form stays open with what was typed
    db.session.refresh(referral)
    assert (referral.mobile, referral.message_consent) == ("+447700900123", True)


def test_a_change_decided_on_an_older_copy_is_refused(client, login, desk):
    referral = desk.referral()
    login("booking")
    stale = referral.version
    first = {"email": "first@example.org", "version": stale}
    client.post(f"/booking/referrals/{referral.id}/contact", data=first)
    data = {"mobile": "07700 900123", "version": stale}
    response = client.post(f"/booking/referrals/{referral.id}/contact", data=data)
    assert response.status_code == 400 and "changed while you had the page open" in (
        response.data.decode()
    )
    db.session.refresh(referral)
    assert referral.mobile is None


HEADER = "NHS number,Name,Date of birth,Postcode,Practice,Service,Mobile,Email,Message consent\n"


def _upload(client, text: str):
    data = {"worklist": (io.BytesIO(text.encode()), "worklist.csv")}
    return client.post("/booking/referrals/import", data=data, content_type="multipart/form-data")


def test_the_worklists_optional_contact_columns_are_imported(client, login, desk):
    login("booking")
    rows = (
        f"{nhs_number(1)},Ann One,01/02/1960,WD4 3AA,E82102,orthopaedics,07700 900001,,yes\n"
        f"{nhs_number(2)},Bob Two,1970-03-04,HP2 4AD,E82100,ophthalmology,,bob@example.org,no\n"
        f"{nhs_number(3)},Cy Three,1970-03-04,HP2 4AD,E82100,ophthalmology,,,\n"
    )
    assert _upload(client, HEADER + rows).status_code == 302
    found = db.session.execute(
        sa.select(Referral.mobile, Referral.email, Referral.message_consent).order_by(Referral.id)
    ).all()
    assert found == [
        ("+447700900001", None, True),
        (None, "bob@example.org", False),
        (None, None, False),
    ]


def test_a_worklist_with_a_bad_contact_cell_imports_nothing(client, login, desk):
    login("booking")
    rows = (
        f"{nhs_number(1)},Ann One,01/02/1960,WD4 3AA,E82102,orthopaedics,07700 900001,,yes\n"
        f"{nhs_number(2)},Bob Two,1970-03-04,HP2 4AD,E82100,ophthalmology,01442 123456,,maybe\n"
    )
    response = _upload(client, HEADER + rows)
    assert response.status_code == 400
    html = response.data.decode()
    assert "Row 3, mobile: That is not a mobile number" in html
    assert "Row 3, message_consent: Say yes or no" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 0
