"""session cancellation: a session the service called off, with why, when and by whom

A cancelled session takes no more bookings; its appointments were cancelled by the service
and its patients wait on the to-rebook list.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('session_cancellation',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('detail', sa.String(length=200), nullable=False),
    sa.Column('bookings', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(
        "reason IN ('unit_breakdown', 'clinician_unavailable', 'site_unavailable', 'other')",
        name=op.f('ck_session_cancellation_reason_known'),
    ),
    sa.CheckConstraint("reason != 'other' OR length(detail) > 0", name=op.f('ck_session_cancellation_other_explained')),
    sa.CheckConstraint('bookings >= 0', name=op.f('ck_session_cancellation_bookings_not_negative')),
    sa.ForeignKeyConstraint(['session_id'], ['clinic_session.id'], name=op.f('fk_session_cancellation_session_id_clinic_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_session_cancellation_user_id_user_account')),
    sa.PrimaryKeyConstraint('session_id', name=op.f('pk_session_cancellation'))
    )


def downgrade() -> None:
    op.drop_table('session_cancellation')
