"""Referral-to-treatment (RTT) clocks by the national rules, and diagnostic clocks.

A pathway is one referral's journey, across clinic, diagnostics and day case. Its RTT clock
starts on the day the referral is received and runs, whatever services the patient passes
through, until a clock stop: first definitive treatment, a decision not to treat, active
monitoring (patient-initiated follow-up included), or discharge. Cancellations, by the
patient or by the service, leave it running. Discharge ends the pathway; after the other
stops care may go on (a follow-up after treatment, a patient-initiated visit), off the clock:
those events are kept but move the clock no more.

Did-not-attends (DNAs), by the national rules and the local policy (`DnaPolicy`):
- a DNA of the first appointment nullifies the clock: the pathway ends and the patient is
  returned to the referrer (the referral may be made afresh, with a new clock);
- a later DNA leaves the clock running; the policy allows `rebookings` of them, after which
  the patient is discharged (a clock stop).

A diagnostic requested on the pathway has its own 6-week clock, from the request to the
test. The RTT clock keeps running across it.

This module is pure: events in, clock out; the booking desk keeps the events (with who and
when) and asks here what they mean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

RTT_WEEKS = 18
RTT_STANDARD = 0.92  # share of incomplete pathways within 18 weeks
DIAGNOSTIC_WEEKS = 6
DIAGNOSTIC_STANDARD = 0.01  # most share of diagnostic waits of 6 weeks or more
# Weeks-waited bands of the RTT report, as NHS England counts them: a wait of d days is in
# (low, high] weeks, 7 * low < d <= 7 * high (the first band from 0 days); None: no end.
WAIT_BANDS = ((0, 6), (6, 12), (12, 18), (18, 26), (26, 52), (52, None))

# What each event is: kinds that stop the clock, and the reason they give.
STOPS = {
    "treated": "first definitive treatment",
    "not_treating": "decision not to treat",
    "active_monitoring": "active monitoring",
    "patient_initiated": "patient-initiated follow-up",
    "discharged": "discharged",
}
# Kinds that leave the clock running.
RUNNING = (
    "booked",
    "attended",
    "follow_up",
    "decision_to_treat",
    "refer_on_diagnostic",
    "refer_on_day_case",
    "diagnostic_done",
    "cancelled_by_patient",
    "cancelled_by_service",
)
KINDS = ("referred", "dna", *RUNNING, *STOPS)
ENDS = ("discharged",)  # stops after which nothing more happens on the pathway
# Kinds that record what happened at an attendance (an outcome needs one first).
OUTCOMES = (
    "follow_up",
    "decision_to_treat",
    "refer_on_diagnostic",
    "refer_on_day_case",
    "not_treating",
    "active_monitoring",
    "patient_initiated",
    "discharged",
)


class ClockError(ValueError):
    """An event that cannot happen where it is on the pathway; says which and why."""

    def __init__(self, index: int, event: Event, reason: str) -> None:
        super().__init__(f"event {index + 1} ({event.kind} on {event.on:%d %b %Y}): {reason}")
        self.index, self.event, self.reason = index, event, reason


@dataclass(frozen=True)
class Event:
    """One thing that happened on a pathway, on a day."""

    kind: str
    on: date


@dataclass(frozen=True)
class DnaPolicy:
    """The local policy for DNAs after the first appointment: this many are rebooked; the
    next one discharges the patient."""

    rebookings: int = 1


@dataclass(frozen=True)
class DiagnosticClock:
    """A diagnostic test's wait: from its request to the test."""

    requested: date
    done: date | None = None

    def weeks_waited(self, today: date) -> int:
        return ((self.done or today) - self.requested).days // 7

    def breach_date(self) -> date:
        """The first day on which the wait is 6 weeks or more."""
        return self.requested + timedelta(weeks=DIAGNOSTIC_WEEKS)

    def over_six_weeks(self, today: date) -> bool:
        return (self.done or today) >= self.breach_date()


@dataclass(frozen=True)
class Clock:
    """A pathway's RTT clock as its events leave it."""

    started: date
    stopped: date | None = None
    stop_reason: str | None = None
    nullified: bool = False  # a first-appointment DNA: returned to the referrer
    attended: bool = False  # any attendance yet
    later_dnas: int = 0
    diagnostics: tuple[DiagnosticClock, ...] = field(default_factory=tuple)
    next_after_dna: str | None = None  # "rebook" or "discharge" after the last later DNA
    ended: date | None = None  # discharged: nothing more happens on the pathway

    @property
    def running(self) -> bool:
        return self.stopped is None and not self.nullified

    def breach_date(self) -> date:
        """The first day on which the wait is longer than 18 weeks."""
        return self.started + timedelta(weeks=RTT_WEEKS, days=1)

    def days_waited(self, today: date) -> int:
        end = self.stopped if self.stopped is not None else today
        return max(0, (end - self.started).days)

    def weeks_waited(self, today: date) -> int:
        return self.days_waited(today) // 7

    def within_standard(self, today: date) -> bool:
        """Whether the wait so far (or to the stop) is 18 weeks or less."""
        end = self.stopped if self.stopped is not None else today
        return end < self.breach_date()


def clock(events: list[Event], policy: DnaPolicy | None = None) -> Clock:
    """The pathway's clock from its events, in the order they happened.

    Raises:
        ClockError: an event out of date order, before the referral, after the clock
            ended (discharged, or nullified by a first DNA), of an unknown kind, or an
            outcome before any attendance. Events after another stop are off the clock.
    """
    policy = policy or DnaPolicy()
    if not events:
        raise ValueError("a pathway starts with its referral: no events given")
    if events[0].kind != "referred":
        raise ClockError(0, events[0], "a pathway starts with its referral")
    state = _State(events[0].on)
    for i, event in enumerate(events[1:], start=1):
        if event.kind not in KINDS or event.kind == "referred":
            raise ClockError(i, event, "not an event of a running pathway")
        if event.on < events[i - 1].on:
            raise ClockError(i, event, f"before the event it follows ({events[i - 1].on})")
        if state.nullified:
            raise ClockError(i, event, "the pathway ended at the first appointment's DNA")
        if state.ended is not None:
            raise ClockError(i, event, f"the pathway ended on {state.ended} (discharged)")
        if state.stopped is None:
            state.apply(i, event, policy)
        else:
            state.after_stop(event)
    return state.clock()


class _State:
    def __init__(self, started: date) -> None:
        self.started = started
        self.stopped: date | None = None
        self.reason: str | None = None
        self.nullified = False
        self.attended = False
        self.later_dnas = 0
        self.next_after_dna: str | None = None
        self.diagnostics: list[DiagnosticClock] = []
        self.ended: date | None = None  # the day the pathway ended

    def after_stop(self, event: Event) -> None:
        """An event off the clock: only a discharge, which ends the pathway, counts."""
        if event.kind in ENDS:
            self.ended = event.on

    def apply(self, i: int, event: Event, policy: DnaPolicy) -> None:
        kind = event.kind
        if kind in OUTCOMES and not self.attended:
            raise ClockError(i, event, "an outcome needs an attendance first")
        if kind == "attended":
            self.attended, self.next_after_dna = True, None
        elif kind == "dna":
            self._dna(policy)
        elif kind == "refer_on_diagnostic":
            self.diagnostics.append(DiagnosticClock(event.on))
        elif kind == "diagnostic_done":
            self._diagnostic_done(i, event)
        if kind in STOPS:
            self.stopped, self.reason = event.on, STOPS[kind]
            self.ended = event.on if kind in ENDS else None

    def _dna(self, policy: DnaPolicy) -> None:
        if not self.attended:
            self.nullified = True
            return
        self.later_dnas += 1
        self.next_after_dna = "rebook" if self.later_dnas <= policy.rebookings else "discharge"

    def _diagnostic_done(self, i: int, event: Event) -> None:
        waiting = [n for n, d in enumerate(self.diagnostics) if d.done is None]
        if not waiting:
            raise ClockError(i, event, "no diagnostic was requested on this pathway")
        first = waiting[0]
        self.diagnostics[first] = DiagnosticClock(self.diagnostics[first].requested, event.on)

    def clock(self) -> Clock:
        return Clock(
            started=self.started,
            stopped=self.stopped,
            stop_reason=self.reason,
            nullified=self.nullified,
            attended=self.attended,
            later_dnas=self.later_dnas,
            diagnostics=tuple(self.diagnostics),
            next_after_dna=self.next_after_dna,
            ended=self.ended,
        )


def band(days: int) -> tuple[int, int | None]:
    """The RTT report's band of a wait of `days` days (18 weeks to the day is within 18)."""
    if days < 0:
        raise ValueError(f"a wait cannot be {days} days")
    for low, high in WAIT_BANDS:
        if (low == 0 or days > 7 * low) and (high is None or days <= 7 * high):
            return low, high
    raise AssertionError("the bands cover every wait")


def band_label(low: int, high: int | None) -> str:
    """A band in words that do not overlap: "up to 6 weeks", "over 6 to 12 weeks",
    "over 52 weeks" (a wait of exactly 6 weeks is in the first)."""
    if high is None:
        return f"over {low} weeks"
    return f"up to {high} weeks" if low == 0 else f"over {low} to {high} weeks"
