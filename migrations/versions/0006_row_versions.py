"""row versions: refuse a change decided on a stale copy of a booking, referral, run or plan

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 12:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

VERSIONED = ('referral', 'booking', 'allocation_run', 'plan')


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
