"""What each public page shows: a site's, a service's and the services' clinics to come, and
a site's calendar; None for what no published plan holds."""

from clinics.answers import calendar_file, service_page, services_page, site_page, today
from tests.clinics.conftest import BERKHAMSTED, TRING


def test_a_sites_page_holds_its_own_clinics_to_come(tour):
    page = site_page(TRING)
    assert page.site.id == TRING and page.clinics
    assert all(c.site_id == TRING and c.date >= today() for c in page.clinics)
    assert {"dermatology", "ent"} <= {c.service_id for c in page.clinics}
    assert set(page.free) == set(page.clinics) and all(v.site_id == TRING for v in page.visits)
    assert site_page("S99") is None


def test_a_services_page_holds_its_clinics_wherever_they_run(tour):
    page = service_page("ent")
    assert [(c.site_id, c.date) for c in page.clinics] == [(TRING, tour.day(2, 1))]
    assert page.sites[TRING].id == TRING and service_page("podiatry-xyz") is None
    assert service_page("cardiology").clinics == ()  # offered, but no clinic to come


def test_the_services_list_names_the_first_clinic_of_each(tour):
    page = services_page()
    first = page.first["dermatology"]
    assert (first.site_id, first.date) == (BERKHAMSTED, tour.day(2, 0))  # the soonest
    assert {s.id for s in page.services} >= {"dermatology", "ent", "orthopaedics"}


def test_a_sites_calendar_holds_its_clinics_or_one_of_them(app, tour):
    with app.test_request_context():
        whole = calendar_file(TRING).decode()
        one = calendar_file(TRING, (tour.day(2, 1), "AM", "ent")).decode()
        assert calendar_file(TRING, (tour.day(2, 1), "AM", "cardiology")) is None
        assert calendar_file("S99") is None
    assert whole.count("BEGIN:VEVENT") > one.count("BEGIN:VEVENT") == 1
    assert "Mobile clinics at Tring Sportspace" in whole.replace("\r\n ", "")
