"""Write the HTML inside the maps' popups: sites, practices and a unit's week."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from markupsafe import escape

from maps.style import percent, type_style
from scheduler.contract.domain import Horizon, Instance, Practice, Session, Site, Unit


def day_label(day: date) -> str:
    """Write a date the way people read it, e.g. "Tue 5 Jan 2027"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def week_span(horizon: Horizon, week: int) -> str:
    """Write a cycle week's dates, e.g. "Mon 4 Jan 2027 to Sun 10 Jan 2027"."""
    return f"{day_label(horizon.week_first(week))} to {day_label(horizon.week_last(week))}"


def week_list(weeks: Iterable[int]) -> str:
    """Write 0-based weeks as people count them, joining runs: "weeks 1–3, 7"."""
    ordered = sorted(set(weeks))
    runs: list[list[int]] = []
    for week in ordered:
        if runs and week == runs[-1][-1] + 1:
            runs[-1].append(week)
        else:
            runs.append([week])
    parts = [f"{r[0] + 1}" if len(r) == 1 else f"{r[0] + 1}–{r[-1] + 1}" for r in runs]
    return ("week " if len(ordered) == 1 else "weeks ") + ", ".join(parts)


def place(locality: str, postcode: str | None) -> str:
    """Write where something is: locality and postcode, escaped."""
    return ", ".join(str(escape(part)) for part in (locality, postcode) if part)


def hosted_types(site: Site) -> str:
    """Name the unit types a site hosts with the letters the map marks them by."""
    styles = [type_style(t) for t in site.unit_types]
    return ", ".join(f"{s.label.lower()} ({s.letter})" for s in styles) or "none"


def site_popup(site: Site, *, visits: dict[str, list[int]] | None = None, note: str = "") -> str:
    """Describe a site: where it is, what it hosts and, for a tour, which units visit when."""
    pads = "1 unit at a time" if site.pads == 1 else f"{site.pads} units at a time"
    html = [
        f"<h2>{escape(site.name or site.id)}</h2>",
        f"<p>{place(site.locality, site.postcode)}</p>",
        f"<p>Hosts {escape(hosted_types(site))} units; {pads}.</p>",
    ]
    if note:
        html.append(f"<p>{escape(note)}</p>")
    if visits is not None:
        if visits:
            items = "".join(
                f"<li>{escape(unit)}: {week_list(weeks)}</li>" for unit, weeks in visits.items()
            )
            html.append(f"<p>Visits this cycle:</p><ul>{items}</ul>")
        else:
            html.append("<p>No unit stands here in this plan.</p>")
    return "".join(html)


def practice_popup(
    practice: Practice, per_week: dict[str, float], instance: Instance, coverage_note: str = ""
) -> str:
    """Describe a practice: where it is and its referrals a week by service."""
    names = {k.id: k.name or k.id for k in instance.services}
    rows = sorted(per_week.items(), key=lambda item: -item[1])
    items = "".join(
        f"<li>{escape(names.get(k, k))}: {amount:.1f}</li>" for k, amount in rows if amount > 0
    )
    html = [
        f"<h2>{escape(practice.name or practice.id)}</h2>",
        f"<p>{place(practice.locality, practice.postcode)}</p>",
        f"<p>{sum(per_week.values()):.1f} new referrals a week</p>",
    ]
    if items:
        html.append(f"<ul>{items}</ul>")
    if practice.list_size:
        html.append(f"<p>List size {practice.list_size:,}</p>")
    if coverage_note:
        html.append(f"<p>{escape(coverage_note)}</p>")
    return "".join(html)


def coverage_note(locality: str, coverage: float | None) -> str:
    """Say how much of the practice's locality's demand the plan serves."""
    if coverage is None:
        return "How much of this demand the plan serves is not known."
    return f"The plan serves {percent(coverage)} of the demand from {locality}."


def unit_week_popup(
    instance: Instance,
    unit: Unit,
    site: Site,
    week: int,
    sessions: Iterable[Session],
    came_from: Site | None,
    arrives: bool,
) -> str:
    """Describe a unit's week at a site: the dates, any arrival, and the sessions by day.

    A unit arrives when it stood elsewhere (`came_from`) or nowhere the week before.
    """
    style = type_style(unit.type)
    html = [
        f"<h2>{escape(unit.name or unit.id)}</h2>",
        f"<p>{escape(style.label)} unit {escape(unit.id)} at "
        f"<strong>{escape(site.name or site.id)}</strong>, {escape(site.locality)}.</p>",
        f"<p>Week {week + 1}: {week_span(instance.horizon, week)}.</p>",
    ]
    if arrives:
        days = "1 working day" if unit.setup_days == 1 else f"{unit.setup_days} working days"
        setup = f" Sets up for {days}." if unit.setup_days else ""
        origin = f"from {escape(came_from.name or came_from.id)}" if came_from else "this week"
        html.append(f"<p>Arrives {origin}.{setup}</p>")
    html.append(sessions_list(instance, sessions))
    return "".join(html)


def sessions_list(instance: Instance, sessions: Iterable[Session]) -> str:
    """List sessions by day: "Tue 5 Jan 2027: AM Dermatology clinic ×2; PM MSK clinic"."""
    names = {k.id: k.name or k.id for k in instance.services}
    by_day: dict[date, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    for s in sessions:
        by_day[s.date][(s.session, s.service)] += 1
    if not by_day:
        return "<p>No sessions this week.</p>"
    order = {name: i for i, name in enumerate(instance.horizon.sessions)}
    items = []
    for day in sorted(by_day):
        runs = sorted(by_day[day].items(), key=lambda item: (order.get(item[0][0], 9), item[0]))
        text = "; ".join(
            f"{half} {escape(names.get(service, service))}{f' ×{count}' if count > 1 else ''}"
            for (half, service), count in runs
        )
        items.append(f"<li>{day_label(day)}: {text}</li>")
    return f"<p>Sessions:</p><ul>{''.join(items)}</ul>"
