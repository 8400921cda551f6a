"""user sessions: one row per signed-in session, to list them and end any of them

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 12:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('user_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('client_address', sa.String(length=45), nullable=True),
    sa.Column('user_agent', sa.String(length=60), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_user_session_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session'))
    )
    op.create_index('ix_user_session_user_live', 'user_session', ['user_id', 'ended_at'], unique=False)
    # The rows replace the per-account session version: ending every session of an account
    # ends its rows. Sessions signed in before this migration have no row and must sign in
    # again.
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_version')


def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))
    op.drop_index('ix_user_session_user_live', table_name='user_session')
    op.drop_table('user_session')
