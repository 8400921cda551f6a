"""Draw what the tour and demand maps share: sites, practices and locality names."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

import folium
from markupsafe import escape

from maps.elements import annotate
from maps.style import OUTLINE, practice_radius_px, site_letters
from scheduler.contract.domain import Instance, Practice, Site

# Practice circles sit behind sites and units; sites behind units (Leaflet z-index offsets).
SITE_Z_OFFSET = 500
# Site boxes are about 14 px tall; this many pixels per letter plus padding and border.
SITE_BOX_HEIGHT_PX = 16
SITE_LETTER_WIDTH_PX = 7


def demand_by_practice(
    instance: Instance, service: str | None = None
) -> dict[str, dict[str, float]]:
    """Sum referrals a week by practice and service, for one service or all of them."""
    out: dict[str, dict[str, float]] = {p.id: {} for p in instance.practices}
    for (practice, service_id), per_week in instance.demand_per_week.items():
        if service is None or service_id == service:
            out[practice][service_id] = out[practice].get(service_id, 0.0) + per_week
    return out


def add_practices(
    fmap: folium.Map,
    instance: Instance,
    demand: dict[str, dict[str, float]],
    *,
    fill: Callable[[Practice], str],
    popup: Callable[[Practice], str],
    tooltip: Callable[[Practice, float], str],
) -> folium.FeatureGroup:
    """Draw each practice as a circle sized by its demand, filled by `fill`."""
    group = folium.FeatureGroup(name="GP practices", control=False).add_to(fmap)
    totals = {p.id: sum(demand.get(p.id, {}).values()) for p in instance.practices}
    largest = max(totals.values(), default=0.0)
    for practice in sorted(instance.practices, key=lambda p: -totals[p.id]):
        total = totals[practice.id]
        circle = folium.CircleMarker(
            location=(practice.lat, practice.lon),
            radius=practice_radius_px(total, largest),
            color=OUTLINE,
            weight=1,
            fill=True,
            fill_color=fill(practice),
            fill_opacity=0.85,
            class_name="practice-marker",
        )
        annotate(circle, popup=popup(practice), tooltip=tooltip(practice, total))
        circle.add_to(group)
    return group


def site_icon(site: Site, *, faded: bool = False) -> folium.DivIcon:
    """Mark a site with a white box spelling the unit types it hosts, e.g. "OTR"."""
    letters = site_letters(site.unit_types)
    width = 8 + SITE_LETTER_WIDTH_PX * len(letters)
    modifier = " site-box--faded" if faded else ""
    return folium.DivIcon(
        html=f'<span class="site-box{modifier}" data-site="{escape(site.id)}">{letters}</span>',
        icon_size=(width, SITE_BOX_HEIGHT_PX),
        icon_anchor=(width // 2, SITE_BOX_HEIGHT_PX // 2),
        class_name="site-marker",
    )


def add_sites(
    fmap: folium.Map,
    sites: Iterable[Site],
    *,
    popup: Callable[[Site], str],
    faded: Callable[[Site], bool] = lambda site: False,
) -> folium.FeatureGroup:
    """Draw each site as a box of letters with a popup and its name as the tooltip."""
    group = folium.FeatureGroup(name="Sites", control=False).add_to(fmap)
    for site in sites:
        marker = folium.Marker(
            location=(site.lat, site.lon),
            icon=site_icon(site, faded=faded(site)),
            z_index_offset=SITE_Z_OFFSET,
            title=site.name or site.id,
        )
        annotate(marker, popup=popup(site), tooltip=site.name or site.id)
        marker.add_to(group)
    return group


def add_locality_labels(fmap: folium.Map, instance: Instance) -> None:
    """Name each locality at the middle of its sites and practices, for maps without tiles."""
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for place in (*instance.sites, *instance.practices):
        points[place.locality].append((place.lat, place.lon))
    group = folium.FeatureGroup(name="Localities", control=False).add_to(fmap)
    for name, where in sorted(points.items()):
        lat = sum(p[0] for p in where) / len(where)
        lon = sum(p[1] for p in where) / len(where)
        folium.Marker(
            location=(lat, lon),
            icon=folium.DivIcon(
                html=f'<span class="locality-label">{escape(name)}</span>',
                icon_size=(160, 16),
                icon_anchor=(80, -14),
                class_name="locality-marker",
            ),
            interactive=False,
            keyboard=False,
        ).add_to(group)


def fit_to(
    fmap: folium.Map,
    points: Iterable[tuple[float, float]],
    *,
    top_left_px: tuple[int, int] = (30, 30),
    bottom_right_px: tuple[int, int] = (30, 30),
) -> None:
    """Zoom the map so every point shows, clear of the edges (nothing to do without points)."""
    points = list(points)
    if points:
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        fmap.fit_bounds(
            [[min(lats), min(lons)], [max(lats), max(lons)]],
            padding_top_left=top_left_px,
            padding_bottom_right=bottom_right_px,
            max_zoom=15,
        )
