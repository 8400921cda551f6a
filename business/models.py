"""A scenario's price book: what its activity earns and what running it costs.

One `PriceBook` per scenario (the general figures and contingencies), with a price row per
service, a cost row per unit and a session cost per clinician skill. Every figure keeps its
source beside it; a missing price is NULL, never nought.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from business.columns import (
    BOOK_COLUMNS,
    SERVICE_PRICE_COLUMNS,
    STAFF_COST_COLUMNS,
    UNIT_COST_COLUMNS,
)
from extensions import db
from inputs.columns import checks

MONEY = sa.Numeric(12, 4, asdecimal=False)  # pounds to a hundredth of a penny (2.4p texts)


def _scenario_key() -> Mapped[str]:
    return mapped_column(sa.ForeignKey("scenario.id", ondelete="CASCADE"), primary_key=True)


class PriceBook(db.Model):
    """The general figures of a scenario's business case."""

    __tablename__ = "price_book"
    __table_args__ = checks(BOOK_COLUMNS)

    scenario_id: Mapped[str] = _scenario_key()
    market_forces_factor: Mapped[float] = mapped_column(MONEY)  # times the national price
    discount_pct: Mapped[float] = mapped_column(MONEY)
    commissioner_share_pct: Mapped[float] = mapped_column(MONEY)
    site_visit_gbp: Mapped[float] = mapped_column(MONEY)
    admin_per_appointment_gbp: Mapped[float] = mapped_column(MONEY)
    letters_per_appointment: Mapped[float] = mapped_column(MONEY)
    letter_gbp: Mapped[float] = mapped_column(MONEY)
    texts_per_appointment: Mapped[float] = mapped_column(MONEY)
    text_gbp: Mapped[float] = mapped_column(MONEY)
    volume_factor_pct: Mapped[float] = mapped_column(MONEY)
    income_haircut_pct: Mapped[float] = mapped_column(MONEY)
    capital_outlay_gbp: Mapped[float] = mapped_column(MONEY)
    startup_gbp: Mapped[float] = mapped_column(MONEY)
    # field name -> where its figure comes from ("assumption: ..." when it is one)
    sources: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Raised by every update; a change decided on an older version is refused.
    version: Mapped[int] = mapped_column(server_default="1")

    services: Mapped[list["ServicePrice"]] = relationship(
        cascade="all, delete-orphan", order_by="ServicePrice.service_id"
    )
    units: Mapped[list["UnitCost"]] = relationship(
        cascade="all, delete-orphan", order_by="UnitCost.unit_id"
    )
    staff: Mapped[list["StaffCost"]] = relationship(
        cascade="all, delete-orphan", order_by="StaffCost.skill"
    )
    __mapper_args__ = {"version_id_col": version}


class ServicePrice(db.Model):
    """The national prices of a service's first contact and follow-up attendance."""

    __tablename__ = "service_price"
    __table_args__ = checks(SERVICE_PRICE_COLUMNS)

    scenario_id: Mapped[str] = mapped_column(
        sa.ForeignKey("price_book.scenario_id", ondelete="CASCADE"), primary_key=True
    )
    service_id: Mapped[str] = mapped_column(
        sa.ForeignKey("service.id", ondelete="CASCADE"), primary_key=True
    )
    first_price_gbp: Mapped[float | None] = mapped_column(MONEY)
    follow_up_price_gbp: Mapped[float | None] = mapped_column(MONEY)
    source: Mapped[str] = mapped_column(sa.Text, default="")


class UnitCost(db.Model):
    """A unit's weekly hire and the cost of moving it."""

    __tablename__ = "unit_cost"
    __table_args__ = checks(UNIT_COST_COLUMNS)

    scenario_id: Mapped[str] = mapped_column(
        sa.ForeignKey("price_book.scenario_id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[str] = mapped_column(
        sa.ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True
    )
    hire_per_week_gbp: Mapped[float] = mapped_column(MONEY)
    move_gbp: Mapped[float] = mapped_column(MONEY)
    source: Mapped[str] = mapped_column(sa.Text, default="")


class StaffCost(db.Model):
    """What a clinician with a skill costs for one session, and their staff group."""

    __tablename__ = "staff_cost"
    __table_args__ = checks(STAFF_COST_COLUMNS)

    scenario_id: Mapped[str] = mapped_column(
        sa.ForeignKey("price_book.scenario_id", ondelete="CASCADE"), primary_key=True
    )
    skill: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    staff_group: Mapped[str] = mapped_column(sa.String(100), default="")
    session_gbp: Mapped[float | None] = mapped_column(MONEY)
    source: Mapped[str] = mapped_column(sa.Text, default="")
