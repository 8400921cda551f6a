"""Two years of the sample's referrals that the booking desk never held, as practices copied
them to the data assessment centre (`referral_analysis.models.ReferralCopy`).

Each practice's referrals to each service arrive, working day by working day, as a Poisson
process whose weekly mean is the sample's planning demand for the pair times a practice
effect, a season effect and a gentle trend. The desk's own first referrals are part of that
process: the copies are only the rest (`top_up`), so that the desk and the copies together,
as referral analysis reads them, follow the process. docs/sample-data.md
("Historical referrals") gives every figure, and the outliers planted for the funnel plot.
"""

import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from itertools import accumulate
from typing import TypeVar

import sqlalchemy as sa

from booking.models import Referral
from extensions import db
from inputs.models import Demand
from plans.calendar import bank_holidays
from plans.models import Scenario
from referral_analysis.models import ReferralCopy
from sample.history import FIRST_DNA_SHARE
from sample.patients import weekday

SEED = 20270104  # as the waiting list's: one seed, one sample
HISTORY_WEEKS = 104  # whole weeks before this one: two years, for seasonality
# Seasons, approx (knowledge): multipliers of a week's mean, by the month of its Thursday
# (where most of its days fall). They multiply, except in the two Christmas weeks.
AUGUST = 0.75  # patients and GPs on holiday
CHRISTMAS = 0.5  # the weeks of Christmas Day and New Year's Day: this, and nothing else
WINTER = 1.10  # December to February; the sample has no respiratory service, so a mild rise
WINTER_MONTHS = (12, 1, 2)
BANK_HOLIDAY_WEEK = 0.9  # a week with a bank holiday: its other days catch up on part of it
TREND_PER_YEAR = 0.03  # referrals grow about 3% a year...
TREND_CENTRE_WEEKS = 7  # ...and equal the demand at the middle of the last 13 weeks
PRACTICE_SIGMA = 0.06  # each practice and service's own effect: lognormal, this sigma
# The true outliers the funnel plot should flag, in place of the random effect: a large
# practice that refers much dermatology, another little orthopaedics, and a small one many
# MRI scans (list sizes in brackets).
OUTLIERS = {
    ("E82051", "dermatology"): 1.6,  # Everest House Surgery, Hemel Hempstead (14,655)
    ("E82091", "orthopaedics"): 0.55,  # Parkwood Surgery, Hemel Hempstead (16,102)
    ("E82066", "mri"): 1.8,  # Haverfield Surgery, Kings Langley (3,741)
}
KNUTH_MOST = 30.0  # above this mean, a Poisson draw is a rounded normal one
URGENT_SHARE = 0.08
# Weeks from the referral to the first appointment (least, most), by unit type.
WAIT_WEEKS = {"radiology": (2, 8)}
OTHER_WAIT_WEEKS = (6, 20)  # clinics and day-case lists
WEST_HERTS = "West Hertfordshire Teaching Hospitals"
HOSPITALS = ("Watford General Hospital", "Hemel Hempstead Hospital", "St Albans City Hospital")
# Where West Herts saw a practice's patients (weights, as HOSPITALS), by the start of the
# practice's locality: Hemel's mostly at Hemel, Kings Langley's at Watford, approx (knowledge).
HOSPITAL_WEIGHTS = {
    "Hemel Hempstead": (25, 65, 10),
    "Kings Langley": (65, 25, 10),
}
OTHER_HOSPITAL_WEIGHTS = (35, 55, 10)
# Practices near Buckinghamshire refer some patients there (provider, where they are seen).
BUCKS = ("Buckinghamshire Healthcare NHS Trust", "Stoke Mandeville Hospital")
BUCKS_SHARE = {"Tring": 0.3, "Berkhamsted": 0.1}
SOURCE = "sample: synthetic (sample/referral_history.py)"

Pair = tuple[str, str]  # (practice, service)
Key = tuple[str, str, date]  # (practice, service, day referred)
T = TypeVar("T")


def history_weeks(today: date) -> list[date]:
    """The Mondays of the weeks covered: HISTORY_WEEKS whole ones, then this one."""
    return [_monday(today) - timedelta(weeks=n) for n in range(HISTORY_WEEKS, -1, -1)]


def season(monday: date, holidays: set[date]) -> float:
    """The week's season multiplier (see the constants)."""
    days = [monday + timedelta(days=n) for n in range(7)]
    if any((day.month, day.day) in ((12, 25), (1, 1)) for day in days):
        return CHRISTMAS
    month = days[3].month
    factor = AUGUST if month == 8 else WINTER if month in WINTER_MONTHS else 1.0
    return factor * (BANK_HOLIDAY_WEEK if holidays.intersection(days[:5]) else 1.0)


def trend(monday: date, today: date) -> float:
    """The week's trend multiplier: 1 at the middle of the last 13 whole weeks."""
    centre = _monday(today) - timedelta(weeks=TREND_CENTRE_WEEKS)
    return (1 + TREND_PER_YEAR) ** ((monday - centre).days / 365.25)


def practice_effects(pairs: Iterable[Pair], rng: random.Random) -> dict[Pair, float]:
    """Each pair's own multiplier: a small random one, or the planted outlier's."""
    effects = {pair: rng.lognormvariate(0.0, PRACTICE_SIGMA) for pair in sorted(pairs)}
    return effects | {pair: factor for pair, factor in OUTLIERS.items() if pair in effects}


def poisson(mean: float, rng: random.Random) -> int:
    """A Poisson draw: Knuth's product of uniforms, or a rounded normal for a large mean."""
    if mean > KNUTH_MOST:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def draw_referrals(demand: Mapping[Pair, float], today: date, rng: random.Random) -> dict[Key, int]:
    """The referrals each practice made to each service on each working day before today.

    Args:
        demand: the planning demand, referrals a week, by (practice, service).
        today: referrals are drawn for the history weeks' working days before it.
        rng: the seeded generator.

    Returns:
        The count by (practice, service, day), days with none left out.
    """
    mondays = history_weeks(today)
    holidays = set(bank_holidays(mondays[0], len(mondays)))
    weeks = []  # (the week's multiplier, its working days before today, days it spreads over)
    for monday in mondays:
        working = [monday + timedelta(days=n) for n in range(5)]
        working = [day for day in working if day not in holidays]
        multiplier = season(monday, holidays) * trend(monday, today)
        weeks.append((multiplier, [day for day in working if day < today], len(working)))
    drawn = {}
    for pair, effect in practice_effects(demand, rng).items():
        for multiplier, days, spread in weeks:
            daily = demand[pair] * effect * multiplier / spread
            for day in days:
                if count := poisson(daily, rng):
                    drawn[(*pair, day)] = count
    return drawn


def top_up(drawn: Mapping[Key, int], desk: Mapping[Key, int]) -> dict[Key, int]:
    """The copies: the referrals drawn less those the desk holds, never below 0.

    Each of the desk's referrals stands for one drawn referral: of its practice and service
    on its day if one is left; else on another day of that week; else of another practice
    to the service that week (the one with most left); one left with none to stand for is
    one more than the draw. Together the desk and the copies give each service the drawn
    referrals week by week (or the desk's, where it alone holds more), and each practice,
    service and day no fewer than the desk holds and no more than the larger of the desk's
    and the draw. Matching day by day alone would add back every day the desk holds more
    than the draw, about a third more referrals in the weeks the desk holds.
    """
    copies = Counter(drawn)
    short = Counter()  # desk referrals that stand for no drawn one yet
    for key, held in desk.items():
        taken = min(held, copies[key])
        copies[key] -= taken
        short[key] = held - taken
    for group in (_practice_week, _service_week):
        pools = defaultdict(list)
        for key in sorted(copies):
            pools[group(key)].append(key)
        for key in sorted(k for k, n in short.items() if n):
            pool = pools[group(key)]
            while short[key] and pool:
                most = max(pool, key=copies.__getitem__)
                if not copies[most]:
                    break  # none left in the pool
                copies[most] -= 1
                short[key] -= 1
    return {key: n for key, n in copies.items() if n}


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _practice_week(key: Key) -> tuple:
    return key[0], key[1], _monday(key[2])


def _service_week(key: Key) -> tuple:
    return key[1], _monday(key[2])


def scenario_demand(scenario: Scenario) -> dict[Pair, float]:
    """The planning demand between the scenario's practices and services."""
    practices = {p.id for p in scenario.practices}
    services = {s.id for s in scenario.services}
    return {
        (row.practice_id, row.service_id): row.per_week
        for row in db.session.scalars(sa.select(Demand))
        if row.practice_id in practices and row.service_id in services
    }


def desk_referrals(first_day: date, today: date) -> Counter[Key]:
    """The desk's first referrals by (practice, service, day), from first_day to yesterday."""
    rows = db.session.execute(
        sa.select(Referral.practice_id, Referral.service_id, Referral.referral_date).where(
            Referral.kind == "first",
            Referral.referral_date >= first_day,
            Referral.referral_date < today,
        )
    )
    return Counter(tuple(row) for row in rows)


class CopyMaker:
    """Makes the copy rows: priority, provider, when and where seen, whether missed.

    Args:
        localities: each practice's locality.
        unit_types: each service's unit type.
        today: appointments from today on are still to come.
        rng: the seeded generator.
    """

    def __init__(
        self,
        localities: Mapping[str, str],
        unit_types: Mapping[str, str],
        today: date,
        rng: random.Random,
    ) -> None:
        self.today, self.rng = today, rng
        self.waits = {
            service: WAIT_WEEKS.get(unit_type, OTHER_WAIT_WEEKS)
            for service, unit_type in unit_types.items()
        }
        # practice: (its share referred to Buckinghamshire, West Herts' hospitals' cumulative
        # weights), worked out once: choosing with cumulative weights is quicker
        self.referred_to = {
            practice: (
                _by_town(BUCKS_SHARE, locality, 0.0),
                list(accumulate(_by_town(HOSPITAL_WEIGHTS, locality, OTHER_HOSPITAL_WEIGHTS))),
            )
            for practice, locality in localities.items()
        }

    def row(self, practice_id: str, service_id: str, referred: date) -> dict:
        """One copy of a referral the practice made to the service on the day."""
        rng, (bucks_share, hospitals) = self.rng, self.referred_to[practice_id]
        least, most = self.waits[service_id]
        seen = weekday(referred + timedelta(days=rng.randint(7 * least, 7 * most)))
        if rng.random() < bucks_share:
            provider, seen_at = BUCKS
        else:
            provider = WEST_HERTS
            [seen_at] = rng.choices(HOSPITALS, cum_weights=hospitals)
        missed = seen < self.today and rng.random() < FIRST_DNA_SHARE
        held = seen < self.today and not missed  # a DNA is returned to the GP, not seen
        return {
            "practice_id": practice_id,
            "service_id": service_id,
            "referred_on": referred,
            "priority": "urgent" if rng.random() < URGENT_SHARE else "routine",
            "provider": provider,
            "seen_on": seen if held else None,
            "seen_at": seen_at if held else None,
            "missed": int(missed),
            "source": SOURCE,
        }


def _by_town(table: Mapping[str, T], locality: str, default: T) -> T:
    """The table's entry for the town the locality is in (Hemel Hempstead East is in Hemel
    Hempstead), else the default."""
    return next((entry for town, entry in table.items() if locality.startswith(town)), default)


def add_referral_history(scenario: Scenario, today: date, *, seed: int = SEED) -> int:
    """Add two years of copied referrals for the scenario's practices and services, topping
    up the desk's own first referrals; return how many rows were added.

    Args:
        scenario: the sample scenario: its practices, services and their demand.
        today: the history ends the day before.
        seed: one seed gives one history, for the same desk on the same day.
    """
    # Made-up referrals, not secrets: a seeded generator is what is wanted.
    rng = random.Random(seed)  # nosec B311
    drawn = draw_referrals(scenario_demand(scenario), today, rng)
    copies = top_up(drawn, desk_referrals(history_weeks(today)[0], today))
    maker = CopyMaker(
        {p.id: p.locality for p in scenario.practices},
        {s.id: s.unit_type for s in scenario.services},
        today,
        rng,
    )
    rows = [
        maker.row(practice_id, service_id, day)
        for (practice_id, service_id, day), count in sorted(copies.items())
        for _ in range(count)
    ]
    if rows:
        # One executemany of the table's insert: the ORM's bulk insert, which goes over every
        # row again first, took half as long again here.
        db.session.execute(sa.insert(ReferralCopy.__table__), rows)
    db.session.commit()
    return len(rows)
