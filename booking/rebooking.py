"""Patients to rebook: appointments the service cancelled (one by one or with a whole
session) or left in a session no published plan runs, with the best replacement slots."""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from booking.finder import Offer, best_offers
from booking.models import LIVE_STATUSES, Booking, Referral, SessionCancellation
from booking.waiting import Entry, entries
from extensions import db
from plans.models import ClinicSession, Plan

_FAR = date.max  # a step with no breach date sorts last


@dataclass(frozen=True)
class Rebook:
    """A patient whose appointment the service has to find again, with the best slots."""

    entry: Entry
    booking: Booking
    reason: str
    days_left: int | None  # to the breach date (0 or less once breached)
    offers: list[Offer]  # the best free slots to offer instead, best first


CANCELLED_BY_SERVICE = "Cancelled by the service"
SESSION_CANCELLED = "Session cancelled by the service: {}"
UNPUBLISHED = "Session no longer in the published plan"
REBOOK_OFFERS = 3  # replacement slots shown for each patient to rebook


def _cancelled_by_service() -> list[Booking]:
    """The service's cancellations that left the referral with nothing since: its latest
    booking, and none held, attended or missed; not for a step that has closed (its
    pathway ended)."""
    holding = sa.select(Booking.referral_id).where(
        Booking.status.in_((*LIVE_STATUSES, "attended", "did_not_attend"))
    )
    later = sa.select(sa.func.max(Booking.id)).group_by(Booking.referral_id)
    closed = sa.select(Referral.id).where(Referral.closed_on.is_not(None))
    return list(
        db.session.scalars(
            sa.select(Booking).where(
                Booking.referral_id.not_in(closed),
                Booking.status == "cancelled",
                Booking.cancelled_by == "service",
                Booking.referral_id.not_in(holding),
                Booking.id.in_(later),
            )
        )
    )


def to_rebook(now: datetime, *, offers: int = REBOOK_OFFERS) -> list[Rebook]:
    """Patients to rebook, the nearest breach date first: booked into a session no published
    plan runs any more, or whose appointment (or whole session) the service cancelled and who
    have no appointment since; each with the reason and up to `offers` replacement slots."""
    unpublished = list(
        db.session.scalars(
            sa.select(Booking)
            .join(ClinicSession, ClinicSession.id == Booking.session_id)
            .join(Plan, Plan.id == ClinicSession.plan_id)
            .where(Booking.status.in_(LIVE_STATUSES), Plan.status != "published")
        )
    )
    cancelled = _cancelled_by_service()
    sessions_off = {
        c.session_id: c
        for c in db.session.scalars(
            sa.select(SessionCancellation).where(
                SessionCancellation.session_id.in_({b.session_id for b in cancelled})
            )
        )
    }
    referrals = [b.referral for b in unpublished + cancelled]
    by_referral = {e.referral.id: e for e in entries(referrals, now)}
    best = best_offers(referrals, now, limit=offers)

    def item(booking: Booking, reason: str) -> Rebook:
        entry = by_referral[booking.referral_id]
        days_left = entry.clock.days_left(now.date())
        return Rebook(entry, booking, reason, days_left, best[booking.referral_id])

    found = [item(b, UNPUBLISHED) for b in unpublished]
    for booking in cancelled:
        off = sessions_off.get(booking.session_id)
        found.append(
            item(booking, SESSION_CANCELLED.format(off.said) if off else CANCELLED_BY_SERVICE)
        )
    urgent = {"urgent": 0, "routine": 1}
    return sorted(
        found,
        key=lambda r: (
            r.entry.clock.breach_date or _FAR,
            urgent[r.entry.referral.priority],
            r.booking.id,
        ),
    )
