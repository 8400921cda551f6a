"""Write the keys of the maps: what each mark, letter, size and shade means."""

from __future__ import annotations

from markupsafe import escape

from maps.style import (
    COVERAGE_BANDS,
    COVERAGE_UNKNOWN,
    DEMAND_FILL,
    OUTLINE,
    PRACTICE_MAX_RADIUS_PX,
    PRACTICE_MIN_RADIUS_PX,
    UNIT_TYPE_STYLES,
    move_arrow,
    type_style,
    unit_badge,
)
from scheduler.contract.domain import Instance


def _circle(radius: float, fill: str) -> str:
    size = int(2 * radius + 2)
    return (
        f'<svg width="{size}" height="{size}" aria-hidden="true">'
        f'<circle cx="{size / 2}" cy="{size / 2}" r="{radius}" fill="{fill}" '
        f'stroke="{OUTLINE}" stroke-width="1"/></svg>'
    )


def _section(heading: str, items: list[str]) -> str:
    rows = "".join(f"<li>{item}</li>" for item in items)
    return f"<h2>{escape(heading)}</h2><ul>{rows}</ul>"


def _unit_types(instance: Instance) -> list[str]:
    present = {u.type for u in instance.units} | {t for s in instance.sites for t in s.unit_types}
    return [t for t in UNIT_TYPE_STYLES if t in present] + sorted(present - set(UNIT_TYPE_STYLES))


def sites_section(instance: Instance, faded_note: str = "") -> str:
    """Explain the site boxes: each letter is a unit type the site can host."""
    letters = ", ".join(
        f"{type_style(t).letter} {type_style(t).label.lower()}" for t in _unit_types(instance)
    )
    items = [f'<span class="site-box">OR</span> letters: unit types it can host ({letters})']
    if faded_note:
        items.append(f'<span class="site-box site-box--faded">O</span> {escape(faded_note)}')
    return _section("Sites", items)


def practices_section(fills: list[tuple[str, str]]) -> str:
    """Explain the practice circles: size is demand, shade as `fills` (colour, meaning)."""
    small = _circle(PRACTICE_MIN_RADIUS_PX, DEMAND_FILL)
    large = _circle(PRACTICE_MAX_RADIUS_PX / 2, DEMAND_FILL)
    items = [f"{small} {large} size: new referrals a week"]
    items += [f"{_circle(6, colour)} {escape(meaning)}" for colour, meaning in fills]
    return _section("GP practices", items)


def tour_legend(instance: Instance, coverage_known: bool) -> str:
    """Key of the tour map: unit badges, moves, sites and practices."""
    units = []
    for unit_type in _unit_types(instance):
        sample = next((u.id for u in instance.units if u.type == unit_type), "unit")
        label = escape(type_style(unit_type).label)
        units.append(f"{unit_badge(sample, unit_type)} {label} unit (e.g. {escape(sample)})")
    colour = type_style("outpatient").colour
    moves = [
        f'<svg width="34" height="8" aria-hidden="true"><line x1="0" y1="4" x2="34" y2="4" '
        f'stroke="{colour}" stroke-width="3" stroke-dasharray="6 6"/></svg>'
        f"{move_arrow(colour, 0, 14)} moved here since the week before"
    ]
    if coverage_known:
        fills = [(colour, f"locality served: {label}") for _, colour, label in COVERAGE_BANDS]
    else:
        fills = [(COVERAGE_UNKNOWN, "share served not known")]
    return (
        _section("Units this week", units)
        + _section("Moves", moves)
        + sites_section(instance)
        + practices_section(fills)
    )


def demand_legend(instance: Instance, service_name: str | None, faded_note: str) -> str:
    """Key of the demand map: sites and practices sized by demand."""
    what = f"demand for {service_name}" if service_name else "demand for all services"
    return sites_section(instance, faded_note) + practices_section([(DEMAND_FILL, what)])
