"""The directory of services on a published tour: the page, its data, and their caching."""

import csv
import io
import re

from clinics.answers import today
from tests.clinics.conftest import BERKHAMSTED, HEMEL, TRING, book

ORTHOPAEDIC_NEW_SLOTS = 6  # the sample's clinic: 15 slots, the last 9 kept for follow-ups


def _section(response, service_id: str) -> str:
    """One service's part of the page as one line of text."""
    html = response.data.decode()
    start = html.index(f'id="service-{service_id}"')
    part = html[start : html.index("</section>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", part).split()).replace("&#39;", "'")


def _weeks_text(days: int) -> str:
    """The wait as the page writes it, for a wait counted by hand."""
    weeks = days // 7
    return "Less than 1 week" if weeks == 0 else f"{weeks} week{'s' if weeks != 1 else ''}"


def _json_service(client, service_id: str) -> dict:
    document = client.get("/services/directory.json").get_json()
    return next(s for s in document["services"] if s["id"] == service_id)


def test_the_page_gives_each_service_its_wait_sites_dates_and_route(client, tour):
    response = client.get("/services/directory")
    assert response.status_code == 200
    text = _section(response, "dermatology")
    first_free = tour.day(2, 0)  # Milton House, Monday of week 2: the soonest free
    days = (first_free - today()).days
    assert f"Current wait {_weeks_text(days)}" in text
    assert f"First appointment free: {first_free:%A} {first_free.day} {first_free:%B %Y}" in text
    assert "Within the standard" in text
    assert "Wait standard 18 weeks from referral to treatment" in text
    assert "NHS e-Referral Service" in text
    sites = re.findall(
        r'href="/sites/(\w+)"',
        response.data.decode().split('id="service-dermatology"')[1].split("</section>")[0],
    )
    assert sites == [BERKHAMSTED, TRING, HEMEL]  # soonest first
    past = tour.day(0, 0)
    assert f"{past:%A} {past.day} {past:%B %Y}" not in text


def test_a_service_with_no_new_appointment_free_says_so(client, tour):
    session = tour.session("op-3", 2, 3, "AM")
    for slot in range(ORTHOPAEDIC_NEW_SLOTS):
        book(session, slot=slot)
    text = _section(client.get("/services/directory"), "orthopaedics")
    assert "Current wait No appointments free in the next 26 weeks" in text
    assert "None free" in text  # the site is still listed, with its date
    wait = _json_service(client, "orthopaedics")["wait"]
    assert wait["first_free_date"] is None and wait["within_standard"] is None


def test_the_wait_moves_when_the_first_free_session_fills(client, tour):
    first = tour.session("op-2", 2, 0, "AM")
    before = client.get("/services/directory.json")
    for slot in range(8):  # its new-patient slots (14 less 6 kept for follow-ups)
        book(first, slot=slot, nhs_number=f"94347659{slot:02d}")
    next_free = tour.day(2, 1)  # Tring, the Tuesday
    wait = _json_service(client, "dermatology")["wait"]
    assert wait["first_free_date"] == next_free.isoformat()
    assert wait["days"] == (next_free - today()).days
    after = client.get(
        "/services/directory.json", headers={"If-None-Match": before.headers["ETag"]}
    )
    assert after.status_code == 200 and after.headers["ETag"] != before.headers["ETag"]


def test_the_data_match_the_page(client, tour):
    derm = _json_service(client, "dermatology")
    assert derm["wait"]["first_free_date"] == tour.day(2, 0).isoformat()
    assert [s["id"] for s in derm["sites"]] == [BERKHAMSTED, TRING, HEMEL]
    assert derm["sites"][1]["next_dates"][0] == {
        "date": tour.day(2, 1).isoformat(),
        "period": "AM",
        "start": "09:00",
        "end": "13:00",
    }
    assert derm["url"] == "http://localhost/services/dermatology"
    response = client.get("/services/directory.csv")
    assert response.mimetype == "text/csv"
    assert 'filename="services-directory.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode())))
    derm_rows = [r for r in rows if r["service_id"] == "dermatology"]
    assert [r["site_id"] for r in derm_rows] == [BERKHAMSTED, TRING, HEMEL]
    assert derm_rows[0]["first_free_date"] == tour.day(2, 0).isoformat()


def test_the_page_and_data_may_be_kept_by_anyone_for_a_minute(client, tour):
    for url in ("/services/directory", "/services/directory.json", "/services/directory.csv"):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "public, max-age=60", url
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304, url
    data = client.get("/services/directory.json")
    assert data.mimetype == "application/json"
    assert 'filename="services-directory.json"' in data.headers["Content-Disposition"]


def test_the_services_page_links_the_directory(client, tour):
    html = client.get("/services").data.decode()
    assert 'href="/services/directory"' in html
    assert client.get("/services/dermatology").status_code == 200  # still a service's page


def test_the_directory_links_its_data_and_every_service(client, tour):
    html = client.get("/services/directory").data.decode()
    assert 'href="/services/directory.json"' in html and 'href="/services/directory.csv"' in html
    assert 'href="#service-dermatology"' in html and 'href="/services/dermatology"' in html


def test_with_nothing_published_the_directory_says_so(client):
    assert "no mobile clinics planned" in client.get("/services/directory").data.decode()
    assert client.get("/services/directory.json").get_json()["services"] == []
