"""Map pages are in English, titled and zoomable, with the maps' styles after Leaflet's."""

from maps.assets import make_map, render_page


def test_page_is_english_titled_and_lets_people_zoom():
    page = render_page(make_map(title="Clinics <near> you"))
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<title>Clinics &lt;near&gt; you</title>" in page
    assert "user-scalable=no" not in page and "maximum-scale" not in page
    assert page.count('name="viewport"') == 1


def test_maps_styles_come_after_leaflets():
    page = render_page(make_map(title="A map"))
    assert page.index("/vendor/leaflet/leaflet.css") < page.index(".unit-badge {")
    assert page.index(".unit-badge {") < page.index("</head>")
