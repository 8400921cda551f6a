"""The sample desk's recent past: clinics held, who came, what was decided and what followed.

Every session of the published plan that has begun held patients (sample/seen.py makes
them up). The past is played in time order, as the desk lived it: each patient was booked
on the day they were booked; at the end of each session the clinic recorded who came and
an outcome for each patient seen; the next working day the desk booked what the outcome
asked for: a follow-up into the last clinic before it is due (if it is due within
BOOK_AHEAD_WEEKS; later ones wait on the partial-booking list), a test or a day case into
the first session with room, and a patient who missed a later appointment into another, as
the DNA policy says. The sessions of the last working day before today, and today's that
have begun, keep their patients booked with nothing recorded: the registers to mark.

`desk` is `sample.bulk_desk.BulkDesk` (the rows the desk's functions would write, at once)
or anything with its verbs: tests/sample/test_bulk_desk.py plays a past both ways.
"""

import heapq
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import count
from typing import Protocol

from booking.openings import Opening
from sample.patients import Place
from sample.seen import BOOKED_AT, NOTICE_DAYS, within, working_day

FIRST_DNA_SHARE = 0.065  # first appointments missed, approx (knowledge): 5-8% in England
LATER_DNA_SHARE = 0.02  # later appointments missed
AGAIN_DNA_SHARE = 0.3  # ...by a patient who missed one on that step already
# Outcomes of first appointments at a clinic, by weight, approx (knowledge).
FIRST_OUTCOMES = {
    "discharged": 40,
    "follow_up": 35,
    "refer_on_diagnostic": 10,
    "decision_to_treat": 5,  # "treated" (a procedure in the clinic) where no list takes it
    "patient_initiated": 5,
    "active_monitoring": 5,
}
# Outcomes of follow-up appointments: most are discharged or seen once more.
FOLLOW_UP_OUTCOMES = {
    "discharged": 50,
    "follow_up": 25,
    "treated": 10,
    "patient_initiated": 8,
    "active_monitoring": 5,
    "not_treating": 2,
}
FOLLOW_UP_WEEKS = (2, 3, 4, 6, 8, 12)
RESULTS_WEEKS = (1, 2, 3)  # a test's results are given at a follow-up this soon
PIFU_WEEKS = 26  # a patient-initiated follow-up may be asked for within six months
BOOK_AHEAD_WEEKS = 8  # follow-ups due later wait on the partial-booking list
LEFT_UNBOOKED_SHARE = 0.05  # follow-ups the desk did not get to: some are now overdue
DAY_CASE_NOTICE_DAYS = 14  # time for the pre-operative assessment
DAY_CASE_LISTS = {
    "orthopaedics": "orthopaedic-day-case",
    "ophthalmology": "cataract-list",
    "general-surgery": "general-surgery-day-case",
}
# The tests each clinic asks for, approx (knowledge).
TESTS = {
    "dermatology": ("ultrasound",),
    "orthopaedics": ("mri", "xray"),
    "ent": ("ct", "mri"),
    "ophthalmology": ("mri",),
    "gynaecology": ("ultrasound",),
    "general-surgery": ("ultrasound", "ct"),
    "cardiology": ("xray", "ct"),
    "urology": ("ultrasound", "ct"),
    "gastroenterology": ("ultrasound", "ct"),
}


class Desk(Protocol):
    """The desk's verbs the history uses (booking.service and booking.outcomes')."""

    def book(self, referral_id: int, session_id: int, *, now: datetime) -> int: ...
    def record_attendance(self, booking_id: int, status: str, *, now: datetime) -> None: ...
    def record_outcome(self, booking_id: int, form: Mapping[str, str]) -> int | None: ...
    def closed(self, referral_id: int) -> bool: ...


@dataclass
class Step:
    """What the history knows of a step: its kind, service, patient's home, due date and
    the clinic of its pathway (where follow-ups return)."""

    id: int
    kind: str
    service_id: str
    home: Place
    clinic: str
    due: date | None = None
    dnas: int = 0


@dataclass(frozen=True)
class First:
    """A first appointment to book: the referral, its session and when it was booked."""

    step: Step
    session_id: int
    booked_at: datetime


def last_working_day(openings: Iterable[Opening], today: date) -> date:
    """The last day before today with sessions (today if there is none)."""
    return max((o.date for o in openings if o.date < today), default=today)


class History:
    """The past of the desk, played in time order through `desk`.

    Args:
        desk: books, marks and records outcomes.
        openings: every session of the published plan, past and to come.
        now: the desk's clock: nothing later happens.
        rng: the seeded generator.
        unit_types: each service's unit type.
        limits: each service's travel limit in km.
    """

    def __init__(
        self,
        desk: Desk,
        openings: list[Opening],
        now: datetime,
        rng: random.Random,
        unit_types: Mapping[str, str],
        limits: Mapping[str, float | None],
    ) -> None:
        self.desk, self.now, self.rng = desk, now, rng
        self.unit_types, self.limits = unit_types, limits
        self.sessions = {o.session_id: o for o in openings}
        self.by_service: dict[str, list[Opening]] = {}
        for opening in sorted(openings, key=lambda o: (o.start, o.session_id)):
            self.by_service.setdefault(opening.service_id, []).append(opening)
        # room[session]: free (new, follow-up) slots, less the first appointments planned
        self.room = {
            o.session_id: [o.free_for("first"), o.free_for("follow_up") if o.follow_up_slots else 0]
            for o in openings
        }
        self.booked: dict[int, list[tuple[int, Step]]] = {}
        self.queue: list[tuple[datetime, int, Callable[[datetime], None]]] = []
        self.order = count()
        self.marked_before = last_working_day(openings, now.date())

    def at(self, moment: datetime, action: Callable[[datetime], None]) -> None:
        """Do the action at the moment, if it is not after now."""
        if moment <= self.now:
            heapq.heappush(self.queue, (moment, next(self.order), action))

    def play(self, firsts: Iterable[First]) -> None:
        """Book the first appointments when they were booked, hold the sessions that have
        ended before the last working day, and follow every outcome through, up to now."""
        for first in firsts:
            self.room[first.session_id][0] -= 1
            self.at(first.booked_at, lambda t, f=first: self._book(f.step, f.session_id, t))
        for opening in self.sessions.values():
            if opening.date < self.marked_before:
                self.at(opening.end, lambda _, o=opening: self._hold(o))
        while self.queue:
            moment, _, action = heapq.heappop(self.queue)
            action(moment)

    def _book(self, step: Step, session_id: int, moment: datetime) -> None:
        booking_id = self.desk.book(step.id, session_id, now=moment)
        self.booked.setdefault(session_id, []).append((booking_id, step))

    def _hold(self, opening: Opening) -> None:
        """The session ends: who came, and each outcome; then book what follows."""
        for booking_id, step in self.booked.get(opening.session_id, ()):
            came = self.rng.random() >= self._dna_share(step)
            status = "attended" if came else "did_not_attend"
            self.desk.record_attendance(booking_id, status, now=opening.end)
            follows = step
            if came:
                form = self._form(step, opening)
                step_id = self.desk.record_outcome(booking_id, form)
                if step_id is None:
                    continue
                follows = self._next(step_id, step, opening, form)
                if follows.kind == "follow_up" and self.rng.random() < LEFT_UNBOOKED_SHARE:
                    continue
            else:
                step.dnas += 1
                if self.desk.closed(step.id):
                    continue
            booking_day = datetime.combine(working_day(opening.date + timedelta(days=1)), BOOKED_AT)
            self.at(booking_day, lambda t, s=follows: self._place(s, t))

    def _dna_share(self, step: Step) -> float:
        if step.kind == "first":
            return FIRST_DNA_SHARE
        return AGAIN_DNA_SHARE if step.dnas else LATER_DNA_SHARE

    def _next(self, step_id: int, step: Step, opening: Opening, form: Mapping[str, str]) -> Step:
        """The step an outcome added: a follow-up at the pathway's clinic, or onward."""
        if form["outcome"] == "follow_up":
            due = opening.date + timedelta(weeks=int(form["weeks"]))
            return Step(step_id, "follow_up", step.clinic, step.home, step.clinic, due)
        kind = "diagnostic" if form["outcome"] == "refer_on_diagnostic" else "day_case"
        return Step(step_id, kind, form["service"], step.home, step.clinic)

    def _form(self, step: Step, opening: Opening) -> dict[str, str]:
        """The outcome the clinic records for a patient seen."""
        rng, clinic = self.rng, opening.date
        unit = self.unit_types.get(step.service_id)
        if unit == "theatre":
            return {"outcome": "treated"}
        if unit == "radiology":
            if step.kind == "diagnostic":  # the results, at the clinic that asked
                return {"outcome": "follow_up", "weeks": str(rng.choice(RESULTS_WEEKS))}
            return {"outcome": "discharged"}  # a GP's test: the report goes to the GP
        weights = FIRST_OUTCOMES if step.kind == "first" else FOLLOW_UP_OUTCOMES
        [outcome] = rng.choices(list(weights), weights=list(weights.values()))
        tests = [t for t in TESTS.get(step.service_id, ()) if t in self.by_service]
        day_case = DAY_CASE_LISTS.get(step.service_id)
        if outcome == "follow_up":
            return {"outcome": outcome, "weeks": str(rng.choice(FOLLOW_UP_WEEKS))}
        if outcome == "refer_on_diagnostic" and tests:
            return {"outcome": outcome, "service": rng.choice(tests)}
        if outcome == "decision_to_treat" and day_case in self.by_service:
            return {"outcome": outcome, "service": day_case}
        if outcome == "patient_initiated":
            return {
                "outcome": outcome,
                "expiry": (clinic + timedelta(weeks=PIFU_WEEKS)).isoformat(),
            }
        if outcome in ("refer_on_diagnostic", "decision_to_treat"):
            return {"outcome": "treated"}
        return {"outcome": outcome}

    def _place(self, step: Step, moment: datetime) -> None:
        """Book the step into a session of its service, as the desk would that day."""
        if step.kind == "follow_up" and step.due > moment.date() + timedelta(
            weeks=BOOK_AHEAD_WEEKS
        ):
            return  # it waits on the partial-booking list
        notice = DAY_CASE_NOTICE_DAYS if step.kind == "day_case" else NOTICE_DAYS
        slot = 1 if step.kind == "follow_up" else 0
        limit = self.limits.get(step.service_id)
        fits = [
            o
            for o in self.by_service.get(step.service_id, ())
            if o.start >= moment + timedelta(days=notice)
            and self.room[o.session_id][slot] > 0
            and within(step.home, o, limit)
        ]
        if step.kind == "follow_up":  # the last clinic before it is due, else the first
            before = [o for o in fits if o.date <= step.due]
            fits = before[-1:] or fits
        if fits:
            self.room[fits[0].session_id][slot] -= 1
            self._book(step, fits[0].session_id, moment)
