"""Sites and practices: the places of the tour and the sources of demand."""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from extensions import db


class Site(db.Model):
    """A place where a truck-mounted unit can stand (power, hard standing)."""

    __tablename__ = "site"
    __table_args__ = (
        sa.CheckConstraint("pads >= 1", name="pads_positive"),
        sa.CheckConstraint("min_weeks >= 0", name="min_weeks_not_negative"),
        sa.CheckConstraint("lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180", name="latlon"),
    )

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    locality: Mapped[str] = mapped_column(sa.String(100), index=True)
    postcode: Mapped[str | None] = mapped_column(sa.String(10))
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    lat: Mapped[float]
    lon: Mapped[float]
    pads: Mapped[int]
    unit_types: Mapped[list[str]] = mapped_column(sa.JSON)
    min_weeks: Mapped[int] = mapped_column(default=0)
    source: Mapped[str] = mapped_column(sa.Text, default="")
    closures: Mapped[list["SiteClosure"]] = relationship(
        back_populates="site", cascade="all, delete-orphan", order_by="SiteClosure.id"
    )


class SiteClosure(db.Model):
    """A date range (inclusive) in which a site cannot host a unit."""

    __tablename__ = "site_closure"
    __table_args__ = (sa.CheckConstraint("start <= finish", name="range_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[str] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"), index=True)
    start: Mapped[date]
    finish: Mapped[date]
    site: Mapped[Site] = relationship(back_populates="closures")


class Practice(db.Model):
    """A GP practice: the source of referral demand."""

    __tablename__ = "practice"
    __table_args__ = (
        sa.CheckConstraint("list_size >= 0", name="list_size_not_negative"),
        sa.CheckConstraint("lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180", name="latlon"),
    )

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)  # ODS code
    name: Mapped[str] = mapped_column(sa.String(200))
    locality: Mapped[str] = mapped_column(sa.String(100), index=True)
    postcode: Mapped[str | None] = mapped_column(sa.String(10))
    lat: Mapped[float]
    lon: Mapped[float]
    list_size: Mapped[int | None]
    source: Mapped[str] = mapped_column(sa.Text, default="")
