"""The sample's waiting list, put through the booking desk's own functions.

Made-up patients (sample/patients.py) arrive as one worklist import, as a real list would.
Then, on the published plan, the desk's recent past is played through (sample/history.py:
clinics held, attendances, outcomes); today the desk allocates a few services' waiting
lists, books some follow-ups, and the service cancels a couple of appointments. Each step
is the desk's own function (import_worklist, book, record_attendance, record_outcome,
propose and confirm, cancel), so slots, pathway events, clocks and the audit trail (by
"system") agree.
"""

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, datetime
from time import perf_counter

import sqlalchemy as sa

from booking.allocation_runs import confirm, propose
from booking.clocks import local_now
from booking.events import appointments_changed
from booking.models import LIVE_STATUSES, Booking, Referral
from booking.service import cancel
from booking.waiting import Filters
from booking.worklist import import_worklist
from extensions import db
from inputs.models import Demand as DemandRow
from inputs.models import Practice, Site
from plans.models import ClinicSession, Plan, Scenario
from sample.history import book_follow_ups, hold_clinics
from sample.patients import Demand, Place, SampleReferral, sample_referrals
from sites.geo import GeoError, normalise_postcode

SEED = 20270104  # as sample/staff.py: one seed, one list
ARRIVAL_WEEKS = 6  # the list holds six weeks of the sample's referrals...
MOST_REFERRALS = 2000  # ...scaled down to about this many, so load-sample stays quick
NEAR_BREACH = {"urology": 3, "gastroenterology": 3}  # the services short of clinicians
ALLOCATED = ("dermatology", "ent")  # waiting lists the desk has allocated today
CANCELLED_BY = ("service", "service", "patient")


@dataclass(frozen=True)
class Summary:
    """What the waiting list holds once added."""

    referrals: int  # every step: first referrals and the steps outcomes added
    to_come: int  # appointments still to come
    attended: int
    seconds: float


def add_waiting_list(
    scenario: Scenario,
    now: datetime | None = None,
    *,
    seed: int = SEED,
    most: int = MOST_REFERRALS,
) -> Summary:
    """Add the sample's waiting list and the desk's recent work on the published plan.

    Args:
        scenario: the loaded sample; its published plan, if any, is booked into.
        now: the desk's clock (default: now); referrals are dated before it.
        seed: one seed gives one list, on the same plan and day.
        most: about how many referrals.
    """
    started = perf_counter()
    now = now or local_now()
    # Made-up patients, not secrets: a seeded generator is what is wanted.
    rng = random.Random(seed)  # nosec B311
    rows = _made_up(scenario, now.date(), rng, most)
    with appointments_changed.muted():  # the sample's history sends no messages to anyone
        _import(rows, now.date())
        plan = db.session.scalar(
            sa.select(Plan).where(Plan.scenario_id == scenario.id, Plan.status == "published")
        )
        if plan is not None:
            hold_clinics(plan, now, rng, allocated=ALLOCATED)
            for service_id in ALLOCATED:
                confirm(propose(Filters(service=service_id), now).id, now)
            book_follow_ups(now, rng)
            _cancel_some(now, rng)
    return Summary(
        referrals=_count(sa.select(Referral.id)),
        to_come=_count(sa.select(Booking.id).where(Booking.status.in_(LIVE_STATUSES))),
        attended=_count(sa.select(Booking.id).where(Booking.status == "attended")),
        seconds=perf_counter() - started,
    )


def _count(query: sa.Select) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))


def _made_up(
    scenario: Scenario, today: date, rng: random.Random, most: int
) -> list[SampleReferral]:
    """The made-up referrals for the scenario's practices and services."""
    practice_ids = {p.id for p in scenario.practices}
    service_ids = {s.id for s in scenario.services}
    demand = [
        Demand(row.practice_id, row.service_id, row.per_week)
        for row in db.session.scalars(sa.select(DemandRow).order_by(DemandRow.id))
        if row.practice_id in practice_ids and row.service_id in service_ids
    ]
    practices = {p.id: Place(p.postcode, p.lat, p.lon) for p in scenario.practices if p.postcode}
    known = [Place(p.postcode, p.lat, p.lon) for p in db.session.scalars(sa.select(Practice))]
    known += [Place(s.postcode, s.lat, s.lon) for s in db.session.scalars(sa.select(Site))]
    places = sorted({place for place in known if _full_postcode(place.postcode)}, key=str)
    return sample_referrals(
        [row for row in demand if row.practice_id in practices],
        {s.id: s.max_wait_weeks for s in scenario.services},
        practices,
        places,
        today,
        rng,
        weeks=ARRIVAL_WEEKS,
        most=most,
        near_breach={k: n for k, n in NEAR_BREACH.items() if k in service_ids},
    )


def _full_postcode(text: str | None) -> bool:
    """Whether the text is a whole postcode (two candidate sites are known only by sector)."""
    try:
        return bool(text) and normalise_postcode(text) == text
    except GeoError:
        return False


def _import(rows: list[SampleReferral], today: date) -> None:
    """Add the referrals as one worklist, checked and audited as any import is."""
    if not rows:
        return
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0].cells()))
    writer.writeheader()
    writer.writerows(row.cells() for row in rows)
    import_worklist(out.getvalue().encode("utf-8"), today)


def _cancel_some(now: datetime, rng: random.Random) -> None:
    """Cancel a few appointments to come: by the service (they wait to be rebooked) and by
    a patient (who waits again)."""
    booked = list(
        db.session.scalars(
            sa.select(Booking)
            .join(ClinicSession, ClinicSession.id == Booking.session_id)
            .where(Booking.status == "booked", ClinicSession.date > now.date())
            .order_by(Booking.id)
        )
    )
    chosen = rng.sample(booked, min(len(booked), len(CANCELLED_BY)))
    for booking, by in zip(chosen, CANCELLED_BY[: len(chosen)], strict=True):
        cancel(booking.id, by, now=now)
