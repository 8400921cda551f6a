"""referral analysis: referrals copied by practices, PUNs and DENs, demand kept before a forecast

referral_copy holds the referrals the desk does not hold (to the district hospital, or from
before the service began); referral_finding the PUNs and DENs found in them; demand_snapshot a
scenario's demand as it was before the forecast from referrals replaced it.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('demand_snapshot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('scenario_id', sa.String(length=64), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=False),
    sa.Column('written', sa.JSON(), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('taken_by', sa.String(length=64), nullable=False),
    sa.Column('restored_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['scenario_id'], ['scenario.id'], name=op.f('fk_demand_snapshot_scenario_id_scenario'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_demand_snapshot'))
    )
    with op.batch_alter_table('demand_snapshot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_demand_snapshot_scenario_id'), ['scenario_id'], unique=False)

    op.create_table('referral_copy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=False),
    sa.Column('referred_on', sa.Date(), nullable=False),
    sa.Column('priority', sa.String(length=10), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('seen_on', sa.Date(), nullable=True),
    sa.Column('seen_at', sa.String(length=200), nullable=True),
    sa.Column('missed', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.CheckConstraint("priority IN ('urgent', 'routine')", name=op.f('ck_referral_copy_priority_known')),
    sa.CheckConstraint('missed >= 0', name=op.f('ck_referral_copy_missed_not_negative')),
    sa.CheckConstraint('seen_on IS NULL OR seen_on >= referred_on', name=op.f('ck_referral_copy_seen_after')),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], name=op.f('fk_referral_copy_practice_id_practice')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_referral_copy_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_copy'))
    )
    with op.batch_alter_table('referral_copy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_copy_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_copy_referred_on'), ['referred_on'], unique=False)
        batch_op.create_index('ix_referral_copy_service_referred', ['service_id', 'referred_on'], unique=False)

    op.create_table('referral_finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('review_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('done_note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("kind IN ('unmet_need', 'educational_need')", name=op.f('ck_referral_finding_kind_known')),
    sa.CheckConstraint("status = 'open' OR done_on IS NOT NULL", name=op.f('ck_referral_finding_done_dated')),
    sa.CheckConstraint("status IN ('open', 'done')", name=op.f('ck_referral_finding_status_known')),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], name=op.f('fk_referral_finding_practice_id_practice')),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_referral_finding_service_id_service')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_finding'))
    )
    with op.batch_alter_table('referral_finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_finding_practice_id'), ['practice_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('referral_finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_finding_practice_id'))

    op.drop_table('referral_finding')
    with op.batch_alter_table('referral_copy', schema=None) as batch_op:
        batch_op.drop_index('ix_referral_copy_service_referred')
        batch_op.drop_index(batch_op.f('ix_referral_copy_referred_on'))
        batch_op.drop_index(batch_op.f('ix_referral_copy_practice_id'))

    op.drop_table('referral_copy')
    with op.batch_alter_table('demand_snapshot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_demand_snapshot_scenario_id'))

    op.drop_table('demand_snapshot')
