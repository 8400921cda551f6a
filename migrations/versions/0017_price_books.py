"""price books: prices, costs and contingencies per scenario

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29 15:40:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "price_book",
        sa.Column("scenario_id", sa.String(length=64), nullable=False),
        sa.Column(
            "market_forces_factor",
            sa.Numeric(precision=12, scale=4, asdecimal=False),
            nullable=False,
        ),
        sa.Column(
            "discount_pct", sa.Numeric(precision=12, scale=4, asdecimal=False), nullable=False
        ),
        sa.Column(
            "commissioner_share_pct",
            sa.Numeric(precision=12, scale=4, asdecimal=False),
            nullable=False,
        ),
        sa.Column(
            "site_visit_gbp", sa.Numeric(precision=12, scale=4, asdecimal=False), nullable=False
        ),
        sa.Column(
            "admin_per_appointment_gbp",
            sa.Numeric(precision=12, scale=4, asdecimal=False),
            nullable=False,
        ),
        sa.Column(
            "letters_per_appointment",
            sa.Numeric(precision=12, scale=4, asdecimal=False),
            nullable=False,
        ),
        sa.Column("letter_gbp", sa.Numeric(precision=12, scale=4, asdecimal=False), nullable=False),
        sa.Column(
            "texts_per_appointment",
            sa.Numeric(precision=12, scale=4, asdecimal=False),
            nullable=False,
        ),
        sa.Column("text_gbp", sa.Numeric(precision=12, scale=4, asdecimal=False), nullable=False),
        sa.Column(
            "volume_factor_pct", sa.Numeric(precision=12, scale=4, asdecimal=False), nullable=False
        ),
        sa.Column(
            "income_haircut_pct", sa.Numeric(precision=12, scale=4, asdecimal=False), nullable=False
        ),
        sa.Column(
            "capital_outlay_gbp", sa.Numeric(precision=12, scale=4, asdecimal=False), nullable=False
        ),
        sa.Column(
            "startup_gbp", sa.Numeric(precision=12, scale=4, asdecimal=False), nullable=False
        ),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "market_forces_factor > 0",
            name=op.f("ck_price_book_market_forces_factor_positive"),
        ),
        sa.CheckConstraint(
            "admin_per_appointment_gbp >= 0",
            name=op.f("ck_price_book_admin_per_appointment_gbp_not_negative"),
        ),
        sa.CheckConstraint(
            "capital_outlay_gbp >= 0", name=op.f("ck_price_book_capital_outlay_gbp_not_negative")
        ),
        sa.CheckConstraint(
            "commissioner_share_pct BETWEEN 0 AND 100",
            name=op.f("ck_price_book_commissioner_share_pct_in_range"),
        ),
        sa.CheckConstraint(
            "discount_pct BETWEEN 0 AND 100", name=op.f("ck_price_book_discount_pct_in_range")
        ),
        sa.CheckConstraint(
            "income_haircut_pct BETWEEN 0 AND 100",
            name=op.f("ck_price_book_income_haircut_pct_in_range"),
        ),
        sa.CheckConstraint("letter_gbp >= 0", name=op.f("ck_price_book_letter_gbp_not_negative")),
        sa.CheckConstraint(
            "letters_per_appointment >= 0",
            name=op.f("ck_price_book_letters_per_appointment_not_negative"),
        ),
        sa.CheckConstraint(
            "site_visit_gbp >= 0", name=op.f("ck_price_book_site_visit_gbp_not_negative")
        ),
        sa.CheckConstraint("startup_gbp >= 0", name=op.f("ck_price_book_startup_gbp_not_negative")),
        sa.CheckConstraint("text_gbp >= 0", name=op.f("ck_price_book_text_gbp_not_negative")),
        sa.CheckConstraint(
            "texts_per_appointment >= 0",
            name=op.f("ck_price_book_texts_per_appointment_not_negative"),
        ),
        sa.CheckConstraint(
            "volume_factor_pct BETWEEN 0 AND 100",
            name=op.f("ck_price_book_volume_factor_pct_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["scenario.id"],
            name=op.f("fk_price_book_scenario_id_scenario"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scenario_id", name=op.f("pk_price_book")),
    )
    op.create_table(
        "service_price",
        sa.Column("scenario_id", sa.String(length=64), nullable=False),
        sa.Column("service_id", sa.String(length=64), nullable=False),
        sa.Column(
            "first_price_gbp", sa.Numeric(precision=12, scale=4, asdecimal=False), nullable=True
        ),
        sa.Column(
            "follow_up_price_gbp", sa.Numeric(precision=12, scale=4, asdecimal=False), nullable=True
        ),
        sa.Column("source", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "first_price_gbp IS NULL OR first_price_gbp >= 0",
            name=op.f("ck_service_price_first_price_gbp_not_negative"),
        ),
        sa.CheckConstraint(
            "follow_up_price_gbp IS NULL OR follow_up_price_gbp >= 0",
            name=op.f("ck_service_price_follow_up_price_gbp_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["price_book.scenario_id"],
            name=op.f("fk_service_price_scenario_id_price_book"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_service_price_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scenario_id", "service_id", name=op.f("pk_service_price")),
    )
    op.create_table(
        "staff_cost",
        sa.Column("scenario_id", sa.String(length=64), nullable=False),
        sa.Column("skill", sa.String(length=64), nullable=False),
        sa.Column("staff_group", sa.String(length=100), nullable=False),
        sa.Column("session_gbp", sa.Numeric(precision=12, scale=4, asdecimal=False), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "session_gbp IS NULL OR session_gbp >= 0",
            name=op.f("ck_staff_cost_session_gbp_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["price_book.scenario_id"],
            name=op.f("fk_staff_cost_scenario_id_price_book"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scenario_id", "skill", name=op.f("pk_staff_cost")),
    )
    op.create_table(
        "unit_cost",
        sa.Column("scenario_id", sa.String(length=64), nullable=False),
        sa.Column("unit_id", sa.String(length=64), nullable=False),
        sa.Column(
            "hire_per_week_gbp", sa.Numeric(precision=12, scale=4, asdecimal=False), nullable=False
        ),
        sa.Column("move_gbp", sa.Numeric(precision=12, scale=4, asdecimal=False), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "hire_per_week_gbp >= 0", name=op.f("ck_unit_cost_hire_per_week_gbp_not_negative")
        ),
        sa.CheckConstraint("move_gbp >= 0", name=op.f("ck_unit_cost_move_gbp_not_negative")),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["price_book.scenario_id"],
            name=op.f("fk_unit_cost_scenario_id_price_book"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_unit_cost_unit_id_unit"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("scenario_id", "unit_id", name=op.f("pk_unit_cost")),
    )


def downgrade() -> None:
    op.drop_table("unit_cost")
    op.drop_table("staff_cost")
    op.drop_table("service_price")
    op.drop_table("price_book")
