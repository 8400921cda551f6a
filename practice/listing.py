"""A practice's own referrals, newest first, each with where it stands and its appointment."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from booking.models import Referral
from booking.openings import Opening, load_openings
from booking.waiting import Entry, entries
from choice.models import ChoiceOffer
from extensions import db
from plans.models import ClinicSession

PAGE_ROWS = 50  # referrals on one page of a practice's list


@dataclass(frozen=True)
class Row:
    """One referral of the practice's list."""

    entry: Entry
    appointment: Opening | None  # the session of its appointment still to come
    shortlists: int  # shortlists printed for it

    @property
    def referral(self) -> Referral:
        return self.entry.referral

    @property
    def status(self) -> str:
        """Where it stands in a word or two."""
        if self.entry.booking is not None:
            return "Booked"
        return {"seen": "Seen", "closed": "Closed"}.get(self.entry.risk, "Waiting")


@dataclass(frozen=True)
class Listing:
    rows: list[Row]
    total: int
    page: int
    pages: int


def practice_referrals(practice_id: str, now: datetime, page: int = 1) -> Listing:
    """One page of the practice's referrals, newest first; no other practice's."""
    mine = Referral.practice_id == practice_id
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Referral).where(mine))
    pages = max(1, -(-total // PAGE_ROWS))
    page = min(max(page, 1), pages)
    referrals = list(
        db.session.scalars(
            sa.select(Referral)
            .where(mine)
            .order_by(Referral.referral_date.desc(), Referral.id.desc())
            .offset((page - 1) * PAGE_ROWS)
            .limit(PAGE_ROWS)
        )
    )
    found = entries(referrals, now)
    sessions = [e.booking.session_id for e in found if e.booking is not None]
    appointments = {
        o.session_id: o
        for o in load_openings(
            sa.select(ClinicSession).where(ClinicSession.id.in_(sessions)), include_full=True
        )
    }
    shortlists = dict(
        db.session.execute(
            sa.select(ChoiceOffer.referral_id, sa.func.count())
            .where(
                ChoiceOffer.referral_id.in_([r.id for r in referrals]),
                ChoiceOffer.outcome == "shortlist",
            )
            .group_by(ChoiceOffer.referral_id)
        ).all()
    )
    rows = [
        Row(
            entry=e,
            appointment=appointments.get(e.booking.session_id) if e.booking else None,
            shortlists=shortlists.get(e.referral.id, 0),
        )
        for e in found
    ]
    return Listing(rows, total, page, pages)
