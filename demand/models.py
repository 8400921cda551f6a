"""Demand rows: practice × service × referrals per week."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from extensions import db


class Demand(db.Model):
    """New referrals per week from one practice for one service."""

    __tablename__ = "demand"
    __table_args__ = (
        sa.UniqueConstraint("practice_id", "service_id"),
        sa.CheckConstraint("per_week >= 0", name="per_week_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = mapped_column(
        sa.ForeignKey("practice.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[str] = mapped_column(
        sa.ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    per_week: Mapped[float]
    source: Mapped[str] = mapped_column(sa.Text, default="")
