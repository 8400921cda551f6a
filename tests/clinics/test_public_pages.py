"""Every public page: open to all without a role, free of personal data, rate limited."""

import shutil

import pytest

from app import create_app
from extensions import db
from tests.clinics.conftest import DERMATOLOGY_SLOTS, TRING, book, build_tour
from tests.conftest import _config

PATIENT_NAME = "Zebedee Quillfeather"
NHS_NUMBER = "9434765870"


def public_urls(tour) -> list[str]:
    day = tour.day(2, 0).isoformat()
    return [
        "/",
        "/clinics",
        "/clinics?postcode=HP23%205JD&service=dermatology",
        "/clinics?postcode=Berkhamsted",
        "/clinics?postcode=HP4+3BY&service=dermatology",
        "/clinics?postcode=SW1A+1AA",
        "/clinics/map?postcode=HP23%205JD&service=dermatology",
        "/sites/S15",
        f"/sites/{TRING}",
        "/sites/S15/map",
        "/sites/S15/clinics.ics",
        f"/sites/S15/clinics/{day}/AM/dermatology.ics",
        "/services",
        "/services/dermatology",
        "/services/directory",
        "/services/directory.json",
        "/services/directory.csv",
    ]


@pytest.fixture
def booked(tour):
    """The tour with a booking for a patient whose name and NHS number must never show."""
    book(tour.session("op-2", 2, 0, "AM"), name=PATIENT_NAME, nhs_number=NHS_NUMBER)
    return tour


def test_no_public_page_shows_a_patient_s_name_or_nhs_number(client, booked):
    for url in public_urls(booked):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.data.decode()
        for secret in (PATIENT_NAME, "Zebedee", "Quillfeather", NHS_NUMBER, "943 476 5870"):
            assert secret not in body, (url, secret)
    free = f"{DERMATOLOGY_SLOTS - 1} appointments free"
    assert free in client.get("/sites/S15").data.decode()  # the booking is counted


@pytest.mark.parametrize("role", [None, "ops", "booking", "admin"])
def test_public_pages_need_no_sign_in_and_refuse_no_role(client, login, tour, role):
    if role:
        login(role)
    for url in public_urls(tour):
        assert client.get(url).status_code == 200, (role, url)


def test_too_many_requests_get_the_friendly_page(migrated_template, tmp_path):
    path = tmp_path / "limited.sqlite3"
    shutil.copy(migrated_template, path)
    limited = create_app(
        _config(path) | {"RATELIMIT_ENABLED": True, "CLINICS_RATE_LIMIT": "3 per minute"}
    )
    try:
        with limited.app_context():
            build_tour()
            client = limited.test_client()
            statuses = [client.get("/clinics?postcode=Tring").status_code for _ in range(4)]
            assert statuses == [200, 200, 200, 429]
            response = client.get(f"/sites/{TRING}")
            assert response.status_code == 429
            assert b"Sorry, there have been too many requests" in response.data
            assert client.get("/healthz").status_code == 200  # not a public page: not limited
            db.session.remove()
            db.engine.dispose()
    finally:
        create_app(_config(path))  # leave the shared limiter switched off for other tests
