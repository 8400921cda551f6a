"""The patients the sample's past sessions saw, made up for the slots each session filled.

Every session of the published plan that has begun filled most of its new slots (FILLED):
each with a patient referred to its service by a practice that sends it referrals, living
within the service's reach of the session's site, referred some weeks before and booked at
10:00 on the second working day after the referral, at least a week before the session.
"""

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from booking.openings import Opening
from sample.patients import Demand, PatientMaker, Place, SampleReferral, weekday
from scheduler import geodesic_km

FILLED = (0.6, 0.9)  # share of a past session's new slots its first appointments took
BOOKED_AT = time(10)  # a patient was booked at 10:00 on the second working day...
BOOKED_AFTER_DAYS = 2
NOTICE_DAYS = 7  # ...for a session at least a week later
# Days from the referral to the first appointment (least, most, most usual), by the
# service's standard wait in weeks: most were seen well within it, approx (knowledge).
WAIT_DAYS = {18: (14, 84, 35), 6: (10, 35, 17)}
OTHER_WAIT_DAYS = WAIT_DAYS[18]
# Nobody seen was referred longer ago than this: the few near breach are the list's own.
OLDEST_SEEN_WEEKS = 14


@dataclass(frozen=True)
class Seen:
    """A patient made up for a past session's slot, and when they were booked into it."""

    referral: SampleReferral
    session_id: int
    booked_at: datetime
    point: Place  # where the patient lives


def working_day(day: date) -> date:
    """The day, or the Monday after it at a weekend."""
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


def booked_at(referred: date) -> datetime:
    """When a patient referred on the day was booked: 10:00 on the second working day."""
    return datetime.combine(working_day(referred + timedelta(days=BOOKED_AFTER_DAYS)), BOOKED_AT)


def km_to(place: Place, opening: Opening) -> float | None:
    """The planner's distance from the place to the session's site (None: no site)."""
    if opening.lat is None or opening.lon is None:
        return None
    return geodesic_km(place.lat, place.lon, opening.lat, opening.lon)


def within(place: Place, opening: Opening, limit: float | None) -> bool:
    """Whether the session's site is within the service's travel limit of the place."""
    km = km_to(place, opening)
    return limit is None or km is None or km <= limit


def _referred(opening: Opening, standard: int | None, today: date, rng: random.Random) -> date:
    """A referral date for a patient seen at the session: some weeks before, booked with a
    week's notice, and not before OLDEST_SEEN_WEEKS ago."""
    least, most, usual = WAIT_DAYS.get(standard or 18, OTHER_WAIT_DAYS)
    oldest = today - timedelta(weeks=OLDEST_SEEN_WEEKS)
    referred = weekday(
        max(opening.date - timedelta(days=int(rng.triangular(least, most, usual))), oldest)
    )
    while booked_at(referred) + timedelta(days=NOTICE_DAYS) > opening.start:
        referred = weekday(referred - timedelta(days=1))
    return referred


def seen_patients(
    openings: Iterable[Opening],
    demand: Sequence[Demand],
    limits: Mapping[str, float | None],
    standards: Mapping[str, int | None],
    practices: Mapping[str, Place],
    maker: PatientMaker,
    today: date,
) -> list[Seen]:
    """Make up the first-appointment patients of the sessions that have begun.

    Args:
        openings: the sessions that have begun, in order.
        demand: the scenario's referrals a week by practice and service (the practices
            that refer to a service, and how often).
        limits: each service's travel limit in km (None: none).
        standards: each service's maximum wait in weeks.
        practices: each practice's own postcode and point.
        maker: makes the patients, from the seeded generator.
        today: nobody is referred after it.
    """
    rng = maker.rng
    referring: dict[str, list[Demand]] = {}
    for row in demand:
        if row.per_week > 0 and row.practice_id in practices:
            referring.setdefault(row.service_id, []).append(row)
    seen = []
    for opening in openings:
        limit = limits.get(opening.service_id)
        near = [
            row
            for row in referring.get(opening.service_id, ())
            if within(practices[row.practice_id], opening, limit)
        ]
        count = round(rng.uniform(*FILLED) * (opening.slots - opening.follow_up_slots))
        if not near:
            continue
        weights = [row.per_week for row in near]
        for _ in range(count):
            practice_id = rng.choices(near, weights)[0].practice_id
            homes = [home for home in maker.homes[practice_id] if within(home, opening, limit)] or [
                practices[practice_id]
            ]
            referred = _referred(opening, standards.get(opening.service_id), today, rng)
            referral = maker.make(opening.service_id, practice_id, referred, homes)
            home = next(h for h in homes if h.postcode == referral.postcode)
            seen.append(Seen(referral, opening.session_id, booked_at(referred), home))
    return seen
