"""Map pages are in English, titled and zoomable, and embed in a page as an iframe."""

import html
import re

from maps.assets import make_map, render_page
from maps.document import srcdoc_iframe


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


def test_srcdoc_iframe_keeps_the_page_whole_and_names_the_frame():
    page = '<p class="x">Tom & "Jerry"</p>'
    frame = srcdoc_iframe(page, title='Map of "sites"', height="300px")
    assert 'title="Map of &#34;sites&#34;"' in frame
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame).group(1)
    assert html.unescape(srcdoc) == page
    assert "height: 300px" in frame
