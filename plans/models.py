"""Scenarios (what to plan) and plans (placements and sessions) as database rows."""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database.constraints import one_of
from extensions import db
from inputs.columns import PERIODS
from inputs.models import Clinician, Practice, Service, Site, Unit

PLAN_STATUSES = ("draft", "published")


def _member_table(entity: str) -> sa.Table:
    """Build the association table choosing which entities of one kind a scenario plans with."""
    return sa.Table(
        f"scenario_{entity}",
        db.metadata,
        sa.Column(
            "scenario_id",
            sa.ForeignKey("scenario.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(f"{entity}_id", sa.ForeignKey(f"{entity}.id"), primary_key=True),
    )


scenario_site = _member_table("site")
scenario_unit = _member_table("unit")
scenario_service = _member_table("service")
scenario_practice = _member_table("practice")
scenario_clinician = _member_table("clinician")


def _now() -> datetime:
    return datetime.now(UTC)


class Scenario(db.Model):
    """A planning question: a horizon and the units, sites and services to plan with."""

    __tablename__ = "scenario"
    __table_args__ = (sa.CheckConstraint("weeks BETWEEN 1 AND 52", name="weeks_in_range"),)

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    start: Mapped[date]
    weeks: Mapped[int]
    weekdays: Mapped[list[str]] = mapped_column(sa.JSON)
    periods: Mapped[list[str]] = mapped_column(sa.JSON)  # the contract's horizon.sessions
    closed_dates: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # ISO dates
    session_times: Mapped[dict | None] = mapped_column(sa.JSON)
    is_sample: Mapped[bool] = mapped_column(default=False)
    # Contract extras we do not model (costs, weights, generator...), kept for round trips.
    extras: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Fixed items that came with an imported instance, in the contract's plan form.
    fixed: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_now)

    sites: Mapped[list[Site]] = relationship(secondary=scenario_site, order_by=Site.id)
    units: Mapped[list[Unit]] = relationship(secondary=scenario_unit, order_by=Unit.id)
    services: Mapped[list[Service]] = relationship(secondary=scenario_service, order_by=Service.id)
    practices: Mapped[list[Practice]] = relationship(
        secondary=scenario_practice, order_by=Practice.id
    )
    clinicians: Mapped[list[Clinician]] = relationship(
        secondary=scenario_clinician, order_by=Clinician.id
    )
    plans: Mapped[list["Plan"]] = relationship(
        back_populates="scenario", cascade="all, delete-orphan", order_by="Plan.id"
    )


class Plan(db.Model):
    """A rotation and session plan for a scenario: a draft, or the published one."""

    __tablename__ = "plan"
    __table_args__ = (
        sa.CheckConstraint(one_of("status", PLAN_STATUSES), name="status_known"),
        # One published plan per scenario.
        sa.Index(
            "uq_plan_published_per_scenario",
            "scenario_id",
            unique=True,
            sqlite_where=sa.text("status = 'published'"),
            postgresql_where=sa.text("status = 'published'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[str] = mapped_column(
        sa.ForeignKey("scenario.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[str] = mapped_column(sa.String(12), default="draft")
    kpis: Mapped[dict | None] = mapped_column(sa.JSON)
    bound: Mapped[float | None]
    # The weights the planner weighed services by (planning for contribution); None: coverage.
    service_weights: Mapped[dict | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=_now)
    published_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Raised by every update; a change decided on an older version is refused.
    version: Mapped[int] = mapped_column(server_default="1")

    scenario: Mapped[Scenario] = relationship(back_populates="plans")
    placements: Mapped[list["Placement"]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="(Placement.week, Placement.unit_id)",
    )
    sessions: Mapped[list["ClinicSession"]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="(ClinicSession.date, ClinicSession.unit_id, ClinicSession.period, "
        "ClinicSession.room)",
    )
    __mapper_args__ = {"version_id_col": version}


class Placement(db.Model):
    """Unit u stands at site s in cycle week w."""

    __tablename__ = "placement"
    __table_args__ = (
        sa.UniqueConstraint("plan_id", "unit_id", "week"),
        sa.CheckConstraint("week >= 0", name="week_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("unit.id"))
    site_id: Mapped[str] = mapped_column(sa.ForeignKey("site.id"))
    week: Mapped[int]
    locked: Mapped[bool] = mapped_column(default=False)
    plan: Mapped[Plan] = relationship(back_populates="placements")


session_clinician = sa.Table(
    "session_clinician",
    db.metadata,
    sa.Column(
        "session_id", sa.ForeignKey("clinic_session.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("clinician_id", sa.ForeignKey("clinician.id"), primary_key=True),
)


class ClinicSession(db.Model):
    """One service run in one room of one unit, on one date, AM or PM."""

    __tablename__ = "clinic_session"
    __table_args__ = (
        sa.UniqueConstraint("plan_id", "unit_id", "date", "period", "room"),
        sa.CheckConstraint(one_of("period", PERIODS), name="period_known"),
        sa.CheckConstraint("room >= 0", name="room_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(sa.ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str] = mapped_column(sa.ForeignKey("unit.id"))
    date: Mapped[date] = mapped_column(sa.Date, index=True)
    period: Mapped[str] = mapped_column(sa.String(2))
    room: Mapped[int]
    service_id: Mapped[str] = mapped_column(sa.ForeignKey("service.id"), index=True)
    locked: Mapped[bool] = mapped_column(default=False)
    plan: Mapped[Plan] = relationship(back_populates="sessions")
    clinicians: Mapped[list[Clinician]] = relationship(
        secondary=session_clinician, order_by=Clinician.id
    )
