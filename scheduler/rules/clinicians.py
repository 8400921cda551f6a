"""Rule 7 in detail: who may staff a session, and how much a clinician may work."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date

from ..contract.domain import WEEKDAYS, Clinician, Instance, Session
from .hard import can_staff, over_week_limit, travel_over


def _team(instance: Instance, s: Session) -> Iterator[str]:
    """Problems with the set of clinicians of one session against its service's staff."""
    staff = instance.service_by_id[s.service].staff
    needs = f"service {s.service} needs {len(staff)} ({', '.join(staff) or 'nobody'})"
    distinct = set(s.clinicians)
    for c in sorted(distinct):
        if s.clinicians.count(c) > 1:
            yield f"{s.label()}: names clinician {c} {s.clinicians.count(c)} times"
    if len(s.clinicians) != len(staff):
        yield f"{s.label()}: has {len(s.clinicians)} clinician(s) but {needs}"
    elif len(distinct) == len(staff):
        skills = [frozenset(instance.clinician_by_id[c].skills) for c in s.clinicians]
        if not can_staff(staff, skills):
            yield (
                f"{s.label()}: clinicians {', '.join(s.clinicians)} cannot be matched one to one "
                f"to the skills {needs}"
            )


def _personal(c: Clinician, s: Session, site_id: str | None, instance: Instance) -> Iterator[str]:
    """Problems with one clinician working one session: availability, leave, travel."""
    if not c.is_available(s.date, s.session):
        slot = f"{WEEKDAYS[s.date.weekday()]}-{s.session}"
        yield f"clinician {c.id} is not available on {slot} ({s.label()})"
    leave = c.leave_on(s.date)
    if leave is not None:
        yield f"clinician {c.id} is on leave on {s.date} ({s.label()})"
    km = None if site_id is None else travel_over(c, instance.site_by_id[site_id])
    if km is not None:
        yield (
            f"clinician {c.id} would travel {km:.1f} km from base to site {site_id}, over "
            f"their limit of {c.max_travel_km} km ({s.label()})"
        )


def clinician_rules(
    instance: Instance, sessions: Iterable[Session], site: dict[tuple[str, int], str]
) -> Iterator[str]:
    """Yield a message for every breach of rule 7 among `sessions`.

    Args:
        instance: the instance the sessions belong to.
        sessions: sessions whose ids are all known and whose dates lie in the cycle.
        site: site[u, w] is where unit u stands in week w.
    """
    h = instance.horizon
    # in_slot[c, date, session]: labels of the sessions clinician c works then
    in_slot: dict[tuple[str, date, str], list[str]] = defaultdict(list)
    # sites_on[c, date]: sites clinician c works at that date
    sites_on: dict[tuple[str, date], set[str]] = defaultdict(set)
    # in_week[c, w]: number of sessions clinician c works in cycle week w
    in_week: dict[tuple[str, int], int] = defaultdict(int)
    for s in sessions:
        yield from _team(instance, s)
        week = h.week_of(s.date)
        site_id = site.get((s.unit, week))
        for c_id in dict.fromkeys(s.clinicians):
            yield from _personal(instance.clinician_by_id[c_id], s, site_id, instance)
            in_slot[c_id, s.date, s.session].append(f"{s.unit} room {s.room}")
            if site_id is not None:
                sites_on[c_id, s.date].add(site_id)
            in_week[c_id, week] += 1

    for (c_id, day, session), where in sorted(in_slot.items()):
        if len(where) > 1:
            yield (
                f"clinician {c_id} is in {len(where)} sessions on {day} {session} "
                f"({'; '.join(where)})"
            )
    for (c_id, day), sites in sorted(sites_on.items()):
        if len(sites) > 1:
            listed = ", ".join(sorted(sites))
            yield f"clinician {c_id} works at {len(sites)} sites on {day} ({listed})"
    for (c_id, week), n in sorted(in_week.items()):
        clinician = instance.clinician_by_id[c_id]
        if over_week_limit(clinician, n):
            yield (
                f"clinician {c_id} works {n} sessions in {h.week_label(week)}, "
                f"over their limit of {clinician.max_sessions_per_week}"
            )
