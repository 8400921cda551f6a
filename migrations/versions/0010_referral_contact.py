"""referral contact for messages: a UK mobile number, an email address, consent

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mobile', sa.String(length=13), nullable=True))
        batch_op.add_column(sa.Column('email', sa.String(length=320), nullable=True))
        batch_op.add_column(
            sa.Column('message_consent', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_check_constraint(
            op.f('ck_referral_mobile_e164'),
            "mobile IS NULL OR (length(mobile) = 13 AND mobile LIKE '+447%')",
        )


def downgrade() -> None:
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_referral_mobile_e164'), type_='check')
        batch_op.drop_column('message_consent')
        batch_op.drop_column('email')
        batch_op.drop_column('mobile')
