"""The rows referral analysis keeps beside the booking desk's own referrals.

- `ReferralCopy`: a referral a practice made that the desk does not hold (to the district
  hospital or elsewhere, or before the service began), copied to the data assessment centre
  with what is known of its outcome. The desk's own GP referrals are analysed where they are
  (`booking.models.Referral`, first steps): see referral_analysis/facts.py, the one place
  the two are read together.
- `Finding`: a patient's unmet need or a doctor's educational need (a PUN or a DEN) found
  in a practice's referrals, with the action agreed and who owns it.
- `DemandSnapshot`: a scenario's planning demand as it was before the forecast replaced it,
  kept to compare with and to put back.
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database.constraints import one_of
from extensions import db
from inputs.models import Practice, Service

PRIORITIES = ("urgent", "routine")
FINDING_KINDS = {
    "unmet_need": "Patients' unmet need (PUN)",
    "educational_need": "Doctors' educational need (DEN)",
}
FINDING_STATUSES = ("open", "done")


def _now() -> datetime:
    return datetime.now(UTC)


class ReferralCopy(db.Model):
    """A practice's referral copied to the data assessment centre (not one the desk holds)."""

    __tablename__ = "referral_copy"
    __table_args__ = (
        sa.CheckConstraint(one_of("priority", PRIORITIES), name="priority_known"),
        sa.CheckConstraint("seen_on IS NULL OR seen_on >= referred_on", name="seen_after"),
        sa.CheckConstraint("missed >= 0", name="missed_not_negative"),
        sa.Index("ix_referral_copy_service_referred", "service_id", "referred_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = mapped_column(sa.ForeignKey("practice.id"), index=True)
    service_id: Mapped[str] = mapped_column(sa.ForeignKey("service.id"))
    referred_on: Mapped[date] = mapped_column(index=True)
    priority: Mapped[str] = mapped_column(sa.String(10), default="routine")
    provider: Mapped[str] = mapped_column(sa.String(200), default="")  # referred to whom
    seen_on: Mapped[date | None]  # first seen, if known
    seen_at: Mapped[str | None] = mapped_column(sa.String(200))  # where first seen
    missed: Mapped[int] = mapped_column(default=0)  # appointments not attended
    source: Mapped[str] = mapped_column(sa.String(200), default="")


class Finding(db.Model):
    """A PUN or DEN recorded against a practice (and a service, or all of them)."""

    __tablename__ = "referral_finding"
    __table_args__ = (
        sa.CheckConstraint(one_of("kind", FINDING_KINDS), name="kind_known"),
        sa.CheckConstraint(one_of("status", FINDING_STATUSES), name="status_known"),
        sa.CheckConstraint("status = 'open' OR done_on IS NOT NULL", name="done_dated"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = mapped_column(sa.ForeignKey("practice.id"), index=True)
    service_id: Mapped[str | None] = mapped_column(sa.ForeignKey("service.id"))  # None: all
    kind: Mapped[str] = mapped_column(sa.String(20))
    evidence: Mapped[str] = mapped_column(sa.Text)
    action: Mapped[str] = mapped_column(sa.Text)  # the action agreed
    owner: Mapped[str] = mapped_column(sa.String(200))
    review_on: Mapped[date]
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    done_on: Mapped[date | None]
    done_note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_now)
    created_by: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(server_default="1")
    practice: Mapped[Practice] = relationship()
    service: Mapped[Service | None] = relationship()
    __mapper_args__ = {"version_id_col": version}


class DemandSnapshot(db.Model):
    """A scenario's demand rows (new referrals per week) before the forecast replaced them."""

    __tablename__ = "demand_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[str] = mapped_column(
        sa.ForeignKey("scenario.id", ondelete="CASCADE"), index=True
    )
    # [{"practice_id", "service_id", "per_week", "source"}] for every pair of the scenario's
    # practices and services that had a row.
    rows: Mapped[list[dict]] = mapped_column(sa.JSON)
    # The rows the forecast wrote in their place, in the same form: an undo that would undo
    # later changes to them says so first.
    written: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)
    taken_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_now)
    taken_by: Mapped[str] = mapped_column(sa.String(64))
    restored_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
