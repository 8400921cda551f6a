"""Maps load Leaflet from the app's /vendor URLs, never from a CDN, and tiles are optional."""

import folium

from maps.assets import LOCAL_CSS, LOCAL_JS, as_vendor_url, make_map, render_page, vendor_prefix
from pages.views import VENDOR_DIRS
from tests.maps.page_text import outside_urls

TILES = "https://tiles.intranet.example.nhs.uk/{z}/{x}/{y}.png"


def test_every_local_asset_is_a_file_the_app_serves():
    for _, package, filename in (*LOCAL_JS, *LOCAL_CSS):
        assert package in VENDOR_DIRS, f"add {package} to pages.views.VENDOR_DIRS"
        assert (VENDOR_DIRS[package] / filename).is_file(), f"npm install {package}"


def test_make_map_points_this_map_at_local_assets_only():
    fmap = make_map(title="A map")
    assert fmap.default_js == [("leaflet", "/vendor/leaflet/leaflet.js")]
    assert fmap.default_css == [("leaflet_css", "/vendor/leaflet/leaflet.css")]
    # Folium's own class lists are left alone (other code may still use them).
    assert any("cdn" in url for _, url in folium.Map.default_js)


def test_vendor_url_may_be_a_callable_or_a_prefix():
    fmap = make_map(title="A map", vendor_url=lambda p, f: f"/static-ish/{p}--{f}")
    assert fmap.default_js == [("leaflet", "/static-ish/leaflet--leaflet.js")]
    assert (
        vendor_prefix("/app/vendor/")("leaflet", "leaflet.css") == "/app/vendor/leaflet/leaflet.css"
    )
    assert as_vendor_url("/v")("a", "b.js") == "/v/a/b.js"


def test_without_tiles_the_page_names_no_other_host():
    page = render_page(make_map(title="A map"))
    assert '<script src="/vendor/leaflet/leaflet.js"></script>' in page
    assert 'href="/vendor/leaflet/leaflet.css"' in page
    assert "L.tileLayer" not in page
    assert outside_urls(page) == []


def test_a_configured_tile_server_is_the_only_other_host():
    page = render_page(make_map(title="A map", tiles_url=TILES, tiles_attribution="Hospital GIS"))
    assert "L.tileLayer" in page and TILES in page and "Hospital GIS" in page
    assert outside_urls(page) == [TILES]
    assert outside_urls(page, allowed=(TILES,)) == []


def test_a_map_without_tiles_still_has_a_zoom_limit():
    assert '"maxZoom": 18' in render_page(make_map(title="A map"))
