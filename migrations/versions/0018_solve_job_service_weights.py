"""service weights: what a planner run planning for contribution weighed services by, kept
with the run and with its plan

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-29 15:13:48.915686
"""

import sqlalchemy as sa
from alembic import op


revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("solve_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("service_weights", sa.JSON(), nullable=True))
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("service_weights", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_column("service_weights")
    with op.batch_alter_table("solve_job", schema=None) as batch_op:
        batch_op.drop_column("service_weights")
