"""The results map shows the searched point and numbered sites with distances and dates."""

from maps.results import ResultSite, distance_text, result_popup, results_map
from tests.maps.page_text import outside_urls, readable

ORIGIN = (51.7936, -0.6516)
SITES = [
    ResultSite(
        "Tring Sports Centre",
        51.7940,
        -0.6500,
        0.2,
        ("Tue 5 Jan 2027: Dermatology clinic, 4 appointments free",),
        "/sites/tring",
    ),
    ResultSite("Berkhamsted <Civic> Centre", 51.7606, -0.5660, 6.8),
]


def test_distance_reads_in_miles_and_kilometres():
    assert distance_text(8.0467) == "5.0 miles (8.0 km)"


def test_popup_gives_number_name_distance_dates_and_a_link_out_of_the_frame():
    html = result_popup(1, SITES[0])
    assert "<h2>1. Tring Sports Centre</h2>" in html
    assert "0.1 miles (0.2 km) away in a straight line" in html
    assert "<li>Tue 5 Jan 2027: Dermatology clinic, 4 appointments free</li>" in html
    assert '<a href="/sites/tring" target="_top">Dates and details</a>' in html
    empty = result_popup(2, SITES[1])
    assert "<h2>2. Berkhamsted &lt;Civic&gt; Centre</h2>" in empty
    assert "No clinics booked here in the coming weeks." in empty
    assert "<a " not in empty


def test_sites_are_numbered_in_the_order_given_with_the_search_marked():
    page = readable(results_map(ORIGIN, SITES, origin_label="HP23 5JD"))
    assert page.index("<span>1</span>") < page.index("<span>2</span>")
    assert page.count('"className": "result-marker"') == 2
    assert '<span class="origin-mark">&#9733; HP23 5JD</span>' in page
    assert '"title": "You searched for HP23 5JD"' in page
    assert "<title>Map of the nearest clinic sites</title>" in page


def test_no_results_still_shows_the_search():
    page = readable(results_map(ORIGIN, [], origin_label="Tring"))
    assert "result-marker" not in page.split("</head>")[1]
    assert "origin-marker" in page


def test_results_map_uses_only_local_assets():
    page = results_map(ORIGIN, SITES, vendor_url=lambda p, f: f"/vendor/{p}/{f}?v=1")
    assert outside_urls(page) == []
    assert '<script src="/vendor/leaflet/leaflet.js?v=1"></script>' in page
