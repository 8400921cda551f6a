"""The sample desk's recent past, played through the desk's own functions.

Some patients on the sample's waiting list were booked, on the day they were booked, into
clinics that have since been held; they attended or did not, and the clinic recorded an
outcome. Each step is `book`, `record_attendance` or `record_outcome` with the clock set to
the day it happened, so slots, pathway events and clocks agree and nothing is dated after
the day it was done; a tour that has not begun has no past, and nobody has attended it.
"""

import random
from collections.abc import Collection
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from booking.finder import patient_point, travel_km
from booking.models import LIVE_STATUSES, Booking, Referral
from booking.openings import Opening, bookable_openings, load_openings, published_sessions
from booking.outcomes import record_outcome
from booking.service import book, record_attendance
from extensions import db
from inputs.models import Practice, Service
from plans.models import ClinicSession, Plan
from sample.patients import NEAR_BREACH_DAYS

SEEN = 30  # first appointments held in the past (three transactions each: the slow part)
DNAS = 2  # of them, patients who did not attend
BOOKED_AT = time(10)  # a patient was booked at 10:00 on the second working day...
NOTICE_DAYS = 7  # ...for a clinic at least a week later
FOLLOW_UP_WEEKS = (2, 3, 4, 6, 8, 12)
BOOK_FOLLOW_UP_SHARE = 0.5  # follow-ups due later that are booked at once
PIFU_WEEKS = 26  # a patient-initiated follow-up may be asked for within six months
DAY_CASE_LISTS = {
    "orthopaedics": "orthopaedic-day-case",
    "ophthalmology": "cataract-list",
    "general-surgery": "general-surgery-day-case",
}
REFER_ON_TO = "mri"
# The outcomes of the other clinics, by weight: most patients come back or are discharged.
OUTCOME_WEIGHTS = {
    "follow_up": 45,
    "discharged": 30,
    "treated": 10,
    "active_monitoring": 8,
    "not_treating": 7,
}


def _working_day(day: date) -> date:
    """The day, or the Monday after it at a weekend."""
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


def within_reach(referral: Referral, opening: Opening, limit: float | None) -> bool:
    """Whether the session is within the service's travel limit of the patient."""
    point = patient_point(referral.postcode, db.session.get(Practice, referral.practice_id))
    km = travel_km(point, opening)
    return limit is None or km is None or km <= limit


def hold_clinics(
    plan: Plan, now: datetime, rng: random.Random, allocated: Collection[str] = ()
) -> None:
    """Book SEEN waiting patients, each on the day they were booked, into the plan's clinics
    that began before now; record who came, and the outcome, at each clinic that has ended.

    Args:
        plan: the published plan.
        now: the desk's clock.
        rng: the seeded generator.
        allocated: services whose lists are allocated next (a follow-up left overdue, to
            show, is in another service).
    """
    clinics = {
        s.id: s for s in db.session.scalars(sa.select(Service)) if s.unit_type == "outpatient"
    }
    sessions = published_sessions(list(clinics)).where(
        ClinicSession.plan_id == plan.id, ClinicSession.date <= now.date()
    )
    begun = [o for o in load_openings(sessions, include_full=True) if o.start < now]
    near_breach = now.date() - timedelta(days=NEAR_BREACH_DAYS[0])  # they still wait
    waiting = list(
        db.session.scalars(
            sa.select(Referral)
            .where(Referral.service_id.in_(clinics), Referral.referral_date > near_breach)
            .order_by(Referral.id)
        )
    )
    rng.shuffle(waiting)
    held: list[tuple[Booking, Opening]] = []
    taken: dict[int, int] = {}
    for referral in waiting:
        booked_at = datetime.combine(_working_day(referral.referral_date + timedelta(2)), BOOKED_AT)
        limit = clinics[referral.service_id].max_travel_km
        opening = next(
            (
                o
                for o in begun
                if o.service_id == referral.service_id
                and o.start >= booked_at + timedelta(days=NOTICE_DAYS)
                and taken.get(o.session_id, 0) < o.slots
                and within_reach(referral, o, limit)
            ),
            None,
        )
        if opening is None:
            continue
        held.append((book(referral.id, opening.session_id, now=booked_at), opening))
        taken[opening.session_id] = taken.get(opening.session_id, 0) + 1
        if len(held) == SEEN:
            break
    ended = sorted(
        ((b, o) for b, o in held if o.end <= now), key=lambda pair: (pair[1].start, pair[0].id)
    )
    outcomes = _outcomes(ended, now.date(), rng, allocated)
    for booking, opening in ended:
        form = outcomes[booking.id]
        record_attendance(booking.id, "attended" if form else "did_not_attend", now=opening.end)
        if form:
            record_outcome(booking.id, form)


def _outcomes(
    ended: list[tuple[Booking, Opening]],
    today: date,
    rng: random.Random,
    allocated: Collection[str],
) -> dict[int, dict[str, str] | None]:
    """The outcome form of each clinic held (None: the patient did not attend).

    A few are chosen first so that each kind shows: DNAS first-appointment DNAs, a
    follow-up now overdue (outside the allocated services, so it stays unbooked), a
    decision to treat onto a day-case list, a referral on for an MRI scan, and two
    patient-initiated follow-ups; the rest are drawn by OUTCOME_WEIGHTS.
    """
    wanted = ["overdue", "decision_to_treat", "refer_on_diagnostic", *["dna"] * DNAS]
    wanted += ["patient_initiated"] * 2
    forms: dict[int, dict[str, str] | None] = {}
    for booking, opening in rng.sample(ended, len(ended)):
        clinic, service = opening.date, opening.service_id
        weeks_ago = (today - clinic).days // 7
        form: dict[str, str] | None
        if "overdue" in wanted and weeks_ago >= 2 and service not in allocated:
            wanted.remove("overdue")
            form = {"outcome": "follow_up", "weeks": str(rng.randint(1, weeks_ago - 1))}
        elif "decision_to_treat" in wanted and service in DAY_CASE_LISTS:
            wanted.remove("decision_to_treat")
            form = {"outcome": "decision_to_treat", "service": DAY_CASE_LISTS[service]}
        elif "dna" in wanted:
            wanted.remove("dna")
            form = None
        elif "refer_on_diagnostic" in wanted:
            wanted.remove("refer_on_diagnostic")
            form = {"outcome": "refer_on_diagnostic", "service": REFER_ON_TO}
        elif "patient_initiated" in wanted:
            wanted.remove("patient_initiated")
            form = {
                "outcome": "patient_initiated",
                "expiry": (clinic + timedelta(weeks=PIFU_WEEKS)).isoformat(),
            }
        else:
            [outcome] = rng.choices(list(OUTCOME_WEIGHTS), weights=list(OUTCOME_WEIGHTS.values()))
            form = {"outcome": outcome}
            if outcome == "follow_up":
                form["weeks"] = str(rng.choice(FOLLOW_UP_WEEKS))
        forms[booking.id] = form
    return forms


def book_follow_ups(now: datetime, rng: random.Random) -> None:
    """Book some of the follow-ups due later, each into the last clinic before it is due."""
    live = sa.select(Booking.referral_id).where(Booking.status.in_(LIVE_STATUSES))
    steps = db.session.scalars(
        sa.select(Referral)
        .where(
            Referral.kind == "follow_up",
            Referral.closed_on.is_(None),
            Referral.due_date > now.date(),
            Referral.id.not_in(live),
        )
        .order_by(Referral.id)
    )
    for step in list(steps):
        if rng.random() >= BOOK_FOLLOW_UP_SHARE:
            continue
        limit = db.session.get(Service, step.service_id).max_travel_km
        before_due = [
            o
            for o in bookable_openings([step.service_id], now)
            if o.date <= step.due_date and o.free_for("follow_up") and within_reach(step, o, limit)
        ]
        if before_due:
            book(step.id, before_due[-1].session_id, now=now)
