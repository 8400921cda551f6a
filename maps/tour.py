"""Draw a plan's tour: where every unit stands each week, its moves, and who is served."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import folium
from markupsafe import escape

from maps.assets import DEFAULT_VENDOR_PREFIX, VendorUrl, make_map, render_page
from maps.elements import Legend, annotate
from maps.layers import add_locality_labels, add_practices, add_sites, demand_by_practice, fit_to
from maps.legend import tour_legend
from maps.popups import coverage_note, practice_popup, site_popup, unit_week_popup, week_span
from maps.style import (
    coverage_fill,
    move_arrow,
    percent,
    type_style,
    unit_badge,
    unit_badge_width_px,
)
from maps.week_control import WeekControl
from scheduler.contract.domain import Instance, Plan, Session, Site, Unit
from scheduler.rules.tour import stands

# Units stand above their site's box, stacked when a site holds several that week.
BADGE_HEIGHT_PX = 22
BADGE_GAP_PX = 16
UNIT_Z_OFFSET = 1000
# Big enough to see the direction of a move at a glance.
ARROW_PX = 22


def tour_map(instance: Instance, plan: Plan, kpis: Any = None, **options: Any) -> str:
    """Render the tour map of `plan` as a whole HTML page (for an iframe's src or srcdoc).

    Takes the arguments of `build_tour_map`, which says what the map shows.
    """
    return render_page(build_tour_map(instance, plan, kpis, **options))


def build_tour_map(
    instance: Instance,
    plan: Plan,
    kpis: Any = None,
    *,
    week: int = 0,
    vendor_url: VendorUrl | str = DEFAULT_VENDOR_PREFIX,
    tiles_url: str | None = None,
    tiles_attribution: str | None = None,
    title: str | None = None,
) -> folium.Map:
    """Build the Folium map of `plan`'s tour, which `tour_map` renders as a page.

    Each cycle week is a layer of unit badges (type letter and unit id on the type's colour
    and shape) above their sites, with a dashed line and an arrow for each unit that moved
    there since the week before (week 1 follows the cycle's last week). A week control
    shows one week at a time. Sites are boxes spelling the unit types they host; practices
    are circles sized by their demand and shaded by the share of their locality's demand
    the plan serves (`by_locality` of the scoring; per-practice service is not scored).

    Args:
        instance: what the plan was made for.
        plan: the placements and sessions to draw (need not be valid).
        kpis: `scheduler.score(instance, plan)` or its JSON (`Kpis.to_json()`); when None,
            `plan.kpis` is used; practices are grey when neither has `by_locality`.
        week: the 0-based cycle week shown first (taken modulo the cycle's length).
        vendor_url: a `(package, filename) -> url` callable or a URL prefix for Leaflet.
        tiles_url: an optional base-map tile URL template (e.g. an intranet tile server).
        tiles_attribution: the tile server's attribution.
        title: the page title; "Tour map: <instance name>" by default.

    Returns:
        The map, to render, inspect or extend.
    """
    fmap = make_map(
        title=title or f"Tour map: {instance.name}",
        vendor_url=vendor_url,
        tiles_url=tiles_url,
        tiles_attribution=tiles_attribution,
    )
    where = stands(instance, plan.placements)
    coverage = locality_coverage(kpis if kpis is not None else plan.kpis)
    _add_practices(fmap, instance, coverage)
    visits: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for (unit_id, week_index), site_id in sorted(where.items()):
        visits[site_id][unit_id].append(week_index)
    add_sites(
        fmap,
        instance.sites,
        popup=lambda site: site_popup(site, visits=dict(visits.get(site.id, {}))),
    )
    add_locality_labels(fmap, instance)
    groups, labels = _week_layers(fmap, instance, plan, where)
    fmap.add_child(WeekControl(groups, labels, initial=week))
    fmap.add_child(Legend(tour_legend(instance, bool(coverage))))
    fit_to(fmap, [(p.lat, p.lon) for p in (*instance.sites, *instance.practices)])
    return fmap


def locality_coverage(kpis: Any) -> dict[str, float]:
    """Read each locality's share of demand served from a `Kpis` or its JSON form."""
    if kpis is None:
        return {}
    by_locality = getattr(kpis, "by_locality", None)
    if by_locality is None and isinstance(kpis, Mapping):
        by_locality = kpis.get("by_locality")
    out: dict[str, float] = {}
    for name, figures in (by_locality or {}).items():
        if isinstance(figures, Mapping):
            share = figures.get("coverage")
            demand = figures.get("demand") or 0
            if share is None and demand > 0:
                share = figures.get("served", 0) / demand
        else:
            share = figures.coverage
        if share is not None:
            out[name] = float(share)
    return out


def _add_practices(fmap: folium.Map, instance: Instance, coverage: dict[str, float]) -> None:
    demand = demand_by_practice(instance)

    def tooltip(practice, total: float) -> str:
        share = coverage.get(practice.locality)
        served = f"; {percent(share)} of {practice.locality} served" if share is not None else ""
        return f"{practice.name or practice.id}: {total:.1f} referrals a week{served}"

    add_practices(
        fmap,
        instance,
        demand,
        fill=lambda p: coverage_fill(coverage.get(p.locality)),
        popup=lambda p: practice_popup(
            p, demand[p.id], instance, coverage_note(p.locality, coverage.get(p.locality))
        ),
        tooltip=tooltip,
    )


def _week_layers(
    fmap: folium.Map, instance: Instance, plan: Plan, where: dict[tuple[str, int], str]
) -> tuple[list[folium.FeatureGroup], list[str]]:
    """Make one hidden layer per week holding its unit badges and moves, and its label."""
    horizon = instance.horizon
    sessions: dict[tuple[str, int], list[Session]] = defaultdict(list)
    for s in plan.sessions:
        sessions[(s.unit, horizon.week_of(s.date))].append(s)
    groups, labels = [], []
    for week in range(horizon.weeks):
        group = folium.FeatureGroup(name=f"Week {week + 1}", control=False, show=False)
        group.add_to(fmap)
        stacked: dict[str, int] = defaultdict(int)
        off_road = []
        for unit in instance.units:
            site_id = where.get((unit.id, week))
            if site_id is None:
                off_road.append(unit.id)
                continue
            site = instance.site_by_id[site_id]
            before = where.get((unit.id, (week - 1) % horizon.weeks))
            came_from = instance.site_by_id[before] if before and before != site_id else None
            popup = unit_week_popup(
                instance, unit, site, week, sessions[(unit.id, week)], came_from, before != site_id
            )
            _unit_marker(unit, site, stacked[site_id], popup, week).add_to(group)
            stacked[site_id] += 1
            if came_from is not None:
                _move(unit, came_from, site).add_to(group)
        groups.append(group)
        labels.append(_week_label(instance, week, len(instance.units) - len(off_road), off_road))
    return groups, labels


def _unit_marker(unit: Unit, site: Site, index: int, popup: str, week: int) -> folium.Marker:
    width = unit_badge_width_px(unit.id)
    lift = BADGE_GAP_PX + BADGE_HEIGHT_PX * (index + 1)
    # The lowest badge of a stack has a stem down to the site's box.
    stem = " unit-stem" if index == 0 else ""
    html = f'<div class="unit-holder{stem}" data-unit="{escape(unit.id)}">'
    html += f"{unit_badge(unit.id, unit.type)}</div>"
    marker = folium.Marker(
        location=(site.lat, site.lon),
        icon=folium.DivIcon(
            html=html,
            icon_size=(width, BADGE_HEIGHT_PX),
            icon_anchor=(width // 2, lift),
            class_name=f"unit-marker unit-marker--{unit.type}",
        ),
        z_index_offset=UNIT_Z_OFFSET,
        title=f"{unit.name or unit.id} at {site.name or site.id}, week {week + 1}",
    )
    return annotate(marker, popup=popup)


def _move(unit: Unit, origin: Site, destination: Site) -> folium.FeatureGroup:
    """Draw a unit's move as a dashed line in its type's colour with an arrow halfway."""
    colour = type_style(unit.type).colour
    text = (
        f"{unit.id} moves from {origin.name or origin.id} to {destination.name or destination.id}"
    )
    move = folium.FeatureGroup(control=False)
    line = folium.PolyLine(
        [(origin.lat, origin.lon), (destination.lat, destination.lon)],
        color=colour,
        weight=3,
        dash_array="6 6",
        class_name="move-line",
    )
    annotate(line, tooltip=text).add_to(move)
    # Screen angle of the move: x grows east, y grows south (CSS rotate turns clockwise).
    dx = (destination.lon - origin.lon) * math.cos(math.radians(origin.lat))
    dy = -(destination.lat - origin.lat)
    angle = math.degrees(math.atan2(dy, dx))
    folium.Marker(
        location=((origin.lat + destination.lat) / 2, (origin.lon + destination.lon) / 2),
        icon=folium.DivIcon(
            html=move_arrow(colour, angle, ARROW_PX),
            icon_size=(ARROW_PX, ARROW_PX),
            icon_anchor=(ARROW_PX // 2, ARROW_PX // 2),
            class_name="move-arrow",
        ),
        interactive=False,
        keyboard=False,
    ).add_to(move)
    return move


def _week_label(instance: Instance, week: int, placed: int, off_road: list[str]) -> str:
    """Say which week is shown, its dates, and which units are off the road."""
    horizon = instance.horizon
    units = "1 unit" if placed == 1 else f"{placed} units"
    label = f"Week {week + 1} of {horizon.weeks}: {week_span(horizon, week)}. {units} out"
    return label + (f"; off the road: {', '.join(off_road)}." if off_road else ".")
