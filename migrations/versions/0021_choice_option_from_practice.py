"""choice option from practice: the distance shown was measured from the patient's practice,
their postcode not being in the area's list

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-29 19:16:41.341044
"""

import sqlalchemy as sa
from alembic import op


revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("choice_option", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("from_practice", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("choice_option", schema=None) as batch_op:
        batch_op.drop_column("from_practice")
