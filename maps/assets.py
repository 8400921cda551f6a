"""Make Folium maps that load Leaflet from the app itself, never from a CDN."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import folium

from maps.document import MapDocument
from maps.style import MAP_CSS

# vendor_url(package, filename) -> the URL the app serves that npm file at.
VendorUrl = Callable[[str, str], str]

# Where pages.views serves the npm packages named in its VENDOR_DIRS.
DEFAULT_VENDOR_PREFIX = "/vendor"

# (Folium's link name, npm package, file under the package's served folder). Leaflet alone:
# the maps draw CircleMarkers, PolyLines and DivIcon markers and bind Leaflet's own popups
# and tooltips (maps.elements), so jQuery, Bootstrap and Awesome Markers are never needed.
LOCAL_JS = (("leaflet", "leaflet", "leaflet.js"),)
LOCAL_CSS = (("leaflet_css", "leaflet", "leaflet.css"),)

# Roughly the middle of Dacorum; maps fit their markers' bounds after this first view.
DACORUM_CENTRE = (51.75, -0.52)
DEFAULT_ZOOM = 11
# Intranet tile servers usually stop here; Leaflet needs a bound when there are no tiles.
MAX_ZOOM = 18


def vendor_prefix(prefix: str = DEFAULT_VENDOR_PREFIX) -> VendorUrl:
    """Build a `vendor_url` callable that joins `prefix`, the package and the file name."""
    base = prefix.rstrip("/")

    def vendor_url(package: str, filename: str) -> str:
        return f"{base}/{package}/{filename}"

    return vendor_url


def as_vendor_url(vendor_url: VendorUrl | str) -> VendorUrl:
    """Accept either a `vendor_url` callable or a URL prefix string."""
    return vendor_prefix(vendor_url) if isinstance(vendor_url, str) else vendor_url


def local_assets(vendor_url: VendorUrl | str) -> tuple[list, list]:
    """List the (name, url) pairs of the JavaScript and CSS a map needs, on the app's URLs."""
    url = as_vendor_url(vendor_url)
    js = [(name, url(package, filename)) for name, package, filename in LOCAL_JS]
    css = [(name, url(package, filename)) for name, package, filename in LOCAL_CSS]
    return js, css


def make_map(
    *,
    title: str,
    vendor_url: VendorUrl | str = DEFAULT_VENDOR_PREFIX,
    tiles_url: str | None = None,
    tiles_attribution: str | None = None,
    location: Sequence[float] = DACORUM_CENTRE,
    zoom_start: int = DEFAULT_ZOOM,
) -> folium.Map:
    """Make an empty map in its own page, with local assets and optional base tiles.

    Args:
        title: the page's title (also what a screen reader announces for the frame).
        vendor_url: a `(package, filename) -> url` callable, or a URL prefix such as
            "/vendor" (e.g. `lambda p, f: url_for("pages.vendor", package=p, filename=f)`).
        tiles_url: a Leaflet tile URL template such as an intranet tile server's
            "https://tiles.example.nhs.uk/{z}/{x}/{y}.png"; None draws no base map, so
            the map works with no network at all.
        tiles_attribution: the attribution the tile server asks for.
        location: the first centre (lat, lon) before the map fits its markers.
        zoom_start: the first zoom level.

    Returns:
        A Folium map whose `default_js`/`default_css` point at the app's own files.
    """
    fmap = folium.Map(
        location=list(location),
        tiles=None,
        zoom_start=zoom_start,
        max_zoom=MAX_ZOOM,
        control_scale=True,
    )
    # Without tiles Leaflet knows no zoom limit, and fitting one point would zoom forever.
    fmap.options["max_zoom"] = MAX_ZOOM
    # Per instance: Folium's class-level lists name CDNs, and add_js_link would mutate them.
    fmap.default_js, fmap.default_css = local_assets(vendor_url)
    if tiles_url:
        folium.TileLayer(
            tiles=tiles_url,
            attr=tiles_attribution or "Base map",
            name="Base map",
            max_zoom=MAX_ZOOM,
            control=False,
        ).add_to(fmap)
    MapDocument(title=title, css=MAP_CSS).add_child(fmap)
    return fmap


def render_page(fmap: folium.Map) -> str:
    """Render the whole page a map made by `make_map` lives in."""
    return fmap.get_root().render()
