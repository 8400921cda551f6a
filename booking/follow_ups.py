"""Follow-ups: the partial-booking list, and the first-to-follow-up ratio against its cap.

A follow-up asked for at a clinic outcome waits on the partial-booking list, with the day it
is due, until it is booked. Those past their due date come first, then those due within two
weeks, so the desk books them before they slip. The ratio of follow-up to first attendances
shows whether a service keeps within the cap its commissioners set.
"""

import calendar
import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from booking.models import LIVE_STATUSES, Booking, Referral
from extensions import db
from inputs.models import Practice, Service
from plans.models import ClinicSession
from spreadsheets.safe_cells import safe_row

DUE_WITHIN_DAYS = 14  # follow-ups due this soon are listed with those already overdue
PERIODS_MONTHS = (3, 6, 12, 24)  # the periods the ratio may be taken over
DEFAULT_MONTHS = 12
CSV_COLUMNS = ("nhs_number", "name", "service", "locality", "due_date", "days_overdue")


@dataclass(frozen=True)
class DueFollowUp:
    """A follow-up not yet booked, and how far past its due date it is."""

    referral: Referral
    service_name: str
    locality: str
    days_overdue: int  # 0 or less while it is not yet due

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass(frozen=True)
class PartialBookingList:
    """Follow-ups to book: past their due date, due soon, and how many more wait."""

    overdue: list[DueFollowUp]
    due_soon: list[DueFollowUp]
    later: int  # due after the next two weeks, or with no due date

    @property
    def items(self) -> list[DueFollowUp]:
        return self.overdue + self.due_soon


def partial_booking_list(today: date, service: str = "", locality: str = "") -> PartialBookingList:
    """Follow-ups neither booked nor attended nor closed: those overdue (longest first) and
    those due within DUE_WITHIN_DAYS, by due date; the count of the rest."""
    held = sa.select(Booking.referral_id).where(Booking.status.in_((*LIVE_STATUSES, "attended")))
    query = (
        sa.select(Referral, Service.name, Practice.locality)
        .join(Service, Service.id == Referral.service_id)
        .join(Practice, Practice.id == Referral.practice_id)
        .where(Referral.kind == "follow_up", Referral.closed_on.is_(None), Referral.id.not_in(held))
    )
    if service:
        query = query.where(Referral.service_id == service)
    if locality:
        query = query.where(Practice.locality == locality)
    horizon = today + timedelta(days=DUE_WITHIN_DAYS)
    soon = query.where(Referral.due_date <= horizon).order_by(Referral.due_date, Referral.id)
    items = [
        DueFollowUp(referral, name, place, (today - referral.due_date).days)
        for referral, name, place in db.session.execute(soon)
    ]
    later = db.session.scalar(
        query.with_only_columns(sa.func.count()).where(
            sa.or_(Referral.due_date.is_(None), Referral.due_date > horizon)
        )
    )
    return PartialBookingList(
        overdue=[i for i in items if i.overdue],
        due_soon=[i for i in items if not i.overdue],
        later=later,
    )


def follow_up_csv(items: list[DueFollowUp]) -> str:
    """The partial-booking list as a worklist CSV, its text safe from formula injection."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in items:
        referral = item.referral
        writer.writerow(
            safe_row(
                [
                    referral.nhs_number,
                    referral.name,
                    item.service_name,
                    item.locality,
                    referral.due_date.isoformat(),
                    max(item.days_overdue, 0),
                ]
            )
        )
    return out.getvalue()


@dataclass(frozen=True)
class Ratio:
    """A service's first and follow-up attendances over a period, against its cap."""

    service_id: str
    service_name: str
    firsts: int
    follow_ups: int
    cap: float | None  # commissioned follow-ups per first attendance (None: no cap)

    @property
    def ratio(self) -> float | None:
        """Follow-up attendances per first attendance (None without a first one)."""
        return self.follow_ups / self.firsts if self.firsts else None

    @property
    def over_cap(self) -> bool | None:
        """Whether the ratio is above the cap (None: no cap, or no ratio)."""
        if self.cap is None or self.ratio is None:
            return None
        return self.ratio > self.cap


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (that month's last day if it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def follow_up_ratios(since: date, today: date, service: str = "") -> list[Ratio]:
    """First and follow-up attendances per service, by session date from `since` to today,
    and each service's cap: the services that plan follow-ups (a ratio or a cap) or saw
    any; tests and lists with neither are left out."""
    query = (
        sa.select(Referral.service_id, Referral.kind, sa.func.count())
        .select_from(Booking)
        .join(Referral, Referral.id == Booking.referral_id)
        .join(ClinicSession, ClinicSession.id == Booking.session_id)
        .where(
            Booking.status == "attended",
            Referral.kind.in_(("first", "follow_up")),
            ClinicSession.date.between(since, today),
        )
        .group_by(Referral.service_id, Referral.kind)
    )
    if service:
        query = query.where(Referral.service_id == service)
    counts = {(s, kind): n for s, kind, n in db.session.execute(query)}
    services = db.session.scalars(sa.select(Service).order_by(Service.name))
    return [
        Ratio(
            s.id,
            s.name,
            counts.get((s.id, "first"), 0),
            counts.get((s.id, "follow_up"), 0),
            s.follow_up_cap,
        )
        for s in services
        if service in ("", s.id)
        and (s.follow_up_ratio or s.follow_up_cap is not None or (s.id, "follow_up") in counts)
    ]
