"""clinic templates: a service's follow-up slots, follow-up ratio, its cap and due window

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('follow_up_slots', sa.Integer(), server_default=sa.text('0'), nullable=False)
        )
        batch_op.add_column(
            sa.Column('follow_up_ratio', sa.Double(), server_default=sa.text('0'), nullable=False)
        )
        batch_op.add_column(sa.Column('follow_up_cap', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('follow_up_weeks', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_service_follow_up_slots_not_negative'), 'follow_up_slots >= 0'
        )
        batch_op.create_check_constraint(
            op.f('ck_service_follow_up_ratio_not_negative'), 'follow_up_ratio >= 0'
        )
        batch_op.create_check_constraint(
            op.f('ck_service_follow_up_cap_not_negative'),
            'follow_up_cap IS NULL OR follow_up_cap >= 0',
        )
        batch_op.create_check_constraint(
            op.f('ck_service_follow_up_weeks_positive'),
            'follow_up_weeks IS NULL OR follow_up_weeks >= 1',
        )
        batch_op.create_check_constraint(
            op.f('ck_service_follow_up_within_session'), 'follow_up_slots <= slots_per_session'
        )


def downgrade() -> None:
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_service_follow_up_within_session'), type_='check')
        batch_op.drop_constraint(op.f('ck_service_follow_up_weeks_positive'), type_='check')
        batch_op.drop_constraint(op.f('ck_service_follow_up_cap_not_negative'), type_='check')
        batch_op.drop_constraint(op.f('ck_service_follow_up_ratio_not_negative'), type_='check')
        batch_op.drop_constraint(op.f('ck_service_follow_up_slots_not_negative'), type_='check')
        batch_op.drop_column('follow_up_weeks')
        batch_op.drop_column('follow_up_cap')
        batch_op.drop_column('follow_up_ratio')
        batch_op.drop_column('follow_up_slots')
