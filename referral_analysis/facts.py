"""The referrals analysed, read from their two homes in one place.

A practice's GP referrals reach the analysis two ways: those made to this service are the
booking desk's own (`booking.models.Referral`, first steps of pathways, by `referral_date`);
the others (to the district hospital, or from before the service began) are the copies
practices send to the data assessment centre (`ReferralCopy`). Each referral is one or the
other, never both, so every count here is the two added together.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa

from booking.models import Booking, Referral
from extensions import db
from inputs.models import Site
from plans.models import ClinicSession, Placement, Plan, Scenario
from referral_analysis.models import ReferralCopy

DAYS_A_YEAR = 365.25


@dataclass(frozen=True)
class Period:
    """The days analysed, first to last inclusive."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def years(self) -> float:
        return self.days / DAYS_A_YEAR

    def __str__(self) -> str:
        return f"{self.first:%-d %B %Y} to {self.last:%-d %B %Y}"


def _referred() -> sa.Subquery:
    """Every GP referral as (practice_id, service_id, referred_on): the desk's and the copies."""
    desk = sa.select(
        Referral.practice_id, Referral.service_id, Referral.referral_date.label("referred_on")
    ).where(Referral.kind == "first")
    copies = sa.select(ReferralCopy.practice_id, ReferralCopy.service_id, ReferralCopy.referred_on)
    return sa.union_all(desk, copies).subquery("referred")


def data_range() -> tuple[date, date] | None:
    """The first and last day on which any referral was made, or None when there are none."""
    referred = _referred()
    first, last = db.session.execute(
        sa.select(sa.func.min(referred.c.referred_on), sa.func.max(referred.c.referred_on))
    ).one()
    return (first, last) if first is not None else None


def counts(period: Period) -> dict[tuple[str, str], int]:
    """Referrals in the period for each (practice, service) that made any."""
    referred = _referred()
    rows = db.session.execute(
        sa.select(referred.c.practice_id, referred.c.service_id, sa.func.count())
        .where(referred.c.referred_on.between(period.first, period.last))
        .group_by(referred.c.practice_id, referred.c.service_id)
    )
    return {(practice, service): number for practice, service, number in rows}


def monday(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


def weekly(
    first_monday: date,
    weeks: int,
    *,
    practice_id: str | None = None,
    service_id: str | None = None,
) -> dict[tuple[str, str], list[int]]:
    """Referrals in each of `weeks` weeks from `first_monday`, for each (practice, service)
    that made any then (optionally one practice's, one service's)."""
    referred = _referred()
    last = first_monday + timedelta(weeks=weeks, days=-1)
    query = (
        sa.select(
            referred.c.practice_id, referred.c.service_id, referred.c.referred_on, sa.func.count()
        )
        .where(referred.c.referred_on.between(first_monday, last))
        .group_by(referred.c.practice_id, referred.c.service_id, referred.c.referred_on)
    )
    if practice_id is not None:
        query = query.where(referred.c.practice_id == practice_id)
    if service_id is not None:
        query = query.where(referred.c.service_id == service_id)
    series: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * weeks)
    for practice, service, day, number in db.session.execute(query):
        series[practice, service][(day - first_monday).days // 7] += number
    return dict(series)


def daily(
    first: date, last: date, *, practice_id: str | None = None, service_id: str | None = None
) -> Counter:
    """Referrals made on each day from first to last (days without any are absent)."""
    referred = _referred()
    query = (
        sa.select(referred.c.referred_on, sa.func.count())
        .where(referred.c.referred_on.between(first, last))
        .group_by(referred.c.referred_on)
    )
    if practice_id is not None:
        query = query.where(referred.c.practice_id == practice_id)
    if service_id is not None:
        query = query.where(referred.c.service_id == service_id)
    return Counter(dict(db.session.execute(query).all()))


@dataclass
class Outcomes:
    """What became of referrals made in a period: where they were first seen, after how
    long, and the appointments missed."""

    places: Counter = field(default_factory=Counter)  # where first seen -> patients
    waits: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # days
    attended: int = 0  # appointments attended
    missed: int = 0  # appointments not attended

    @property
    def dna_share(self) -> float | None:
        """The share of appointments missed, or None when there were none."""
        held = self.attended + self.missed
        return self.missed / held if held else None


def outcomes(period: Period, practice_id: str | None = None) -> Outcomes:
    """Where and when the referrals of the period (one practice's, or everyone's) were
    first seen, and the appointments attended and missed."""
    found = Outcomes()
    _copied_outcomes(found, period, practice_id)
    _desk_outcomes(found, period, practice_id)
    return found


def _copied_outcomes(found: Outcomes, period: Period, practice_id: str | None) -> None:
    query = sa.select(
        ReferralCopy.service_id, ReferralCopy.referred_on, ReferralCopy.seen_on,
        ReferralCopy.seen_at, ReferralCopy.missed,
    ).where(ReferralCopy.referred_on.between(period.first, period.last))  # fmt: skip
    if practice_id is not None:
        query = query.where(ReferralCopy.practice_id == practice_id)
    for service, referred_on, seen_on, seen_at, missed in db.session.execute(query):
        found.missed += missed
        if seen_on is not None:
            found.attended += 1
            found.places[seen_at or "Not recorded"] += 1
            found.waits[service].append((seen_on - referred_on).days)


def _desk_outcomes(found: Outcomes, period: Period, practice_id: str | None) -> None:
    """The desk's first referrals: every appointment on their pathways counts towards
    attendance; the first one attended says where and when they were first seen."""
    in_period = sa.and_(
        Referral.referral_date.between(period.first, period.last),
        *([Referral.practice_id == practice_id] if practice_id is not None else []),
    )
    firsts = sa.select(Referral.pathway_id).where(Referral.kind == "first", in_period)
    held = db.session.execute(
        sa.select(Booking.status, sa.func.count())
        .join(Referral, Booking.referral_id == Referral.id)
        .where(
            Referral.pathway_id.in_(firsts),
            Booking.status.in_(("attended", "did_not_attend")),
        )
        .group_by(Booking.status)
    )
    for status, number in held:
        if status == "attended":
            found.attended += number
        else:
            found.missed += number
    seen = db.session.execute(
        sa.select(
            Referral.id,
            Referral.service_id,
            Referral.referral_date,
            ClinicSession.date,
            ClinicSession.plan_id,
            ClinicSession.unit_id,
        )  # fmt: skip
        .join(Booking, Booking.referral_id == Referral.id)
        .join(ClinicSession, ClinicSession.id == Booking.session_id)
        .where(Referral.kind == "first", in_period, Booking.status == "attended")
        .order_by(Referral.id, ClinicSession.date)
    ).all()
    if not seen:
        return
    site_of = _session_sites({plan for *_, plan, _ in seen})
    counted = set()
    for referral_id, service, referred_on, day, plan, unit in seen:
        if referral_id in counted:  # first seen at its earliest attendance only
            continue
        counted.add(referral_id)
        found.places[site_of(plan, unit, day)] += 1
        found.waits[service].append((day - referred_on).days)


def _session_sites(plan_ids: set[int]):
    """A (plan, unit, day) -> site name function for the plans' placements."""
    starts = dict(
        db.session.execute(
            sa.select(Plan.id, Scenario.start)
            .join(Scenario, Scenario.id == Plan.scenario_id)
            .where(Plan.id.in_(plan_ids))
        ).all()
    )
    placed = {
        (plan, unit, week): name
        for plan, unit, week, name in db.session.execute(
            sa.select(Placement.plan_id, Placement.unit_id, Placement.week, Site.name)
            .join(Site, Site.id == Placement.site_id)
            .where(Placement.plan_id.in_(plan_ids))
        )
    }

    def site_of(plan: int, unit: str, day: date) -> str:
        week = (day - starts[plan]).days // 7
        return placed.get((plan, unit, week), "A mobile unit (site not recorded)")

    return site_of
