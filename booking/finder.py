"""The slot finder: a referral's free slots ranked by what matters to the patient."""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import sqlalchemy as sa

from booking.clocks import Clock, step_clock, step_opens
from booking.models import LIVE_STATUSES, Booking, Referral
from booking.openings import Opening, bookable_openings
from extensions import db
from inputs.models import Practice, Service
from plans.models import ClinicSession
from scheduler import geodesic_km
from sites.geo import GeoError, locate

Point = tuple[float, float]


@lru_cache(maxsize=4096)
def _postcode_point(postcode: str) -> Point | None:
    try:
        place = locate(postcode)
    except GeoError:
        return None
    return place.lat, place.lon


def postcode_placed(postcode: str) -> bool:
    """Tell whether the postcode is in the area's list; if not, patient_point measures from
    the practice instead, and the pages and the record of choice must say so."""
    return _postcode_point(postcode) is not None


def patient_point(postcode: str, practice: Practice | None) -> Point | None:
    """Place the patient at their postcode, else at their practice (None if neither)."""
    point = _postcode_point(postcode)
    if point is None and practice is not None:
        point = (practice.lat, practice.lon)
    return point


def travel_km(point: Point | None, opening: Opening) -> float | None:
    """Return the geodesic km from the patient to the session's site, if both are known.

    The planner's own distance, so a slot is within a service's reach here exactly when the
    planner counts the site within reach.
    """
    if point is None or opening.lat is None or opening.lon is None:
        return None
    return geodesic_km(point[0], point[1], opening.lat, opening.lon)


@dataclass(frozen=True)
class Offer:
    """A free slot offered to one referral."""

    opening: Opening
    distance_km: float | None
    in_time: bool  # before the referral's breach date
    within_reach: bool  # within the service's maximum travel
    same_day: tuple[str, ...]  # the patient's own appointments that day
    current: bool  # the session of the booking being changed


def rank_offers(
    openings: list[Opening],
    wait: Clock,
    point: Point | None,
    max_travel_km: float | None,
    own: dict,
    current_session_id: int | None = None,
) -> list[Offer]:
    """Rank openings: before the breach date first, then soonest, then nearest.

    Args:
        openings: the free sessions of the referral's service.
        wait: the referral's clock.
        point: where the patient travels from.
        max_travel_km: the service's usual limit (None: no limit); further slots stay
            listed but are flagged.
        own: the patient's live appointments, {date: [description, ...]}.
        current_session_id: the session of the booking being changed, flagged.
    """
    offers = []
    for opening in openings:
        km = travel_km(point, opening)
        offers.append(
            Offer(
                opening=opening,
                distance_km=km,
                in_time=wait.in_time(opening.date),
                within_reach=max_travel_km is None or km is None or km <= max_travel_km,
                same_day=tuple(own.get(opening.date, ())),
                current=opening.session_id == current_session_id,
            )
        )
    far = float("inf")
    return sorted(
        offers,
        key=lambda o: (
            not o.in_time,
            o.opening.date,
            o.distance_km if o.distance_km is not None else far,
            o.opening.start,
        ),
    )


def own_appointments(nhs_number: str, but: int | None = None) -> dict:
    """The patient's live appointments by date, across all their referrals (but one)."""
    return _by_date(_live_appointments([nhs_number]).get(nhs_number, ()), but)


def _live_appointments(nhs_numbers) -> dict[str, list[tuple[int, ClinicSession]]]:
    """Each patient's live appointments: {nhs_number: [(booking id, session), ...]}."""
    rows = db.session.execute(
        sa.select(Referral.nhs_number, Booking.id, ClinicSession)
        .join(Referral, Referral.id == Booking.referral_id)
        .join(ClinicSession, ClinicSession.id == Booking.session_id)
        .where(Referral.nhs_number.in_(list(nhs_numbers)), Booking.status.in_(LIVE_STATUSES))
    )
    found: dict[str, list] = {}
    for nhs_number, booking_id, session in rows:
        found.setdefault(nhs_number, []).append((booking_id, session))
    return found


def _by_date(appointments, but: int | None) -> dict:
    """The appointments but one as {date: [description, ...]}."""
    own: dict = {}
    for booking_id, session in appointments:
        if booking_id != but:
            own.setdefault(session.date, []).append(f"{session.service_id} {session.period}")
    return own


def offerable(opening: Opening, referral) -> bool:
    """Whether the opening has a slot the step may take, on a day it may be seen."""
    return opening.free_for(referral.kind) > 0 and opening.date >= step_opens(referral)


def find_slots(
    referral: Referral, now: datetime, *, limit: int | None = 20, exclude: int | None = None
) -> list[Offer]:
    """Return the referral's best free slots in published plans, best first.

    Args:
        referral: whose slots to find.
        now: sessions that have begun by then are not offered.
        limit: how many offers at most (None: all).
        exclude: a session to leave out (the one just refused).
    """
    service = db.session.get(Service, referral.service_id)
    live = next((b for b in referral.bookings if b.status in LIVE_STATUSES), None)
    openings = [
        o
        for o in bookable_openings([referral.service_id], now)
        if o.session_id != exclude and offerable(o, referral)
    ]
    offers = rank_offers(
        openings,
        step_clock(referral, service.max_wait_weeks, now.date()),
        patient_point(referral.postcode, db.session.get(Practice, referral.practice_id)),
        service.max_travel_km,
        own_appointments(referral.nhs_number, live.id if live else None),
        live.session_id if live else None,
    )
    return offers if limit is None else offers[:limit]


def earliest_openings(referrals: list[Referral], now: datetime) -> dict[int, Opening | None]:
    """The soonest free slot within each referral's reach (its service's travel limit).

    Referrals of one service and kind of step, travelling from the same place, share their
    soonest slot: it is found once for them all, so a long list costs a search per place (and
    per first day, for follow-ups).
    """
    services = {s.id: s for s in db.session.scalars(sa.select(Service))}
    practices = {p.id: p for p in db.session.scalars(sa.select(Practice))}
    by_service: dict[str, list[Opening]] = {}
    for opening in bookable_openings({r.service_id for r in referrals}, now):
        by_service.setdefault(opening.service_id, []).append(opening)
    soonest: dict[tuple, Opening | None] = {}
    found: dict[int, Opening | None] = {}
    for referral in referrals:
        point = patient_point(referral.postcode, practices.get(referral.practice_id))
        key = (referral.service_id, referral.kind, point, step_opens(referral))
        if key not in soonest:
            limit = services[referral.service_id].max_travel_km
            soonest[key] = next(
                (
                    opening
                    for opening in by_service.get(referral.service_id, ())
                    if offerable(opening, referral)
                    and (limit is None or (km := travel_km(point, opening)) is None or km <= limit)
                ),
                None,
            )
        found[referral.id] = soonest[key]
    return found


def best_offers(
    referrals: list[Referral], now: datetime, *, limit: int = 3
) -> dict[int, list[Offer]]:
    """Each referral's best free slots, ranked as find_slots ranks them, found together: the
    openings, services and appointments are read once for all the referrals rather than once
    each, so a list of hundreds of patients stays quick.

    Returns:
        {referral id: up to `limit` offers, best first}.
    """
    services = {s.id: s for s in db.session.scalars(sa.select(Service))}
    practices = {p.id: p for p in db.session.scalars(sa.select(Practice))}
    by_service: dict[str, list[Opening]] = {}
    for opening in bookable_openings({r.service_id for r in referrals}, now):
        by_service.setdefault(opening.service_id, []).append(opening)
    appointments = _live_appointments({r.nhs_number for r in referrals})
    live = {
        referral_id: (booking_id, session_id)
        for booking_id, referral_id, session_id in db.session.execute(
            sa.select(Booking.id, Booking.referral_id, Booking.session_id).where(
                Booking.referral_id.in_([r.id for r in referrals]),
                Booking.status.in_(LIVE_STATUSES),
            )
        )
    }
    found = {}
    for referral in referrals:
        service = services[referral.service_id]
        booking_id, session_id = live.get(referral.id, (None, None))
        openings = by_service.get(referral.service_id, ())
        found[referral.id] = rank_offers(
            [o for o in openings if offerable(o, referral)],
            step_clock(referral, service.max_wait_weeks, now.date()),
            patient_point(referral.postcode, practices.get(referral.practice_id)),
            service.max_travel_km,
            _by_date(appointments.get(referral.nhs_number, ()), booking_id),
            session_id,
        )[:limit]
    return found
