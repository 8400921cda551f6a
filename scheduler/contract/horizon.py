"""The calendar of a cycle: weekdays, sessions, date ranges and the horizon's weeks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from functools import cached_property
from typing import Any

# Index i is the name of date.weekday() == i, as the contract spells weekdays.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SESSIONS = ("AM", "PM")
# The contract's default clock times of each session.
DEFAULT_SESSION_TIMES = (("AM", time(9, 0), time(13, 0)), ("PM", time(13, 30), time(17, 30)))
DAYS_PER_WEEK = 7


def _no_extras() -> Mapping[str, Any]:
    return {}


def extras_field() -> Any:
    """Unknown optional JSON keys, kept so that writing gives them back (not hashed)."""
    return field(default_factory=_no_extras, hash=False)


@dataclass(frozen=True)
class DateRange:
    """Inclusive range of dates (`{"from": start, "to": end}`)."""

    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, first: date, last: date) -> bool:
        """Whether any day of `first..last` lies in the range."""
        return self.start <= last and first <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@dataclass(frozen=True)
class Horizon:
    """The repeating cycle of `weeks` weeks from `start`; week w is days 7w..7w+6."""

    start: date
    weeks: int
    weekdays: tuple[str, ...]
    sessions: tuple[str, ...] = SESSIONS
    closed_dates: tuple[date, ...] = ()
    session_times: tuple[tuple[str, time, time], ...] = DEFAULT_SESSION_TIMES
    extras: Mapping[str, Any] = extras_field()

    @property
    def end(self) -> date:
        """Last date of the cycle."""
        return self.start + timedelta(days=DAYS_PER_WEEK * self.weeks - 1)

    def in_cycle(self, day: date) -> bool:
        return self.start <= day <= self.end

    def week_of(self, day: date) -> int:
        """Week index of `day` (outside `[0, weeks)` when the day is outside the cycle)."""
        return (day - self.start).days // DAYS_PER_WEEK

    def week_first(self, week: int) -> date:
        return self.start + timedelta(days=DAYS_PER_WEEK * week)

    def week_last(self, week: int) -> date:
        return self.week_first(week) + timedelta(days=DAYS_PER_WEEK - 1)

    def week_dates(self, week: int) -> tuple[date, ...]:
        first = self.week_first(week)
        return tuple(first + timedelta(days=i) for i in range(DAYS_PER_WEEK))

    def week_label(self, week: int) -> str:
        return f"week {week} ({self.week_first(week)}..{self.week_last(week)})"

    def week_touches(self, week: int, ranges: tuple[DateRange, ...]) -> DateRange | None:
        """The first range that any day of `week` lies in, or None."""
        first, last = self.week_first(week), self.week_last(week)
        return next((r for r in ranges if r.overlaps(first, last)), None)

    @cached_property
    def closed(self) -> frozenset[date]:
        return frozenset(self.closed_dates)

    def is_working_day(self, day: date) -> bool:
        """A horizon weekday that is not closed (whether in the cycle or not)."""
        return WEEKDAYS[day.weekday()] in self.weekdays and day not in self.closed

    def working_days(self, week: int) -> tuple[date, ...]:
        return tuple(d for d in self.week_dates(week) if self.is_working_day(d))
