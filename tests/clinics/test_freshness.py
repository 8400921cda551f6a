"""Cache headers: a short max-age and an ETag that changes with publishing and bookings."""

from extensions import db
from tests.clinics.conftest import DERMATOLOGY_SLOTS, book, build_tour

SEARCH = "/clinics?postcode=HP23%205JD&service=dermatology"


def test_public_pages_may_be_kept_a_minute_and_revalidated(client, tour):
    response = client.get(SEARCH)
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in response.headers["Vary"]
    etag = response.headers["ETag"]
    again = client.get(SEARCH, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag and again.headers["Cache-Control"]


def test_each_address_has_its_own_etag(client, tour):
    first = client.get(SEARCH).headers["ETag"]
    assert client.get("/clinics?postcode=Tring").headers["ETag"] != first


def test_a_booking_changes_the_etag(client, tour):
    etag = client.get(SEARCH).headers["ETag"]
    book(tour.session("op-2", 2, 0, "AM"))
    response = client.get(SEARCH, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag
    assert f"{DERMATOLOGY_SLOTS - 1} appointments free".encode() in response.data


def test_publishing_a_plan_changes_the_etag_and_the_page(client, tour):
    etag = client.get(SEARCH).headers["ETag"]
    tour.plan.status = "draft"
    db.session.flush()
    new = build_tour("Replacement", sessions=[("op-1", 2, 4, "AM", 0, "dermatology")]).plan
    assert new.status == "published"
    response = client.get(SEARCH, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag
    assert response.data.count(b"Add to calendar<") == 1


def test_signed_in_staff_get_private_pages(client, tour, login):
    login("booking")
    response = client.get(SEARCH)
    assert response.headers["Cache-Control"] == "private, max-age=60"


def test_pages_for_the_public_are_kept_by_etag(app, client, tour):
    first = client.get(SEARCH)
    kept = app.extensions["clinics.pages"]
    assert kept[first.headers["ETag"].strip('"')][1] == first.data
    assert client.get(SEARCH).data == first.data


def test_pages_for_signed_in_staff_are_not_kept(app, client, tour, login):
    login("ops")
    client.get(SEARCH)
    assert not app.extensions.get("clinics.pages")
