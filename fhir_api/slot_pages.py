"""A page of free slots: counted from each session's free slots, made only for the page.

A search of every service over two weeks finds thousands of free slots, and a client asks
for a page of a hundred. Making every slot (its time, its site) to sort them all and keep a
hundred cost about 40 ms a search. Instead, one query outlines each session with its slots
and free slots counted (plain columns, no ORM objects), and sessions are taken in runs that
overlap in time: every slot starts within its session, so a slot of one run starts before
any slot of the next, and a run's slots fill a known stretch of the whole sorted list. Only
the runs the page falls in are made slot by slot, in the order of the whole list: soonest
first, then site name, session and number. The total is the sum of the runs' counts.

A session is counted whole when it lies inside the searched window; a window that cuts
through a run (a search by time of day) has that run counted slot by slot.
"""

from collections.abc import Iterable
from datetime import datetime, time
from typing import NamedTuple

import sqlalchemy as sa

from booking.models import Booking, SessionSlot
from booking.openings import Opening
from extensions import db
from fhir_api.schedules import SlotFilter, clinicians_of, free_numbers, sessions_in, slot
from fhir_api.search import Window
from inputs.models import Service, Site
from plans.models import ClinicSession, Placement, Plan, Scenario
from plans.schedule import DEFAULT_TIMES

NO_SITE = "(no site)"  # as booking.openings names a session's missing site


class Outline(NamedTuple):
    """A session as a search sees it: its hours, where, what, and its free slots of the
    kind asked for (its `slots` split its hours evenly, as an Opening's do)."""

    session_id: int
    start: datetime
    end: datetime
    slots: int
    free: int
    site_name: str
    service_id: str
    service_name: str

    def slot_time(self, number: int) -> datetime:
        """When appointment `number` starts, by the desk's own rule (Opening.slot_time reads
        only start, end and slots, which an outline has too)."""
        return Opening.slot_time(self, number)


class FreeSlot(NamedTuple):
    """A free slot found by a search, in the order searches answer: soonest first (then by
    site and session); made into a Slot resource only if it is on the page asked for."""

    start: datetime
    site_name: str
    session_id: int
    number: int  # no two share start, site, session and number: outline is never compared
    kind: str
    outline: Outline

    def resource(self) -> dict:
        return slot(self.outline, self.number, self.kind)


class SlotPage(NamedTuple):
    total: int  # free slots the whole search finds
    slots: list[FreeSlot]  # those on the page asked for


def _counted(query: sa.Select, kind: str | None) -> sa.Select:
    """The sessions of the query as plain columns, with their slots and free slots (of the
    kind, if one is given) counted in the same query."""
    slots = sa.select(sa.func.count()).where(SessionSlot.session_id == ClinicSession.id)
    of_kind = slots.where(SessionSlot.kind == kind) if kind is not None else slots
    held = (
        sa.select(sa.func.count())
        .select_from(Booking)
        .where(Booking.session_id == ClinicSession.id, Booking.status != "cancelled")
    )
    if kind is not None:
        held = held.join(
            SessionSlot,
            (SessionSlot.session_id == Booking.session_id)
            & (SessionSlot.number == Booking.slot_number),
        ).where(SessionSlot.kind == kind)
    return query.with_only_columns(
        ClinicSession.id,
        ClinicSession.date,
        ClinicSession.period,
        ClinicSession.plan_id,
        ClinicSession.unit_id,
        ClinicSession.service_id,
        Plan.scenario_id,
        slots.scalar_subquery(),
        of_kind.scalar_subquery() - held.scalar_subquery(),
        maintain_column_froms=True,
    )


def outlines(window: Window, wanted: SlotFilter, now: datetime) -> list[Outline]:
    """The sessions still to begin that the filter admits and that have a free slot of the
    kind asked for, soonest first."""
    rows = db.session.execute(_counted(sessions_in(window, wanted), wanted.slot_kind)).all()
    if not rows:
        return []
    times = _times({row.scenario_id for row in rows})
    site_of = _sites({row.plan_id for row in rows})
    site_names = dict(db.session.execute(sa.select(Site.id, Site.name)).all())
    service_names = dict(db.session.execute(sa.select(Service.id, Service.name)).all())
    wanted_clinicians = wanted.clinician_ids is not None
    clinicians = clinicians_of([row[0] for row in rows]) if wanted_clinicians else {}
    found = []
    for session_id, day, period, plan_id, unit_id, service_id, scenario_id, slots, free in rows:
        first_day, begin, finish = times[scenario_id, period]
        start = datetime.combine(day, begin)
        if start <= now or free <= 0:
            continue
        site_id = site_of.get((plan_id, unit_id, (day - first_day).days // 7))
        site_id = site_id if site_id in site_names else ""
        people = (key for key, _ in clinicians.get(session_id, []))
        if wanted.admits(session_id, site_id, people):
            found.append(
                Outline(
                    session_id,
                    start,
                    datetime.combine(day, finish),
                    slots,
                    free,
                    site_names.get(site_id, NO_SITE),
                    service_id,
                    service_names.get(service_id, service_id),
                )
            )
    return sorted(found, key=lambda outline: outline.start)


def _times(scenario_ids: set[str]) -> dict[tuple[str, str], tuple]:
    """{(scenario, period): (its first day, the period's start, its end)}."""
    query = sa.select(Scenario.id, Scenario.start, Scenario.session_times)
    found = {}
    for key, first_day, stored in db.session.execute(query.where(Scenario.id.in_(scenario_ids))):
        for period, (begin, finish) in (stored or DEFAULT_TIMES).items():
            found[key, period] = (first_day, time.fromisoformat(begin), time.fromisoformat(finish))
    return found


def _sites(plan_ids: set[int]) -> dict[tuple[int, str, int], str]:
    """Where each plan's units stand: {(plan, unit, week): site id}."""
    query = sa.select(Placement.plan_id, Placement.unit_id, Placement.week, Placement.site_id)
    rows = db.session.execute(query.where(Placement.plan_id.in_(plan_ids)))
    return {(plan, unit, week): site for plan, unit, week, site in rows}


def runs(found: list[Outline]) -> list[list[Outline]]:
    """Sessions (soonest first) in runs that overlap in time; every slot of a run starts
    before any slot of the next."""
    grouped: list[list[Outline]] = []
    last_end = None
    for outline in found:
        if last_end is not None and outline.start < last_end:
            grouped[-1].append(outline)
            last_end = max(last_end, outline.end)
        else:
            grouped.append([outline])
            last_end = outline.end
    return grouped


def free_slots(sessions: Iterable[Outline], window: Window, kind: str | None) -> list[FreeSlot]:
    """Every free slot (of the kind, if given) of the sessions that starts in the window,
    in the order searches answer."""
    sessions = list(sessions)
    free = free_numbers([outline.session_id for outline in sessions])
    found = [
        FreeSlot(o.slot_time(number), o.site_name, o.session_id, number, slot_kind, o)
        for o in sessions
        for number, slot_kind in free.get(o.session_id, [])
        if kind is None or slot_kind == kind
    ]
    return sorted(slot for slot in found if window.holds(slot.start))


def _inside(run: list[Outline], window: Window) -> bool:
    return all(window.start <= o.start and o.end <= window.end for o in run)


def slot_page(
    window: Window, wanted: SlotFilter, now: datetime, offset: int, count: int
) -> SlotPage:
    """The free slots on one page of a search, and how many the whole search finds."""
    total, first, on_page = 0, None, []
    for run in runs(outlines(window, wanted, now)):
        if _inside(run, window):
            found = sum(outline.free for outline in run)
        else:  # the window cuts through the run: only some of its slots are searched
            found = len(free_slots(run, window, wanted.slot_kind))
        if total < offset + count and offset < total + found:
            first = total if first is None else first
            on_page += run
        total += found
    if first is None:
        return SlotPage(total, [])
    page = free_slots(on_page, window, wanted.slot_kind)
    return SlotPage(total, page[offset - first : offset - first + count])
