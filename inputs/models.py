"""The planning inputs as rows: sites, practices, units, services, clinicians and demand.

Their CHECK constraints are built from the columns' rules in `inputs.columns`.
"""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from extensions import db
from inputs.columns import (
    CLINICIAN_BASE,
    CLINICIAN_COLUMNS,
    DEMAND_COLUMNS,
    PRACTICE_COLUMNS,
    SERVICE_COLUMNS,
    SERVICE_TEMPLATE,
    SITE_COLUMNS,
    UNIT_COLUMNS,
    checks,
)


class DateRange:
    """A date range (inclusive): a site's closure, a unit's outage, a clinician's leave."""

    id: Mapped[int] = mapped_column(primary_key=True)
    start: Mapped[date]
    finish: Mapped[date]

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        return (sa.CheckConstraint("start <= finish", name="range_in_order"),)


class Site(db.Model):
    """A place where a truck-mounted unit can stand (power, hard standing)."""

    __tablename__ = "site"
    __table_args__ = checks(SITE_COLUMNS)

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


class SiteClosure(DateRange, db.Model):
    """Days on which a site cannot host a unit."""

    __tablename__ = "site_closure"

    site_id: Mapped[str] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"), index=True)
    site: Mapped[Site] = relationship(back_populates="closures")


class Practice(db.Model):
    """A GP practice: the source of referral demand."""

    __tablename__ = "practice"
    __table_args__ = checks(PRACTICE_COLUMNS)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)  # ODS code
    name: Mapped[str] = mapped_column(sa.String(200))
    locality: Mapped[str] = mapped_column(sa.String(100), index=True)
    postcode: Mapped[str | None] = mapped_column(sa.String(10))
    lat: Mapped[float]
    lon: Mapped[float]
    list_size: Mapped[int | None]
    list_size_date: Mapped[date | None]  # when the list was counted
    source: Mapped[str] = mapped_column(sa.Text, default="")


class Unit(db.Model):
    """One truck-mounted facility."""

    __tablename__ = "unit"
    __table_args__ = checks(UNIT_COLUMNS)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    type: Mapped[str] = mapped_column(sa.String(20))
    rooms: Mapped[int]
    capabilities: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    setup_days: Mapped[int] = mapped_column(default=0)
    source: Mapped[str] = mapped_column(sa.Text, default="")
    outages: Mapped[list["UnitOutage"]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="UnitOutage.id"
    )


class UnitOutage(DateRange, db.Model):
    """Days of maintenance or off-road time."""

    __tablename__ = "unit_outage"

    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    unit: Mapped[Unit] = relationship(back_populates="outages")


class Service(db.Model):
    """What one session delivers, e.g. a dermatology clinic or an MRI list."""

    __tablename__ = "service"
    __table_args__ = checks(SERVICE_COLUMNS, across=(SERVICE_TEMPLATE,))

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    unit_type: Mapped[str] = mapped_column(sa.String(20))
    capability: Mapped[str | None] = mapped_column(sa.String(64))
    slots_per_session: Mapped[int]  # every appointment of a session, new and follow-up
    follow_up_slots: Mapped[int] = mapped_column(default=0)  # of those, kept for follow-ups
    staff: Mapped[list[str]] = mapped_column(sa.JSON)  # one clinician per entry, may repeat
    max_wait_weeks: Mapped[int | None]
    max_travel_km: Mapped[float | None]
    follow_up_ratio: Mapped[float] = mapped_column(default=0.0)  # follow-ups per first
    follow_up_cap: Mapped[float | None]  # the commissioned cap on that ratio
    follow_up_weeks: Mapped[int | None]  # a follow-up is due within this many weeks
    source: Mapped[str] = mapped_column(sa.Text, default="")


class Clinician(db.Model):
    """A consultant, surgeon, anaesthetist or radiographer who runs sessions."""

    __tablename__ = "clinician"
    __table_args__ = checks(CLINICIAN_COLUMNS, across=(CLINICIAN_BASE,))

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    skills: Mapped[list[str]] = mapped_column(sa.JSON)
    base: Mapped[str] = mapped_column(sa.String(200), default="")
    base_lat: Mapped[float | None]
    base_lon: Mapped[float | None]
    max_travel_km: Mapped[float | None]
    availability: Mapped[list[str]] = mapped_column(sa.JSON)  # job plan, e.g. ["Mon-AM"]
    max_sessions_per_week: Mapped[int | None]
    source: Mapped[str] = mapped_column(sa.Text, default="")
    leave: Mapped[list["ClinicianLeave"]] = relationship(
        back_populates="clinician", cascade="all, delete-orphan", order_by="ClinicianLeave.id"
    )


class ClinicianLeave(DateRange, db.Model):
    """Days of leave."""

    __tablename__ = "clinician_leave"

    clinician_id: Mapped[str] = mapped_column(
        sa.ForeignKey("clinician.id", ondelete="CASCADE"), index=True
    )
    clinician: Mapped[Clinician] = relationship(back_populates="leave")


class Demand(db.Model):
    """New referrals per week from one practice for one service."""

    __tablename__ = "demand"
    __table_args__ = (sa.UniqueConstraint("practice_id", "service_id"), *checks(DEMAND_COLUMNS))

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[str] = mapped_column(
        sa.ForeignKey("practice.id", ondelete="CASCADE"), index=True
    )
    service_id: Mapped[str] = mapped_column(
        sa.ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    per_week: Mapped[float]
    source: Mapped[str] = mapped_column(sa.Text, default="")
