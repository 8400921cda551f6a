"""The sample's waiting list and the desk's past, put through the booking desk's functions.

Made-up patients (sample/patients.py) arrive as one worklist import, as a real list would:
those still waiting, and those the past sessions saw (sample/seen.py). Then, on the
published plan, the desk's recent past is played in time order (sample/history.py: clinics
held, attendances, outcomes, the steps they led to), written at once with the rows the
desk's functions would write (sample/bulk_desk.py); today the desk allocates a few
services' waiting lists and the service cancels a couple of appointments, through the
desk's own functions (propose and confirm, cancel). Slots, pathway events, clocks and the
audit trail (by "system") agree.
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
from booking.openings import Opening, load_openings, published_sessions
from booking.service import cancel
from booking.waiting import Filters
from booking.worklist import import_worklist
from extensions import db
from inputs.models import Demand as DemandRow
from inputs.models import Practice, Site
from plans.models import ClinicSession, Plan, Scenario
from sample.bulk_desk import BulkDesk
from sample.history import First, History, Step
from sample.patients import Demand, PatientMaker, Place, SampleReferral, sample_referrals
from sample.seen import Seen, seen_patients
from sites.geo import GeoError, normalise_postcode

SEED = 20270104  # as sample/staff.py: one seed, one list
ARRIVAL_WEEKS = 6  # the list holds six weeks of the sample's referrals...
MOST_REFERRALS = 2000  # ...scaled down to about this many waiting, so load-sample stays quick
NEAR_BREACH = {"urology": 3, "gastroenterology": 3}  # the services short of clinicians
ALLOCATED = ("dermatology", "ent")  # waiting lists the desk has allocated today
CANCELLED_BY = ("service", "service", "patient")


@dataclass(frozen=True)
class Summary:
    """What the waiting list holds once added."""

    referrals: int  # every step: first referrals and the steps outcomes added
    to_come: int  # appointments in sessions still to begin
    to_mark: int  # appointments in sessions begun, their attendance not recorded yet
    attended: int
    missed: int  # did not attend
    seconds: float


def add_waiting_list(
    scenario: Scenario,
    now: datetime | None = None,
    *,
    seed: int = SEED,
    most: int = MOST_REFERRALS,
) -> Summary:
    """Add the sample's waiting list and the desk's past and today's work on the published plan.

    Args:
        scenario: the loaded sample; its published plan, if any, is booked into.
        now: the desk's clock (default: now); referrals are dated before it.
        seed: one seed gives one list, on the same plan and day.
        most: about how many referrals wait (the patients seen in the past come on top).
    """
    started = perf_counter()
    now = now or local_now()
    # Made-up patients, not secrets: a seeded generator is what is wanted.
    rng = random.Random(seed)  # nosec B311
    inputs = _inputs(scenario)
    maker = PatientMaker(inputs.practices, inputs.places, rng)
    rows = sample_referrals(
        inputs.demand,
        inputs.standards,
        maker,
        now.date(),
        weeks=ARRIVAL_WEEKS,
        most=most,
        near_breach={k: n for k, n in NEAR_BREACH.items() if k in inputs.standards},
    )
    plan = db.session.scalar(
        sa.select(Plan).where(Plan.scenario_id == scenario.id, Plan.status == "published")
    )
    openings = plan_sessions(plan) if plan is not None else []
    seen = seen_patients(
        [o for o in openings if o.start <= now],  # begun, as booking.service counts it
        inputs.demand,
        inputs.limits,
        inputs.standards,
        inputs.practices,
        maker,
        now.date(),
    )
    with appointments_changed.muted():  # the sample's history sends no messages to anyone
        everyone = rows + [s.referral for s in seen]
        _import(sorted(everyone, key=lambda r: (r.referral_date, r.nhs_number)), now.date())
        if plan is not None:
            desk = BulkDesk(openings)
            history = History(desk, openings, now, rng, inputs.unit_types, inputs.limits)
            history.play(_firsts(seen))
            desk.write()
            for service_id in ALLOCATED:
                confirm(propose(Filters(service=service_id), now).id, now)
            _cancel_some(now, rng)
    to_come, to_mark = _live(openings, now)
    return Summary(
        referrals=_count(sa.select(Referral.id)),
        to_come=to_come,
        to_mark=to_mark,
        attended=_count(sa.select(Booking.id).where(Booking.status == "attended")),
        missed=_count(sa.select(Booking.id).where(Booking.status == "did_not_attend")),
        seconds=perf_counter() - started,
    )


def _live(openings: list[Opening], now: datetime) -> tuple[int, int]:
    """Appointments held (booked or arrived) in sessions to come, and in sessions begun."""
    starts = {o.session_id: o.start for o in openings}
    held = db.session.scalars(
        sa.select(Booking.session_id).where(Booking.status.in_(LIVE_STATUSES))
    ).all()
    begun = sum(starts[session_id] <= now for session_id in held)
    return len(held) - begun, begun


def _count(query: sa.Select) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))


@dataclass(frozen=True)
class Inputs:
    """What the patients are made up from: the scenario's demand, practices and services."""

    demand: list[Demand]
    practices: dict[str, Place]  # each practice's own postcode and point
    places: list[Place]  # other known full postcodes
    standards: dict[str, int | None]  # maximum wait in weeks, by service
    limits: dict[str, float | None]  # travel limit in km, by service
    unit_types: dict[str, str]


def _inputs(scenario: Scenario) -> Inputs:
    practice_ids = {p.id for p in scenario.practices}
    service_ids = {s.id for s in scenario.services}
    practices = {p.id: Place(p.postcode, p.lat, p.lon) for p in scenario.practices if p.postcode}
    demand = [
        Demand(row.practice_id, row.service_id, row.per_week)
        for row in db.session.scalars(sa.select(DemandRow).order_by(DemandRow.id))
        if row.practice_id in practice_ids and row.service_id in service_ids
    ]
    known = [Place(p.postcode, p.lat, p.lon) for p in db.session.scalars(sa.select(Practice))]
    known += [Place(s.postcode, s.lat, s.lon) for s in db.session.scalars(sa.select(Site))]
    return Inputs(
        demand=[row for row in demand if row.practice_id in practices],
        practices=practices,
        places=sorted({place for place in known if _full_postcode(place.postcode)}, key=str),
        standards={s.id: s.max_wait_weeks for s in scenario.services},
        limits={s.id: s.max_travel_km for s in scenario.services},
        unit_types={s.id: s.unit_type for s in scenario.services},
    )


def plan_sessions(plan: Plan) -> list[Opening]:
    """Every session of the published plan, past and to come, full or not."""
    query = published_sessions().where(ClinicSession.plan_id == plan.id)
    return load_openings(query, include_full=True)


def _firsts(seen: list[Seen]) -> list[First]:
    """The first appointments of the patients seen, with their referrals' ids."""
    ids = dict(
        db.session.execute(
            sa.select(Referral.nhs_number, Referral.id).where(Referral.kind == "first")
        ).all()
    )
    return [
        First(
            Step(
                ids[s.referral.nhs_number],
                "first",
                s.referral.service_id,
                s.point,
                s.referral.service_id,
            ),
            s.session_id,
            s.booked_at,
        )
        for s in seen
    ]


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
