"""commissioner role and list-size dates: a read-only role for referral patterns, and the date
of each practice's registered list size

The role column widens from 10 to 20 characters to hold 'commissioner'. Undoing it refuses
while any commissioner account exists: turning them into another role would give them pages
they were never meant to see, and deleting them would break the audit events that name them.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=sa.String(length=10), type_=sa.String(length=20), existing_nullable=False)
        batch_op.drop_constraint(op.f('ck_user_account_role'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_user_account_role'), "role IN ('ops', 'booking', 'admin', 'commissioner')"
        )
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('list_size_date', sa.Date(), nullable=True))


def downgrade() -> None:
    commissioners = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM user_account WHERE role = 'commissioner'")
    )
    if commissioners:
        raise RuntimeError(
            f"{commissioners} commissioner account(s) exist; the schema before 0016 has no such "
            "role. Change their role or remove them first, then downgrade again."
        )
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.drop_column('list_size_date')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_account_role'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_user_account_role'), "role IN ('ops', 'booking', 'admin')"
        )
        batch_op.alter_column('role', existing_type=sa.String(length=20), type_=sa.String(length=10), existing_nullable=False)
