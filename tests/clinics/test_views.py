"""The patients' pages: the question, the answers, and the understood failures."""

import re

import pytest

from tests.clinics.conftest import BERKHAMSTED, DERMATOLOGY_SLOTS, HEMEL, TRING


def _text(response) -> str:
    """The main content as one line of text, as a person reads it."""
    html = response.data.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split()).replace("&#39;", "'")


def _site_order(response) -> list[str]:
    return re.findall(
        r'<h2 class="nhsuk-heading-m app-results__name"><a href="/sites/(\w+)"',
        response.data.decode(),
    )


def test_the_question_page_asks_one_question(client, tour):
    response = client.get("/clinics")
    assert response.status_code == 200
    html = response.data.decode()
    assert '<form action="/clinics" method="get"' in html
    assert html.count('<input class="nhsuk-input') == 1
    assert "Where do you want to find a clinic near?" in html and 'name="service"' not in html


def test_the_question_keeps_a_service_chosen_elsewhere(client, tour):
    html = client.get("/clinics?service=dermatology").data.decode()
    assert '<input type="hidden" name="service" value="dermatology">' in html


@pytest.mark.parametrize("query", ["HP23%205JD", "hp235jd", "HP23+5JD", "%20hp23%205Jd%20"])
def test_a_postcode_in_any_form_gives_the_same_answer(client, tour, query):
    response = client.get(f"/clinics?postcode={query}&service=dermatology")
    assert response.status_code == 200
    assert "Dermatology clinic near HP23 5JD" in _text(response)
    assert _site_order(response) == [TRING, BERKHAMSTED, HEMEL]


def test_results_give_distances_dates_free_slots_and_the_soonest(client, tour):
    text = _text(client.get("/clinics?postcode=HP23%205JD&service=dermatology"))
    assert "1. Tring Sportspace" in text and "less than 0.1 miles (0.2 km) away" in text
    assert re.search(r"2\. Milton House Surgery.*? [\d.]+ miles \([\d.]+ km\) away", text)
    soonest = tour.day(2, 0)
    assert f"Soonest date with appointments free {soonest:%A} {soonest.day} {soonest:%B %Y}" in text
    assert f"{2 * DERMATOLOGY_SLOTS} appointments free" in text  # two rooms on one morning
    assert "How to get an appointment" in text and "referral from your GP" in text
    past = tour.day(0, 0)
    assert f"{past:%A} {past.day} {past:%B %Y}" not in text


def test_the_soonest_date_is_marked_in_the_list(client, tour):
    html = client.get("/clinics?postcode=HP23%205JD&service=dermatology").data.decode()
    marked = re.findall(
        r'app-dates__item--soonest">\s*<strong[^>]*>Soonest</strong>\s*'
        r'<span class="app-dates__when">([^<]+)<',
        html,
    )
    day = tour.day(2, 0)
    assert marked == [f"{day:%A} {day.day} {day:%B %Y}, 9am to 1pm"]


def test_a_town_search_lists_every_service_at_each_site(client, tour):
    response = client.get("/clinics?postcode=Tring")
    text = _text(response)
    assert "Mobile clinics near Tring" in text and "Distances are from the centre of Tring" in text
    assert _site_order(response)[0] == TRING
    assert "Dermatology clinic" in text and "ENT clinic" in text
    assert "Soonest date" not in text  # only for a chosen service


def test_a_malformed_postcode_is_shown_next_to_the_field(client, tour):
    response = client.get("/clinics?postcode=HP23+5CI")
    assert response.status_code == 400
    html = response.data.decode()
    assert '<span class="nhsuk-error-message" id="postcode-error">' in html
    assert "is not a valid UK postcode" in html and 'href="#postcode"' in html
    assert 'value="HP23 5CI"' in html and "<title>Error: " in html
    assert 'aria-describedby="postcode-hint postcode-error"' in html


def test_an_empty_search_asks_for_a_postcode(client, tour):
    response = client.get("/clinics?postcode=+")
    assert response.status_code == 400
    assert "Enter a postcode, or the name of a town or village" in _text(response)


def test_a_zz99_postcode_is_refused_with_a_message(client, tour):
    response = client.get("/clinics?postcode=ZZ99+3VZ")
    assert response.status_code == 400
    assert "ZZ99 postcodes do not say where someone lives" in _text(response)


def test_an_unknown_town_gets_suggestions_as_links(client, tour):
    response = client.get("/clinics?postcode=Berkamsted&service=dermatology")
    assert response.status_code == 400
    html = response.data.decode()
    assert "We cannot find a place called 'Berkamsted'" in _text(response)
    assert '<a href="/clinics?postcode=Berkhamsted&amp;service=dermatology">Berkhamsted</a>' in html


def test_a_postcode_outside_the_area_still_gets_the_nearest_sites(client, tour):
    text = _text(client.get("/clinics?postcode=HP5+1AA"))  # Chesham, Buckinghamshire
    assert "HP5 1AA is outside Dacorum" in text and "nearest mobile clinic sites anyway" in text
    assert "miles" in text


def test_a_postcode_we_cannot_place_gets_the_soonest_clinics(client, tour):
    response = client.get("/clinics?postcode=SW1A+1AA&service=dermatology")
    assert response.status_code == 200
    text = _text(response)
    assert "SW1A 1AA is outside Dacorum" in text and "soonest mobile clinics" in text
    assert _site_order(response)[0] == BERKHAMSTED and "miles" not in text


def test_no_clinic_in_twelve_weeks_says_when_it_next_comes(client, tour):
    text = _text(client.get("/clinics?postcode=HP23+5JD&service=ophthalmology"))
    later = tour.day(14, 2)
    assert "There are no dates for Ophthalmology clinic in the next 12 weeks" in text
    assert f"The next is on {later:%A} {later.day} {later:%B %Y}" in text


def test_a_service_not_in_the_plan_is_not_offered(client, tour):
    text = _text(client.get("/clinics?postcode=HP23+5JD&service=mri"))
    assert "MRI scan is not offered by the mobile clinics at the moment" in text


def test_an_unknown_service_shows_all_services_with_a_message(client, tour):
    response = client.get("/clinics?postcode=Tring&service=astrology")
    assert response.status_code == 200
    text = _text(response)
    assert "Select a service from the list, or all services" in text
    assert "Mobile clinics near Tring" in text


def test_the_site_page_shows_address_facilities_visits_and_clinics(client, tour):
    response = client.get(f"/sites/{TRING}")
    assert response.status_code == 200
    text = _text(response)
    assert "Tring Sportspace" in text and "HP23 5" in text
    assert "A day-surgery theatre" in text and "Scans and X-rays" in text
    first, last = tour.day(2, 0), tour.day(3, 4)
    assert f"Outpatient unit 1: {first:%A} {first.day}" in text and f"{last:%A} {last.day}" in text
    assert "Add all 5 clinic dates here to your calendar" in text
    assert f'src="/sites/{TRING}/map"' in response.data.decode()


def test_the_service_page_says_where_and_when_it_runs(client, tour):
    text = _text(client.get("/services/dermatology"))
    first = tour.day(2, 0)
    assert f"Next: {first:%A} {first.day} {first:%B %Y}, 9am to 1pm, at Milton House" in text
    assert text.count("Add to calendar") == 5


def test_the_services_list_links_every_service(client, tour):
    html = client.get("/services").data.decode()
    assert 'href="/services/dermatology"' in html and 'href="/services/mri"' in html
    assert "Not offered at the moment" in html


def test_unknown_sites_and_services_are_not_found(client, tour):
    assert client.get("/sites/S99").status_code == 404
    assert client.get("/services/astrology").status_code == 404


def test_the_map_is_served_by_the_app_with_local_assets(client, tour):
    html = client.get("/clinics?postcode=Tring&service=dermatology").data.decode()
    src = re.search(r'<iframe class="app-map"[^>]* src="([^"]+)"', html).group(1)
    document = client.get(src.replace("&amp;", "&"))
    assert document.status_code == 200 and b"/vendor/leaflet/leaflet.js" in document.data
    assert b"Milton House Surgery" in document.data
    assert client.get(f"/sites/{TRING}/map").status_code == 200
    assert client.get("/clinics/map?postcode=ZZ99").status_code == 404


def test_the_landing_page_leads_to_the_search(client):
    html = client.get("/").data.decode()
    assert '<form class="app-home-search" action="/clinics" method="get"' in html
    assert 'name="postcode"' in html


def test_pages_work_with_nothing_published(client):
    assert "There are no mobile clinics planned" in _text(client.get("/clinics?postcode=Tring"))
    assert client.get("/services").status_code == 200
