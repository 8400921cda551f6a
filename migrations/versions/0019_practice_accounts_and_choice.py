"""practice accounts and the patient's choice recorded: a 'practice' role bound to one GP
practice, and the appointments offered to each patient with what came of the offer

A practice account must name its practice and only a practice account may. Undoing it
refuses while any practice account exists (as 0016 does for commissioners): giving them
another role would open pages they were never meant to see, and deleting them would break
the audit events that name them. The record of choices offered goes with it.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-29 16:04:52.628691
"""

import sqlalchemy as sa
from alembic import op


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('choice_offer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("channel IN ('practice', 'desk', 'api')", name=op.f('ck_choice_offer_channel_known')),
    sa.CheckConstraint("outcome <> 'booked' OR booking_id IS NOT NULL", name=op.f('ck_choice_offer_booked_names')),
    sa.CheckConstraint("outcome IN ('booked', 'shortlist', 'declined')", name=op.f('ck_choice_offer_outcome_known')),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_choice_offer_booking_id_booking')),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], name=op.f('fk_choice_offer_practice_id_practice')),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_choice_offer_referral_id_referral')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_choice_offer_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_choice_offer'))
    )
    with op.batch_alter_table('choice_offer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_choice_offer_made_at'), ['made_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_choice_offer_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_choice_offer_referral_id'), ['referral_id'], unique=False)

    op.create_table('choice_option',
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.String(length=64), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('distance_km', sa.Double(), nullable=True),
    sa.Column('taken', sa.Boolean(), nullable=False),
    sa.CheckConstraint('distance_km IS NULL OR distance_km >= 0', name=op.f('ck_choice_option_distance_not_negative')),
    sa.CheckConstraint('rank >= 0', name=op.f('ck_choice_option_rank_not_negative')),
    sa.ForeignKeyConstraint(['offer_id'], ['choice_offer.id'], name=op.f('fk_choice_option_offer_id_choice_offer'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offer_id', 'rank', name=op.f('pk_choice_option'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('practice_id', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_user_account_practice_id'), ['practice_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_user_account_practice_id_practice'), 'practice', ['practice_id'], ['id'])
        batch_op.drop_constraint(op.f('ck_user_account_role'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_user_account_role'),
            "role IN ('ops', 'booking', 'admin', 'commissioner', 'practice')",
        )
        batch_op.create_check_constraint(
            op.f('ck_user_account_practice_bound'), "role <> 'practice' OR practice_id IS NOT NULL"
        )
        batch_op.create_check_constraint(
            op.f('ck_user_account_practice_only'), "role = 'practice' OR practice_id IS NULL"
        )


def downgrade() -> None:
    practices = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM user_account WHERE role = 'practice'")
    )
    if practices:
        raise RuntimeError(
            f"{practices} GP practice account(s) exist; the schema before 0019 has no such "
            "role. Disable and remove them first, then downgrade again."
        )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_user_account_practice_only'), type_='check')
        batch_op.drop_constraint(op.f('ck_user_account_practice_bound'), type_='check')
        batch_op.drop_constraint(op.f('ck_user_account_role'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_user_account_role'), "role IN ('ops', 'booking', 'admin', 'commissioner')"
        )
        batch_op.drop_constraint(batch_op.f('fk_user_account_practice_id_practice'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_user_account_practice_id'))
        batch_op.drop_column('practice_id')

    op.drop_table('choice_option')
    with op.batch_alter_table('choice_offer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_choice_offer_referral_id'))
        batch_op.drop_index(batch_op.f('ix_choice_offer_practice_id'))
        batch_op.drop_index(batch_op.f('ix_choice_offer_made_at'))

    op.drop_table('choice_offer')
