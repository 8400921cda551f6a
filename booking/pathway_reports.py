"""The waiting-time standards over the whole waiting list: RTT and diagnostics.

The RTT report counts incomplete pathways (the clock still running) by weeks waited, in NHS
England's bands, and the share within 18 weeks against the 92% standard; the diagnostics report
counts tests still to be done and the share waiting 6 weeks or more against the 1% standard
(DM01). Both count in the database, grouped by the day each wait began, and put each group in
its band with the rules of pathways/rtt.py, so the figures stay cheap for a long list.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from booking.models import Booking, Referral
from extensions import db
from inputs.models import Practice, Service
from pathways.models import Pathway
from pathways.rtt import (
    DIAGNOSTIC_STANDARD,
    RTT_STANDARD,
    WAIT_BANDS,
    Clock,
    DiagnosticClock,
    band,
    band_label,
)
from spreadsheets.safe_cells import safe_row

# Tests a GP books directly (no consultant-led pathway): waits for the diagnostics report,
# not RTT pathways. Their pathway's clock never stops at a clinic outcome.
DIRECT_ACCESS_UNIT_TYPES = ("radiology",)
RTT_PERCENTILE = 92  # the wait 92% of pathways are within: the standard seen from the other side
GROUPS = {"all": "All", "service": "Service", "locality": "Locality"}


@dataclass(frozen=True)
class Waits:
    """How long a group of patients has waited so far: days waited -> how many."""

    counts: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def within(self, ok) -> int:
        """How many waits of a length `ok(days)` accepts."""
        return sum(n for days, n in self.counts.items() if ok(days))

    def percentile_weeks(self, percent: int) -> int | None:
        """The weeks waited within which `percent`% of the group falls (nearest rank)."""
        rank, seen = -(-self.total * percent // 100), 0
        for days in sorted(self.counts):
            seen += self.counts[days]
            if seen >= rank:
                return days // 7
        return None


def _merged(parts: Iterable[Waits]) -> Waits:
    counts: dict[int, int] = {}
    for part in parts:
        for days, n in part.counts.items():
            counts[days] = counts.get(days, 0) + n
    return Waits(counts)


@dataclass(frozen=True)
class RttRow:
    """Incomplete pathways of one group (all, a service or a locality) by weeks waited."""

    group: str  # a key of GROUPS
    label: str
    bands: tuple[int, ...]  # pathways in each of WAIT_BANDS
    within_18_weeks: int
    p92_weeks: int | None  # 92% of the group have waited this many weeks or fewer

    @property
    def total(self) -> int:
        return sum(self.bands)

    @property
    def share_within(self) -> float | None:
        return self.within_18_weeks / self.total if self.total else None

    @property
    def meets_standard(self) -> bool | None:
        """Whether at least 92% have waited 18 weeks or less (None: nobody waiting)."""
        share = self.share_within
        return None if share is None else share >= RTT_STANDARD


def _rtt_row(group: str, label: str, waits: Waits, today: date) -> RttRow:
    bands = [0] * len(WAIT_BANDS)
    for days, n in waits.counts.items():
        bands[WAIT_BANDS.index(band(days))] += n
    within = waits.within(lambda days: _started(days, today).within_standard(today))
    return RttRow(group, label, tuple(bands), within, waits.percentile_weeks(RTT_PERCENTILE))


def _started(days: int, today: date) -> Clock:
    """A running clock that has waited `days` days by today."""
    return Clock(started=today - timedelta(days=days))


def _grouped(query: sa.Select, today: date) -> dict[tuple[str, str], Waits]:
    """Run a select of (service_id, locality, started, count) into waits per group."""
    found: dict[tuple[str, str], dict[int, int]] = {}
    for service_id, locality, started, n in db.session.execute(query):
        counts = found.setdefault((service_id, locality), {})
        days = max(0, (today - started).days)  # a referral dated ahead has waited no time yet
        counts[days] = counts.get(days, 0) + n
    return {key: Waits(counts) for key, counts in found.items()}


def _filtered(query: sa.Select, service: str, locality: str) -> sa.Select:
    if service:
        query = query.where(Referral.service_id == service)
    if locality:
        query = query.where(Practice.locality == locality)
    return query


def _by(groups: dict[tuple[str, str], Waits], index: int) -> list[tuple[str, Waits]]:
    """The groups merged by service id (index 0) or by locality (index 1), in key order."""
    keys = sorted({key[index] for key in groups})
    return [(k, _merged(w for key, w in groups.items() if key[index] == k)) for k in keys]


def _by_service(groups: dict[tuple[str, str], Waits]) -> list[tuple[str, Waits]]:
    """The groups merged by service, named and in the order of their names."""
    names = dict(db.session.execute(sa.select(Service.id, Service.name)).all())
    return sorted(((names.get(s, s), w) for s, w in _by(groups, 0)), key=lambda item: item[0])


def incomplete_rtt() -> tuple[sa.ColumnElement[bool], ...]:
    """SQL for an incomplete RTT pathway, on a query joining Pathway and its first step's
    Service: the clock runs (not stopped, nullified or ended), and the pathway is not a test
    the GP booked directly."""
    return (
        Pathway.stopped.is_(None),
        Pathway.nullified.is_(False),
        Pathway.ended.is_(None),
        Service.unit_type.not_in(DIRECT_ACCESS_UNIT_TYPES),
    )


def rtt_report(today: date, service: str = "", locality: str = "") -> list[RttRow]:
    """Incomplete RTT pathways by weeks waited: all, then by service, then by locality.

    A pathway counts while its clock runs (not stopped, not nullified, not ended); its
    service is that of its first step (the GP's referral), its locality that of the patient's
    practice. Direct-access tests are left to the diagnostics report.
    """
    first = (
        sa.select(Referral.pathway_id, sa.func.min(Referral.id).label("referral_id"))
        .where(Referral.kind == "first")
        .group_by(Referral.pathway_id)
        .subquery()
    )
    query = (
        sa.select(Referral.service_id, Practice.locality, Pathway.started, sa.func.count())
        .select_from(Pathway)
        .join(first, first.c.pathway_id == Pathway.id)
        .join(Referral, Referral.id == first.c.referral_id)
        .join(Service, Service.id == Referral.service_id)
        .join(Practice, Practice.id == Referral.practice_id)
        .where(*incomplete_rtt())
        .group_by(Referral.service_id, Practice.locality, Pathway.started)
    )
    groups = _grouped(_filtered(query, service, locality), today)
    rows = [_rtt_row("all", "All pathways", _merged(groups.values()), today)]
    rows += [_rtt_row("service", name, w, today) for name, w in _by_service(groups)]
    rows += [_rtt_row("locality", place, w, today) for place, w in _by(groups, 1)]
    return rows


def band_labels() -> list[str]:
    return [band_label(low, high) for low, high in WAIT_BANDS]


def rtt_csv(rows: list[RttRow]) -> str:
    """The RTT report as CSV: one row per group and band, with the group's share within 18
    weeks and whether it meets the standard."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        (
            "group",
            "name",
            "weeks_waited",
            "pathways",
            "group_pathways",
            "within_18_weeks",
            "share_within_18_weeks",
            "meets_92_percent",
        )
    )
    for row in rows:
        share = "" if row.share_within is None else f"{row.share_within:.4f}"
        meets = {None: "", True: "yes", False: "no"}[row.meets_standard]
        for label, n in zip(band_labels(), row.bands, strict=True):
            writer.writerow(
                safe_row(
                    [row.group, row.label, label, n, row.total, row.within_18_weeks, share, meets]
                )
            )
    return out.getvalue()


@dataclass(frozen=True)
class DiagnosticRow:
    """Tests still to be done, of one group (all, or one test), and how long they wait."""

    group: str  # "all" or "test"
    label: str
    waiting: int
    six_weeks_or_more: int
    longest_weeks: int | None

    @property
    def share_over(self) -> float | None:
        return self.six_weeks_or_more / self.waiting if self.waiting else None

    @property
    def meets_standard(self) -> bool | None:
        """Whether at most 1% have waited 6 weeks or more (None: nobody waiting)."""
        share = self.share_over
        return None if share is None else share <= DIAGNOSTIC_STANDARD


def _diagnostic_row(group: str, label: str, waits: Waits, today: date) -> DiagnosticRow:
    over = waits.within(
        lambda days: DiagnosticClock(today - timedelta(days=days)).over_six_weeks(today)
    )
    longest = max(waits.counts, default=None)
    return DiagnosticRow(group, label, waits.total, over, None if longest is None else longest // 7)


def diagnostics_report(today: date, service: str = "", locality: str = "") -> list[DiagnosticRow]:
    """Diagnostic tests still to be done, waiting since their request: all, then by test.

    A wait is a diagnostic step requested at a clinic, or a direct-access test (the first
    step of a radiology service), neither closed nor attended yet (booked or not).
    """
    attended = sa.select(Booking.referral_id).where(Booking.status == "attended")
    direct = sa.and_(Referral.kind == "first", Service.unit_type.in_(DIRECT_ACCESS_UNIT_TYPES))
    query = (
        sa.select(Referral.service_id, Practice.locality, Referral.referral_date, sa.func.count())
        .join(Service, Service.id == Referral.service_id)
        .join(Practice, Practice.id == Referral.practice_id)
        .where(
            Referral.closed_on.is_(None),
            Referral.id.not_in(attended),
            sa.or_(Referral.kind == "diagnostic", direct),
        )
        .group_by(Referral.service_id, Practice.locality, Referral.referral_date)
    )
    groups = _grouped(_filtered(query, service, locality), today)
    rows = [_diagnostic_row("all", "All tests", _merged(groups.values()), today)]
    rows += [_diagnostic_row("test", name, w, today) for name, w in _by_service(groups)]
    return rows


def diagnostics_csv(rows: list[DiagnosticRow]) -> str:
    """The diagnostics report as CSV, one row per group."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        (
            "group",
            "name",
            "waiting",
            "waiting_6_weeks_or_more",
            "share_6_weeks_or_more",
            "meets_1_percent",
            "longest_weeks",
        )
    )
    for row in rows:
        share = "" if row.share_over is None else f"{row.share_over:.4f}"
        meets = {None: "", True: "yes", False: "no"}[row.meets_standard]
        longest = "" if row.longest_weeks is None else row.longest_weeks
        writer.writerow(
            safe_row(
                [row.group, row.label, row.waiting, row.six_weeks_or_more, share, meets, longest]
            )
        )
    return out.getvalue()
