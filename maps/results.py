"""Draw a patient's search: where they searched and the nearest sites, numbered as listed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import folium
from markupsafe import escape

from maps.assets import DEFAULT_VENDOR_PREFIX, VendorUrl, make_map, render_page
from maps.elements import Legend, annotate
from maps.layers import fit_to

KM_PER_MILE = 1.609344
PIN_SIZE_PX = 26
# The searched point stays above the sites' pins.
ORIGIN_Z_OFFSET = 1000


@dataclass(frozen=True)
class ResultSite:
    """A site in a patient's search results, with what the results list says about it."""

    name: str
    lat: float
    lon: float
    distance_km: float
    next_dates: tuple[str, ...] = ()  # as the caller words them, e.g. "Tue 5 Jan: MRI scan"
    url: str | None = None  # the site's page, opened in the whole window


def distance_text(km: float) -> str:
    """Write a straight-line distance in miles and kilometres."""
    return f"{km / KM_PER_MILE:.1f} miles ({km:.1f} km)"


def result_popup(number: int, site: ResultSite) -> str:
    """Describe one result: its number in the list, name, distance and next dates."""
    html = [
        f"<h2>{number}. {escape(site.name)}</h2>",
        f"<p>{distance_text(site.distance_km)} away in a straight line</p>",
    ]
    if site.next_dates:
        items = "".join(f"<li>{escape(text)}</li>" for text in site.next_dates)
        html.append(f"<p>Next dates:</p><ul>{items}</ul>")
    else:
        html.append("<p>No clinics booked here in the coming weeks.</p>")
    if site.url:
        html.append(f'<p><a href="{escape(site.url)}" target="_top">Dates and details</a></p>')
    return "".join(html)


def results_map(
    origin: tuple[float, float],
    sites: Sequence[ResultSite],
    *,
    origin_label: str = "Your search",
    vendor_url: VendorUrl | str = DEFAULT_VENDOR_PREFIX,
    tiles_url: str | None = None,
    tiles_attribution: str | None = None,
    title: str = "Map of the nearest clinic sites",
) -> str:
    """Render the search point and the nearest sites as a whole HTML page.

    Sites are numbered pins in the order given (the results list's order), so the map and
    the list can be read together; the searched point is a yellow label.

    Args:
        origin: the searched (lat, lon), e.g. the postcode's or town's centre.
        sites: the results, nearest first.
        origin_label: what was searched, e.g. "HP23 5JD" or "Tring".
        vendor_url: a `(package, filename) -> url` callable or a URL prefix for Leaflet.
        tiles_url: an optional base-map tile URL template (e.g. an intranet tile server).
        tiles_attribution: the tile server's attribution.
        title: the page title, also the frame's name for screen readers.

    Returns:
        The page's HTML.
    """
    fmap = make_map(
        title=title,
        vendor_url=vendor_url,
        tiles_url=tiles_url,
        tiles_attribution=tiles_attribution,
        location=origin,
    )
    # In a group, so each marker is on the map only once it has its own icon (Folium sets
    # icons after making markers; on the map, Leaflet would first fetch its default icon).
    pins = folium.FeatureGroup(name="Search", control=False)
    for number, site in enumerate(sites, start=1):
        pin = folium.Marker(
            location=(site.lat, site.lon),
            icon=folium.DivIcon(
                html=f'<span class="result-pin"><span>{number}</span></span>',
                icon_size=(PIN_SIZE_PX, PIN_SIZE_PX),
                icon_anchor=(PIN_SIZE_PX // 2, PIN_SIZE_PX + 4),
                class_name="result-marker",
            ),
            title=f"{number}. {site.name}",
        )
        annotate(pin, popup=result_popup(number, site)).add_to(pins)
    label = escape(origin_label)
    width = 24 + 8 * len(origin_label)
    folium.Marker(
        location=origin,
        icon=folium.DivIcon(
            html=f'<span class="origin-mark">&#9733; {label}</span>',
            icon_size=(width, 26),  # WCAG 2.2 target size: at least 24 px
            icon_anchor=(width // 2, 13),
            class_name="origin-marker",
        ),
        z_index_offset=ORIGIN_Z_OFFSET,
        title=f"You searched for {origin_label}",
    ).add_to(pins)
    pins.add_to(fmap)
    key = (
        '<ul><li><span class="result-pin"><span>1</span></span> '
        "a site, numbered as in the list</li>"
        '<li><span class="origin-mark">&#9733;</span> where you searched</li></ul>'
    )
    # Folded at first: two marks need little explaining, and the key would hide pins.
    fmap.add_child(Legend(key, position="bottomright", folded=True))
    # Pins stand above their point, so leave room for a whole pin at the top.
    points = [origin, *((s.lat, s.lon) for s in sites)]
    fit_to(fmap, points, top_left_px=(40, 50), bottom_right_px=(90, 50))
    return render_page(fmap)
