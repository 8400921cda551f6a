"""Referral rates per 1,000 registered patients a year, per practice and service, against the
area's rate: the figures of the funnel plots and their tables.

Rates are crude: referrals divided by the registered list (no weighting for age or need),
so a practice with older patients may refer more for good reason. The pages say so.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from extensions import db
from inputs.models import Practice, Service
from referral_analysis import facts
from referral_analysis.facts import Period
from referral_analysis.stats.funnel import FLAG_WORDS, Limits, classify, funnel_curve, funnel_limits
from spreadsheets.safe_cells import safe_row

PER = 1000  # rates per 1,000 registered patients a year


@dataclass(frozen=True)
class PracticeRate:
    """One practice's referrals in the period, for one service (or all of them)."""

    practice_id: str
    name: str
    list_size: int | None
    list_size_date: date | None
    referrals: int
    rate: float | None  # per 1,000 a year; None without a registered list
    limits: Limits | None  # around the area's rate at this practice's list
    flag: str | None  # referral_analysis.stats.funnel.FLAGS; None without a rate

    @property
    def flag_words(self) -> str:
        if not self.list_size:
            return "No registered list size, so no rate"
        if self.flag is None:
            return "No practice referred in the period, so nothing to compare"
        return FLAG_WORDS[self.flag]

    @property
    def outside(self) -> bool:
        return self.flag not in (None, "within")


@dataclass(frozen=True)
class Rates:
    """A service's (or every service's) rates in a period: the area's and each practice's."""

    service_id: str | None  # None: every service together
    service_name: str
    period: Period
    referrals: int  # by every practice, with a list size or not
    area_rate: float | None  # per 1,000 a year; None when no practice has a list size
    practices: list[PracticeRate]

    @property
    def usual_list_date(self) -> date | None:
        """The date most practices' list sizes are from (None when none is dated)."""
        dates = Counter(p.list_size_date for p in self.practices if p.list_size_date)
        return dates.most_common(1)[0][0] if dates else None

    @property
    def without_list(self) -> list[PracticeRate]:
        return [p for p in self.practices if p.rate is None]

    def flagged(self, *flags: str) -> list[PracticeRate]:
        return [p for p in self.practices if p.flag in flags]

    def curve(self, points: int = 60) -> list[tuple[float, Limits]]:
        """The funnel's limits from the smallest list to the largest, in registered
        patients (not patient-years), for drawing."""
        sizes = [p.list_size for p in self.practices if p.rate is not None]
        if self.area_rate is None or not sizes:
            return []
        years = self.period.years
        low, high = max(min(sizes) * 0.8, 1), max(sizes) * 1.1
        return [
            (exposure / years, limits)
            for exposure, limits in funnel_curve(
                self.area_rate / PER, low * years, high * years, points
            )
        ]


def rates(period: Period, service_id: str | None = None) -> Rates:
    """Every practice's referral rate in the period for the service (None: all services)."""
    referred = facts.counts(period)
    if service_id is not None:
        referred = {key: n for key, n in referred.items() if key[1] == service_id}
    by_practice: dict[str, int] = {}
    for (practice, _), number in referred.items():
        by_practice[practice] = by_practice.get(practice, 0) + number
    practices = db.session.scalars(sa.select(Practice).order_by(Practice.id)).all()
    return _rates(period, service_id, _service_name(service_id), practices, by_practice)


def every_service(period: Period) -> list[Rates]:
    """The rates of each service in the period, in the order of their names."""
    referred = facts.counts(period)
    practices = db.session.scalars(sa.select(Practice).order_by(Practice.id)).all()
    found = []
    for service in db.session.scalars(sa.select(Service).order_by(Service.name)):
        by_practice = {p: n for (p, s), n in referred.items() if s == service.id}
        found.append(_rates(period, service.id, service.name, practices, by_practice))
    return found


def _service_name(service_id: str | None) -> str:
    if service_id is None:
        return "All services"
    service = db.session.get(Service, service_id)
    if service is None:
        raise LookupError(service_id)
    return service.name


def _rates(
    period: Period,
    service_id: str | None,
    service_name: str,
    practices,
    by_practice: dict[str, int],
) -> Rates:
    listed = [p for p in practices if p.list_size]
    exposure = sum(p.list_size for p in listed) * period.years
    area = sum(by_practice.get(p.id, 0) for p in listed) / exposure if exposure else None
    rows = []
    for practice in practices:
        number = by_practice.get(practice.id, 0)
        rate = limits = flag = None
        if practice.list_size and area is not None:
            rate = number / (practice.list_size * period.years) * PER
        if rate is not None and area:  # no limits around a rate of 0: nobody referred
            limits = funnel_limits(area, practice.list_size * period.years)
            flag = classify(rate, limits)
        rows.append(
            PracticeRate(
                practice_id=practice.id,
                name=practice.name,
                list_size=practice.list_size,
                list_size_date=practice.list_size_date,
                referrals=number,
                rate=rate,
                limits=limits,
                flag=flag,
            )
        )
    return Rates(
        service_id=service_id,
        service_name=service_name,
        period=period,
        referrals=sum(by_practice.values()),
        area_rate=area * PER if area is not None else None,
        practices=rows,
    )


def rates_csv(found: Rates) -> str:
    """Each practice's rate and limits as CSV, text cells safe from formulas."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["practice", "name", "list_size", "list_size_date", "referrals", "rate_per_1000_a_year"]
        + ["area_rate", "lower_95", "upper_95", "lower_99_8", "upper_99_8", "against_peers"]
    )
    for row in found.practices:
        limits = row.limits
        figures = [row.rate, found.area_rate] + (
            [limits.lower95, limits.upper95, limits.lower998, limits.upper998]
            if limits
            else [None] * 4
        )
        writer.writerow(
            safe_row(
                [
                    row.practice_id,
                    row.name,
                    row.list_size if row.list_size is not None else "",
                    row.list_size_date.isoformat() if row.list_size_date else "",
                    row.referrals,
                    *("" if value is None else f"{value:.2f}" for value in figures),
                    row.flag_words,
                ]
            )
        )
    return out.getvalue()
