"""Units, services and clinicians: what the tour can offer."""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from extensions import db

UNIT_TYPES = ("outpatient", "theatre", "radiology")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PERIODS = ("AM", "PM")
_UNIT_TYPE_SQL = "('outpatient', 'theatre', 'radiology')"


class Unit(db.Model):
    """One truck-mounted facility."""

    __tablename__ = "unit"
    __table_args__ = (
        sa.CheckConstraint(f"type IN {_UNIT_TYPE_SQL}", name="type_known"),
        sa.CheckConstraint("rooms >= 1", name="rooms_positive"),
        sa.CheckConstraint("setup_days >= 0", name="setup_days_not_negative"),
    )

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


class UnitOutage(db.Model):
    """A date range (inclusive) of maintenance or off-road time."""

    __tablename__ = "unit_outage"
    __table_args__ = (sa.CheckConstraint("start <= finish", name="range_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    start: Mapped[date]
    finish: Mapped[date]
    unit: Mapped[Unit] = relationship(back_populates="outages")


class Service(db.Model):
    """What one session delivers, e.g. a dermatology clinic or an MRI list."""

    __tablename__ = "service"
    __table_args__ = (
        sa.CheckConstraint(f"unit_type IN {_UNIT_TYPE_SQL}", name="unit_type_known"),
        sa.CheckConstraint("slots_per_session >= 1", name="slots_positive"),
        sa.CheckConstraint("max_wait_weeks IS NULL OR max_wait_weeks >= 0", name="wait"),
        sa.CheckConstraint("max_travel_km IS NULL OR max_travel_km > 0", name="travel"),
    )

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    unit_type: Mapped[str] = mapped_column(sa.String(20))
    capability: Mapped[str | None] = mapped_column(sa.String(64))
    slots_per_session: Mapped[int]
    staff: Mapped[list[str]] = mapped_column(sa.JSON)  # one clinician per entry, may repeat
    max_wait_weeks: Mapped[int | None]
    max_travel_km: Mapped[float | None]
    source: Mapped[str] = mapped_column(sa.Text, default="")


class Clinician(db.Model):
    """A consultant, surgeon, anaesthetist or radiographer who runs sessions."""

    __tablename__ = "clinician"
    __table_args__ = (
        sa.CheckConstraint("max_travel_km IS NULL OR max_travel_km > 0", name="travel"),
        sa.CheckConstraint(
            "max_sessions_per_week IS NULL OR max_sessions_per_week >= 0", name="weekly_cap"
        ),
        sa.CheckConstraint("(base_lat IS NULL) = (base_lon IS NULL)", name="base_both_or_none"),
    )

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


class ClinicianLeave(db.Model):
    """A date range (inclusive) of leave."""

    __tablename__ = "clinician_leave"
    __table_args__ = (sa.CheckConstraint("start <= finish", name="range_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    clinician_id: Mapped[str] = mapped_column(
        sa.ForeignKey("clinician.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[date]
    finish: Mapped[date]
    clinician: Mapped[Clinician] = relationship(back_populates="leave")
