"""Colours, letters, sizes and the stylesheet the maps share."""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import escape


@dataclass(frozen=True)
class TypeStyle:
    """How a unit type looks: its name, the letter that marks it and its colour."""

    label: str
    letter: str
    colour: str


# Each colour holds white text at 4.5:1 or more (WCAG AA); the letter carries the type too.
UNIT_TYPE_STYLES = {
    "outpatient": TypeStyle("Outpatient", "O", "#005eb8"),
    "theatre": TypeStyle("Theatre", "T", "#a63d00"),
    "radiology": TypeStyle("Radiology", "R", "#7b3294"),
}
OTHER_TYPE = TypeStyle("Other", "?", "#4c6272")

# Practice circles: the radius above the minimum grows with the square root of demand, so
# the area (what the eye compares) grows about in proportion to demand.
PRACTICE_MIN_RADIUS_PX = 4.0
PRACTICE_MAX_RADIUS_PX = 18.0

# Share of demand served -> fill, light (poorly served) to dark (well served), a
# colour-blind-safe sequential scale (ColorBrewer YlGnBu); tooltips give the percentage.
COVERAGE_BANDS = (
    (0.5, "#ffffcc", "under 50%"),
    (0.7, "#a1dab4", "50% to 70%"),
    (0.85, "#41b6c4", "70% to 85%"),
    (0.95, "#2c7fb8", "85% to 95%"),
    (math.inf, "#253494", "95% or more"),
)
COVERAGE_UNKNOWN = "#d8dde0"
DEMAND_FILL = "#41b6c4"
OUTLINE = "#212b32"

# The maps' own rules; Leaflet's stylesheet is loaded from the app before this.
MAP_CSS = """
.map-page { display: block; width: 100%; height: 100%; }
.map-visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.leaflet-container { background: #f0f4f5; font: 14px/1.4 Arial, Helvetica, sans-serif; }
.map-control { background: #fff; color: #212b32; padding: 6px 10px; border-radius: 4px;
  box-shadow: 0 1px 5px rgba(0, 0, 0, 0.4); max-width: 280px; }
.map-control summary { cursor: pointer; font-weight: bold; }
.map-legend ul { list-style: none; margin: 4px 0; padding: 0; }
.map-legend li { margin: 3px 0; display: flex; align-items: center; gap: 6px; }
.map-legend h2 { font-size: 13px; margin: 8px 0 2px; }
.unit-badge { display: inline-flex; align-items: center; gap: 3px; color: #fff;
  font: bold 12px/16px Arial, sans-serif; padding: 0 4px; border: 1px solid #fff;
  box-shadow: 0 0 0 1px #212b32; white-space: nowrap; }
.unit-badge b { background: #fff; border-radius: 2px; padding: 0 2px; font-size: 10px;
  line-height: 12px; }
.unit-badge--outpatient { border-radius: 9px; }
.unit-badge--theatre { border-radius: 0; }
.unit-badge--radiology { border-radius: 4px; border-style: double; border-width: 3px; }
.site-box { display: inline-block; background: #fff; color: #212b32; border: 2px solid #212b32;
  font: bold 10px/12px Arial, sans-serif; padding: 0 2px; white-space: nowrap; }
.site-box--faded { color: #4c6272; border-color: #768692; border-style: dashed; }
.result-pin { display: inline-block; width: 22px; height: 22px; border-radius: 50% 50% 50% 0;
  transform: rotate(-45deg); background: #005eb8; border: 2px solid #fff;
  box-shadow: 0 0 0 1px #212b32; }
.result-pin span { display: block; transform: rotate(45deg); color: #fff; text-align: center;
  font: bold 12px/22px Arial, sans-serif; }
.origin-mark { display: inline-block; background: #ffeb3b; color: #212b32;
  border: 2px solid #212b32; font: bold 12px/18px Arial, sans-serif; padding: 2px 5px;
  white-space: nowrap; }
.locality-label { color: #4c6272; font: italic 13px/16px Arial, sans-serif;
  white-space: nowrap; text-shadow: 0 0 3px #fff, 0 0 3px #fff; pointer-events: none; }
.unit-holder { position: relative; height: 100%; display: flex; align-items: flex-end;
  justify-content: center; }
.unit-stem::after { content: ""; position: absolute; left: 50%; top: 100%; height: 8px;
  border-left: 2px solid #212b32; }
.week-control label { font-weight: bold; margin: 0 4px; }
.week-control input { vertical-align: middle; width: 150px; }
.week-control button { font: bold 16px/20px Arial, sans-serif; min-width: 28px;
  min-height: 28px; cursor: pointer; }
.week-control output { display: block; margin-top: 4px; }
.map-popup h2 { font-size: 16px; margin: 0 0 4px; }
.map-popup p, .map-popup ul { margin: 4px 0; }
.map-popup ul { padding-left: 18px; }
"""


def type_style(unit_type: str) -> TypeStyle:
    """Look up how a unit type is drawn."""
    return UNIT_TYPE_STYLES.get(unit_type, OTHER_TYPE)


def unit_badge(unit_id: str, unit_type: str) -> str:
    """Draw a unit as a badge: its type letter and id on its type's colour and shape."""
    style = type_style(unit_type)
    return (
        f'<span class="unit-badge unit-badge--{escape(unit_type)}" '
        f'style="background: {style.colour}"><b style="color: {style.colour}">'
        f"{style.letter}</b>{escape(unit_id)}</span>"
    )


def unit_badge_width_px(unit_id: str) -> int:
    """Estimate a badge's width so Leaflet can anchor it (bold 12px Arial, ~8px a letter)."""
    return 26 + 8 * len(unit_id)


def move_arrow(colour: str, angle_deg: float, size_px: int) -> str:
    """Draw a triangle pointing `angle_deg` clockwise from east, outlined to show on lines."""
    return (
        f'<svg width="{size_px}" height="{size_px}" viewBox="0 0 16 16" aria-hidden="true" '
        f'style="transform: rotate({angle_deg:.0f}deg)"><path d="M2 2 L14 8 L2 14 Z" '
        f'fill="{colour}" stroke="#fff" stroke-width="1.5"/></svg>'
    )


def site_letters(unit_types: tuple[str, ...]) -> str:
    """Spell the unit types a site hosts as letters in a fixed order, e.g. "OR"."""
    known = [t for t in UNIT_TYPE_STYLES if t in unit_types]
    others = sorted(t for t in unit_types if t not in UNIT_TYPE_STYLES)
    return "".join(type_style(t).letter for t in known + others) or "–"


def practice_radius_px(demand: float, largest: float) -> float:
    """Size a practice circle so its area is proportional to its demand."""
    if largest <= 0 or demand <= 0:
        return PRACTICE_MIN_RADIUS_PX
    span = PRACTICE_MAX_RADIUS_PX - PRACTICE_MIN_RADIUS_PX
    return PRACTICE_MIN_RADIUS_PX + span * math.sqrt(min(demand / largest, 1.0))


def coverage_fill(coverage: float | None) -> str:
    """Shade a share of demand served (0..1); grey when it is not known."""
    if coverage is None:
        return COVERAGE_UNKNOWN
    return next(colour for upper, colour, _ in COVERAGE_BANDS if coverage < upper)


def percent(share: float) -> str:
    """Write a share as a whole percentage."""
    return f"{round(100 * share)}%"
