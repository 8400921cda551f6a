"""Waiting-time clocks: from the referral date against the service's maximum wait."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

CLINIC_ZONE = ZoneInfo("Europe/London")  # session times in the plan are local clock times
# A clock this close to its breach date is flagged even when an earlier slot exists.
DUE_SOON_DAYS = 21
# A follow-up is offered slots from this many days before its due date: "in 6 weeks" means
# about then, not tomorrow.
FOLLOW_UP_EARLY_DAYS = 14

RISK_LABELS = {
    "breached": "Breached",
    "will_breach": "Will breach",
    "due_soon": "Due soon",
    "on_track": "On track",
    "no_standard": "No standard",
    # A follow-up has a due date, not a waiting-time standard: late is overdue, not a breach.
    "overdue": "Overdue",
    "will_be_overdue": "Will be overdue",
    # Steps that wait no more.
    "seen": "Seen",
    "closed": "Closed",
}
FOLLOW_UP_RISKS = {"breached": "overdue", "will_breach": "will_be_overdue"}


def local_now() -> datetime:
    """Return the clinics' wall-clock time now, without a zone, like the plan's times."""
    return datetime.now(CLINIC_ZONE).replace(tzinfo=None)


def breach_date(referral_date: date, max_wait_weeks: int | None) -> date | None:
    """Return the first day the wait is longer than the standard, or None without one.

    The clock starts on the referral date: an appointment exactly `max_wait_weeks` weeks
    later still meets the standard; one on the breach date or after does not.
    """
    if max_wait_weeks is None:
        return None
    return referral_date + timedelta(weeks=max_wait_weeks, days=1)


@dataclass(frozen=True)
class Clock:
    """A referral's wait as of one day."""

    referral_date: date
    max_wait_weeks: int | None
    breach_date: date | None
    days_waited: int

    @property
    def weeks_waited(self) -> int:
        return max(self.days_waited, 0) // 7

    def days_left(self, today: date) -> int | None:
        """Days from today to the breach date (0 or less once breached)."""
        return None if self.breach_date is None else (self.breach_date - today).days

    def in_time(self, day: date) -> bool:
        """Tell whether an appointment on this day meets the standard."""
        return self.breach_date is None or day < self.breach_date


def clock(referral_date: date, max_wait_weeks: int | None, today: date) -> Clock:
    """Return the referral's clock as of today."""
    return Clock(
        referral_date=referral_date,
        max_wait_weeks=max_wait_weeks,
        breach_date=breach_date(referral_date, max_wait_weeks),
        days_waited=(today - referral_date).days,
    )


def step_clock(referral, max_wait_weeks: int | None, today: date) -> Clock:
    """The clock a step of a pathway is waited against, as of today.

    A first appointment waits from the referral against its service's standard (18 weeks
    for consultant-led clinics, 6 for a direct-access test); a day case on the pathway's RTT
    clock, from the day the GP's referral was received; a diagnostic test requested at a
    clinic on its own 6-week clock (its service's standard), from the request; a follow-up
    by its due date.
    """
    start = _step_start(referral)
    return Clock(
        referral_date=start,
        max_wait_weeks=None if referral.kind == "follow_up" else max_wait_weeks,
        breach_date=step_breach_date(referral, max_wait_weeks),
        days_waited=(today - start).days,
    )


def _step_start(referral) -> date:
    """The day a step's wait began: a day case's on its pathway's RTT clock, from the GP's
    referral; every other step's from its own request."""
    return referral.pathway.started if referral.kind == "day_case" else referral.referral_date


def step_opens(referral) -> date:
    """The first day a step may be offered a slot: for a follow-up, FOLLOW_UP_EARLY_DAYS
    before its due date (and after the clinic that asked for it); for others, any day."""
    if referral.kind == "follow_up" and referral.due_date is not None:
        return max(
            referral.referral_date + timedelta(days=1),
            referral.due_date - timedelta(days=FOLLOW_UP_EARLY_DAYS),
        )
    return date.min


def step_breach_date(referral, max_wait_weeks: int | None) -> date | None:
    """The first day a step's wait fails its standard (step_clock says which)."""
    if referral.kind == "follow_up":
        return referral.due_date + timedelta(days=1) if referral.due_date else None
    return breach_date(_step_start(referral), max_wait_weeks)


def step_risk(referral, wait: Clock, earliest: date | None, today: date, seen: bool) -> str:
    """A step's risk as `risk` gives it, except that a step attended is "seen", one closed
    "closed", and a late follow-up "overdue" (or "will_be_overdue"), not a breach."""
    if seen:
        return "seen"
    if referral.closed_on is not None:
        return "closed"
    found = risk(wait, earliest, today)
    return FOLLOW_UP_RISKS.get(found, found) if referral.kind == "follow_up" else found


def risk(wait: Clock, earliest: date | None, today: date) -> str:
    """Classify a waiting referral's breach risk given the earliest slot open to it.

    Returns:
        "breached" when the breach date has come; "will_breach" when no slot open to the
        patient falls before it; "due_soon" within DUE_SOON_DAYS of it; else "on_track"
        ("no_standard" for services without a maximum wait).
    """
    if wait.breach_date is None:
        return "no_standard"
    if today >= wait.breach_date:
        return "breached"
    if earliest is None or not wait.in_time(earliest):
        return "will_breach"
    if (wait.breach_date - today).days <= DUE_SOON_DAYS:
        return "due_soon"
    return "on_track"
