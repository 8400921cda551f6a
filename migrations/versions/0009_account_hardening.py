"""account hardening: session epochs, one logged refusal per ended session, a per-address
count per account, and purgeable sign-in counters

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_epoch', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('refused_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_sign_in_throttle_scope_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_sign_in_throttle_scope_known'), "scope IN ('account', 'address', 'pair')"
        )
        batch_op.create_index(batch_op.f('ix_sign_in_throttle_last_failure_at'), ['last_failure_at'], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM sign_in_throttle WHERE scope = 'pair'")
    with op.batch_alter_table('sign_in_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_throttle_last_failure_at'))
        batch_op.drop_constraint(op.f('ck_sign_in_throttle_scope_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_sign_in_throttle_scope_known'), "scope IN ('account', 'address')"
        )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_column('refused_at')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_epoch')
