"""The waiting list with its filters and sorting, and the list of patients to rebook."""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from booking.clocks import Clock, step_clock, step_risk
from booking.finder import Offer, earliest_openings, find_slots
from booking.models import LIVE_STATUSES, Booking, Referral
from booking.openings import Opening, session_opening
from booking.referrals import patient_matches
from extensions import db
from inputs.models import Practice, Service
from pathways.models import Pathway

STATUSES = {"waiting": "Waiting", "booked": "Booked", "open": "Waiting or booked", "all": "All"}
SORTS = {
    "breach": "Breach date",
    "waited": "Longest wait",
    "priority": "Urgent first",
    "name": "Name",
}
_FAR = datetime.max.date()
OFFERS_SHOWN = 12  # slots on the referral page before "show all"


@dataclass(frozen=True)
class Filters:
    """What the waiting list shows; empty strings mean no filter."""

    service: str = ""
    practice: str = ""
    locality: str = ""
    priority: str = ""
    min_weeks: int | None = None
    risk: str = ""
    status: str = "waiting"
    sort: str = "breach"
    query: str = ""  # part of a name, or an NHS number: from a POSTed form, never a URL


@dataclass(frozen=True)
class Entry:
    """One referral on the list, with its clock and where it stands."""

    referral: "Referral | Step"  # a Step in `ranked`, until `with_referrals`
    practice: Practice
    service: Service
    clock: Clock
    risk: str
    earliest: Opening | None  # the soonest slot within reach, for a waiting referral
    booking: Booking | None  # its appointment still to come, if any


def _select(filters: Filters, today) -> sa.Select:
    query = sa.select(Referral).join(Practice, Practice.id == Referral.practice_id)
    if filters.status != "all":  # a step closed without an attendance waits no more
        query = query.where(Referral.closed_on.is_(None))
    holding = sa.select(Booking.referral_id).where(Booking.status.in_((*LIVE_STATUSES, "attended")))
    live = sa.select(Booking.referral_id).where(Booking.status.in_(LIVE_STATUSES))
    if filters.status == "waiting":
        query = query.where(Referral.id.not_in(holding))
    elif filters.status == "booked":
        query = query.where(Referral.id.in_(live))
    elif filters.status == "open":
        attended = sa.select(Booking.referral_id).where(Booking.status == "attended")
        query = query.where(Referral.id.not_in(attended))
    for column, value in (
        (Referral.service_id, filters.service),
        (Referral.practice_id, filters.practice),
        (Practice.locality, filters.locality),
        (Referral.priority, filters.priority),
    ):
        if value:
            query = query.where(column == value)
    if filters.min_weeks:
        query = query.where(Referral.referral_date <= today - timedelta(weeks=filters.min_weeks))
    if filters.query.strip():
        query = query.where(patient_matches(filters.query))
    return query


def select_referrals(filters: Filters, today) -> list[Referral]:
    """The referrals the filters choose (all but the breach-risk filter)."""
    return list(db.session.scalars(_select(filters, today)))


def entries(referrals: list[Referral], now: datetime) -> list[Entry]:
    """Build the list entries of the referrals: clocks, live bookings and risks."""
    today = now.date()
    services = {s.id: s for s in db.session.scalars(sa.select(Service))}
    practices = {p.id: p for p in db.session.scalars(sa.select(Practice))}
    ids = [r.id for r in referrals]
    live = {
        b.referral_id: b
        for b in db.session.scalars(
            sa.select(Booking)
            .where(Booking.referral_id.in_(ids), Booking.status.in_(LIVE_STATUSES))
            .options(selectinload(Booking.session))
        )
    }
    # A day case waits on its pathway's clock: read those pathways in one query, not one
    # each, and hold them here, since the session keeps only what something refers to.
    day_cases = {
        r.pathway_id for r in referrals if r.kind == "day_case" and isinstance(r, Referral)
    }
    query = sa.select(Pathway).where(Pathway.id.in_(day_cases))
    _held = list(db.session.scalars(query)) if day_cases else []
    seen = set(
        db.session.scalars(
            sa.select(Booking.referral_id).where(
                Booking.referral_id.in_(ids), Booking.status == "attended"
            )
        )
    )
    earliest = earliest_openings(
        [r for r in referrals if r.id not in live and r.id not in seen], now
    )
    found = []
    for referral in referrals:
        service = services[referral.service_id]
        wait = step_clock(referral, service.max_wait_weeks, today)
        booking = live.get(referral.id)
        first = earliest.get(referral.id)
        day = booking.session.date if booking else (first.date if first else None)
        found.append(
            Entry(
                referral=referral,
                practice=practices[referral.practice_id],
                service=service,
                clock=wait,
                risk=step_risk(referral, wait, day, today, referral.id in seen),
                earliest=first,
                booking=booking,
            )
        )
    return found


def _sort_key(sort: str):
    urgent = {"urgent": 0, "routine": 1}
    if sort == "waited":
        return lambda e: (e.clock.referral_date, e.referral.id)
    if sort == "priority":
        return lambda e: (urgent[e.referral.priority], e.clock.breach_date or _FAR, e.referral.id)
    if sort == "name":
        return lambda e: (e.referral.name.casefold(), e.referral.id)
    return lambda e: (e.clock.breach_date or _FAR, urgent[e.referral.priority], e.referral.id)


def _chosen(found: list[Entry], filters: Filters) -> list[Entry]:
    """The entries of the breach risk the filters ask for, in their order."""
    if filters.risk:
        found = [entry for entry in found if entry.risk == filters.risk]
    return sorted(found, key=_sort_key(filters.sort))


def waiting_list(filters: Filters, now: datetime) -> list[Entry]:
    """The referrals the filters choose, with clocks and breach risks, sorted."""
    return _chosen(entries(select_referrals(filters, now.date()), now), filters)


@dataclass(frozen=True)
class PathwayStart:
    started: date


@dataclass(frozen=True)
class Step:
    """The columns of a referral that place it on the list (its clock, its soonest slot, its
    order), read without the whole row: what `entries` reads of a referral."""

    id: int
    kind: str
    service_id: str
    practice_id: str
    postcode: str
    priority: str
    name: str
    referral_date: date
    due_date: date | None
    closed_on: date | None
    pathway_id: int
    pathway: PathwayStart


def ranked(filters: Filters, now: datetime) -> list[Entry]:
    """The waiting list as `waiting_list` gives it, but each entry holding a `Step` for its
    referral: a long list counted and sorted without reading thousands of whole rows. Give a
    page of it to `with_referrals` to show."""
    columns = [getattr(Referral, name) for name in Step.__dataclass_fields__ if name != "pathway"]
    query = (
        _select(filters, now.date())
        .with_only_columns(*columns, Pathway.started)
        .join(Pathway, Pathway.id == Referral.pathway_id)
    )
    steps = [Step(*row[:-1], PathwayStart(row[-1])) for row in db.session.execute(query)]
    return _chosen(entries(steps, now), filters)


def with_referrals(found: list[Entry]) -> list[Entry]:
    """The entries with their whole referrals, read in one query (a page of `ranked`)."""
    ids = [entry.referral.id for entry in found]
    whole = {r.id: r for r in db.session.scalars(sa.select(Referral).where(Referral.id.in_(ids)))}
    return [replace(entry, referral=whole[entry.referral.id]) for entry in found]


@dataclass(frozen=True)
class Overview:
    """A referral's page: where it stands, its appointments, and the slots to offer."""

    entry: Entry
    history: list[tuple[Booking, Opening | None]]  # newest first
    offers: list[Offer]
    more: bool  # the finder holds more offers than shown

    @property
    def appointment(self) -> Opening | None:
        """The session of the appointment still to come, if any."""
        live = self.entry.booking
        return next((opening for b, opening in self.history if b is live), None) if live else None


def overview(referral: Referral, now: datetime, *, limit: int | None = OFFERS_SHOWN) -> Overview:
    """Gather the referral page: its clock and risk, its bookings, its best free slots."""
    [entry] = entries([referral], now)
    history = [(b, session_opening(b.session_id)) for b in reversed(referral.bookings)]
    offers = find_slots(referral, now, limit=None)
    shown = offers if limit is None else offers[:limit]
    return Overview(entry, history, shown, len(shown) < len(offers))


def filter_options(
    unit_types: tuple[str, ...] | None = None, *, but: tuple[str, ...] = ()
) -> dict[str, list[tuple[str, str]]]:
    """The (value, label) choices of the waiting-list filters: services of `unit_types`
    (all if None) but not of those in `but`, practices and localities."""
    query = sa.select(Service).order_by(Service.name)
    if unit_types is not None:
        query = query.where(Service.unit_type.in_(unit_types))
    if but:
        query = query.where(Service.unit_type.not_in(but))
    services = db.session.scalars(query)
    practices = list(db.session.scalars(sa.select(Practice).order_by(Practice.name)))
    return {
        "service": [(s.id, s.name) for s in services],
        "practice": [(p.id, f"{p.name} ({p.id})") for p in practices],
        "locality": [(name, name) for name in sorted({p.locality for p in practices})],
    }
