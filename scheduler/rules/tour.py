"""Where each unit stands week by week, when it arrives, and the days it spends setting up."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..contract.domain import Instance, Placement
from .hard import setup_days


def stands(instance: Instance, placements: Iterable[Placement]) -> dict[tuple[str, int], str]:
    """Map (unit, week) to the site of the unit's first placement that week.

    Placements naming an unknown unit or site, or a week outside the cycle, are left out
    (rule 1 reports them); a second placement of a unit in one week is rule 2's business.
    """
    weeks = instance.horizon.weeks
    out: dict[tuple[str, int], str] = {}
    for p in placements:
        known = p.unit in instance.unit_by_id and p.site in instance.site_by_id
        if known and 0 <= p.week < weeks:
            out.setdefault((p.unit, p.week), p.site)
    return out


def arrivals(instance: Instance, placements: Iterable[Placement]) -> list[tuple[str, int]]:
    """(unit, week) pairs in which the unit arrives at a site, sorted.

    A unit arrives in week w when it stands somewhere in week w and, in week w-1 (cyclic:
    week W-1 before week 0), it stood at another site or was off the road.
    """
    where = stands(instance, placements)
    weeks = instance.horizon.weeks
    return sorted(
        (unit, week)
        for (unit, week), site in where.items()
        if where.get((unit, (week - 1) % weeks)) != site
    )


def setup_dates(instance: Instance, placements: Iterable[Placement]) -> dict[tuple[str, date], int]:
    """Map (unit, date) to the arrival week for every working day a unit spends setting up.

    These are the first `setup_days` working days (horizon weekdays that are not closed)
    of each arrival week.
    """
    out: dict[tuple[str, date], int] = {}
    for unit_id, week in arrivals(instance, placements):
        for day in setup_days(instance.horizon, instance.unit_by_id[unit_id], week):
            out[(unit_id, day)] = week
    return out
