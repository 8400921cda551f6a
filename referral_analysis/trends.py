"""Referrals week by week as an XmR chart, and month by month by year where two years or
more are held (the seasons)."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from referral_analysis import facts
from referral_analysis.facts import Period, monday
from referral_analysis.stats.xmr import SIGNAL_WORDS, Xmr, xmr

TWO_YEARS = 730  # days
MONTHS = [calendar.month_abbr[m] for m in range(1, 13)]


@dataclass(frozen=True)
class Week:
    start: date  # its Monday
    referrals: int
    signals: tuple[str, ...]  # stats.xmr.SIGNAL_WORDS keys

    @property
    def signal_words(self) -> str:
        return "; ".join(SIGNAL_WORDS[rule] for rule in self.signals)


@dataclass(frozen=True)
class Trend:
    """The whole weeks of a period for one selection, with their XmR limits and signals."""

    weeks: list[Week]
    chart: Xmr | None  # None with fewer than two whole weeks

    @property
    def signalled(self) -> list[Week]:
        return [week for week in self.weeks if week.signals]


def whole_weeks(period: Period) -> tuple[date, int]:
    """The first Monday and the number of Monday-to-Sunday weeks wholly in the period."""
    first = monday(period.first + timedelta(days=6))  # the period's first whole week
    weeks = (period.last - first).days + 1
    return first, max(weeks // 7, 0)


def trend(period: Period, *, practice_id: str | None = None, service_id: str | None = None):
    """Referrals in each whole week of the period, with the XmR chart's limits and the
    special-cause signals of NHS England's Making Data Count rules."""
    first, weeks = whole_weeks(period)
    if weeks == 0:
        return Trend([], None)
    per_day = facts.daily(
        first, first + timedelta(weeks=weeks, days=-1), practice_id=practice_id,
        service_id=service_id,
    )  # fmt: skip
    values = [0] * weeks
    for day, number in per_day.items():
        values[(day - first).days // 7] += number
    chart = xmr(values) if weeks >= 2 else None
    marks: dict[int, list[str]] = {}
    for signal in chart.signals if chart else ():
        marks.setdefault(signal.index, []).append(signal.rule)
    return Trend(
        [
            Week(first + timedelta(weeks=n), value, tuple(marks.get(n, ())))
            for n, value in enumerate(values)
        ],
        chart,
    )


@dataclass(frozen=True)
class Seasons:
    """Referrals in each calendar month of each year held (None: the month is not whole)."""

    years: dict[int, list[int | None]]

    @property
    def referrals(self) -> int:
        return sum(n for values in self.years.values() for n in values if n)


def seasons(
    held: tuple[date, date] | None, *, practice_id: str | None = None,
    service_id: str | None = None,
) -> Seasons | None:  # fmt: skip
    """Month by month, year by year, over the whole months of all the referrals held: None
    unless two years or more are held, as a season cannot be told from one year."""
    if held is None:
        return None
    first, last = held
    if (last - first).days + 1 < TWO_YEARS:
        return None
    start = first if first.day == 1 else _next_month(first)
    end = _next_month(last) - timedelta(days=1)
    if end != last:  # the last month is not over
        end = last.replace(day=1) - timedelta(days=1)
    per_day = facts.daily(start, end, practice_id=practice_id, service_id=service_id)
    years: dict[int, list[int | None]] = {}
    for year in range(start.year, end.year + 1):
        years[year] = [
            0 if start <= date(year, m, 1) and date(year, m, 1) <= end else None
            for m in range(1, 13)
        ]
    for day, number in per_day.items():
        years[day.year][day.month - 1] += number
    return Seasons(years)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
