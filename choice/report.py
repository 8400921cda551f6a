"""The choice report: the share of patients offered two or more sites and two or more dates,
by practice, by where the offer was made (at the practice or by the booking desk) and
overall, over a period.

A patient counts once per referral: everything offered for a referral within the period is
taken together, so a patient shown two sites on one day and a third another day was offered
two sites and two dates. In the lines by channel a referral offered appointments both at
its practice and by the desk counts once in each, with what that channel offered.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa

from choice.models import CHANNEL_LABELS, CHANNELS, ChoiceOffer, ChoiceOption
from extensions import db
from inputs.models import Practice
from spreadsheets.safe_cells import safe_row


@dataclass
class _Offered:
    """What one referral was offered within the period."""

    practice_id: str
    sites: set[str] = field(default_factory=set)
    dates: set[date] = field(default_factory=set)
    outcomes: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class ChoiceLine:
    """One practice's figures, one channel's (practice_id "", channel named), or everyone's
    (neither named)."""

    practice_id: str
    name: str
    patients: int  # referrals offered appointments in the period
    two_sites: int  # of them, offered two or more sites
    two_dates: int  # offered two or more dates
    both: int  # offered two or more sites and two or more dates
    booked: int  # booked one of those offered
    shortlisted: int  # given a printed shortlist
    channel: str = ""  # for a channel's line: choice.models.CHANNELS

    def share(self, count: int) -> float | None:
        """Count as a share of the patients offered appointments (None without any)."""
        return count / self.patients if self.patients else None


def _line(practice_id: str, name: str, offered: list[_Offered], channel: str = "") -> ChoiceLine:
    return ChoiceLine(
        practice_id=practice_id,
        name=name,
        channel=channel,
        patients=len(offered),
        two_sites=sum(len(o.sites) >= 2 for o in offered),
        two_dates=sum(len(o.dates) >= 2 for o in offered),
        both=sum(len(o.sites) >= 2 and len(o.dates) >= 2 for o in offered),
        booked=sum("booked" in o.outcomes for o in offered),
        shortlisted=sum("shortlist" in o.outcomes for o in offered),
    )


@dataclass(frozen=True)
class ChoiceReport:
    lines: list[ChoiceLine]  # every practice, by name
    channels: list[ChoiceLine]  # at the practice, then by the booking desk
    overall: ChoiceLine


def choice_report(start: datetime, end: datetime) -> ChoiceReport:
    """The figures of the offers made from `start` up to (not including) `end`.

    Args:
        start, end: moments with a time zone, bounding when the offers were made.
    """
    rows = db.session.execute(
        sa.select(
            ChoiceOffer.referral_id,
            ChoiceOffer.practice_id,
            ChoiceOffer.channel,
            ChoiceOffer.outcome,
            ChoiceOption.site_id,
            ChoiceOption.date,
        )
        .join(ChoiceOption, ChoiceOption.offer_id == ChoiceOffer.id)
        .where(ChoiceOffer.made_at >= start, ChoiceOffer.made_at < end)
    )
    offered: dict[int, _Offered] = {}
    by_channel: dict[str, dict[int, _Offered]] = {channel: {} for channel in CHANNELS}
    for referral_id, practice_id, channel, outcome, site_id, day in rows:
        for seen in (
            offered.setdefault(referral_id, _Offered(practice_id)),
            by_channel[channel].setdefault(referral_id, _Offered(practice_id)),
        ):
            seen.sites.add(site_id)
            seen.dates.add(day)
            seen.outcomes.add(outcome)
    by_practice: dict[str, list[_Offered]] = {}
    for seen in offered.values():
        by_practice.setdefault(seen.practice_id, []).append(seen)
    practices = db.session.scalars(sa.select(Practice).order_by(Practice.name, Practice.id))
    lines = [_line(p.id, p.name, by_practice.get(p.id, [])) for p in practices]
    channels = [
        _line("", CHANNEL_LABELS[channel], list(by_channel[channel].values()), channel)
        for channel in CHANNELS
    ]
    return ChoiceReport(lines, channels, _line("", "All practices", list(offered.values())))


def choice_csv(report: ChoiceReport) -> str:
    """The report as CSV: one row per practice, one per channel (practice left blank), then
    everyone's."""
    out = io.StringIO()
    writer = csv.writer(out)
    counts = ("two_or_more_sites", "two_or_more_dates", "both", "booked", "shortlisted")
    writer.writerow(
        ("practice", "name", "patients_offered", *counts, *(f"share_{c}" for c in counts))
    )
    for line in [*report.lines, *report.channels, report.overall]:
        numbers = (line.two_sites, line.two_dates, line.both, line.booked, line.shortlisted)
        shares = ["" if line.share(n) is None else f"{line.share(n):.4f}" for n in numbers]
        writer.writerow(safe_row([line.practice_id, line.name, line.patients, *numbers, *shares]))
    return out.getvalue()
