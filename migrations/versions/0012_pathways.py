"""pathways: one RTT clock across a referral's clinic, diagnostic and day-case steps

Every referral row becomes a step of a pathway; each existing referral starts its own
pathway (with the same id) on its referral date. Pathway events are kept with who and when.
Slots are for new patients or follow-ups; an attended booking records its outcome.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 10:30:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

EVENT_KINDS = (
    'referred', 'dna', 'booked', 'attended', 'follow_up', 'decision_to_treat',
    'refer_on_diagnostic', 'refer_on_day_case', 'diagnostic_done', 'cancelled_by_patient',
    'cancelled_by_service', 'treated', 'not_treating', 'active_monitoring', 'patient_initiated',
    'discharged',
)
OUTCOMES = (
    'treated', 'follow_up', 'decision_to_treat', 'refer_on_diagnostic', 'refer_on_day_case',
    'not_treating', 'active_monitoring', 'patient_initiated', 'discharged',
)


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table('pathway',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started', sa.Date(), nullable=False),
    sa.Column('stopped', sa.Date(), nullable=True),
    sa.Column('stop_reason', sa.String(length=40), nullable=True),
    sa.Column('nullified', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('ended', sa.Date(), nullable=True),
    sa.Column('later_dnas', sa.Integer(), server_default='0', nullable=False),
    sa.Column('pifu_until', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pathway'))
    )
    with op.batch_alter_table('pathway', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pathway_started'), ['started'], unique=False)
        batch_op.create_index(batch_op.f('ix_pathway_stopped'), ['stopped'], unique=False)

    op.create_table('pathway_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pathway_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=True),
    sa.Column('booking_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(_in('kind', EVENT_KINDS), name=op.f('ck_pathway_event_kind_known')),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_pathway_event_booking_id_booking')),
    sa.ForeignKeyConstraint(['pathway_id'], ['pathway.id'], name=op.f('fk_pathway_event_pathway_id_pathway'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_pathway_event_referral_id_referral')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_pathway_event_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pathway_event'))
    )
    with op.batch_alter_table('pathway_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pathway_event_pathway_id'), ['pathway_id'], unique=False)

    # Each referral so far starts its own pathway, with the same id, on its referral date.
    op.execute(
        "INSERT INTO pathway (id, started, nullified, later_dnas) "
        "SELECT id, referral_date, false, 0 FROM referral"
    )
    op.execute(
        "INSERT INTO pathway_event (pathway_id, kind, \"on\", referral_id, detail, actor, at) "
        "SELECT id, 'referred', referral_date, id, '{}', 'system', created_at FROM referral"
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pathway_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.String(length=12), server_default='first', nullable=False))
        batch_op.add_column(sa.Column('due_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('closed_reason', sa.String(length=200), nullable=True))
    op.execute("UPDATE referral SET pathway_id = id")
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.alter_column('pathway_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_referral_pathway_id_pathway'), 'pathway', ['pathway_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_referral_pathway_id'), ['pathway_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_closed_on'), ['closed_on'], unique=False)
        batch_op.create_check_constraint(
            op.f('ck_referral_kind_known'), _in('kind', ('first', 'follow_up', 'diagnostic', 'day_case'))
        )
    if op.get_bind().dialect.name == 'postgresql':  # keep new pathways' ids after the copied ones
        op.execute("SELECT setval(pg_get_serial_sequence('pathway', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM pathway")

    with op.batch_alter_table('session_slot', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=12), server_default='new', nullable=False))
        batch_op.create_check_constraint(op.f('ck_session_slot_kind_known'), _in('kind', ('new', 'follow_up')))

    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome', sa.String(length=24), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_booking_outcome_known'), f"outcome IS NULL OR {_in('outcome', OUTCOMES)}"
        )


def downgrade() -> None:
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_booking_outcome_known'), type_='check')
        batch_op.drop_column('outcome')
    with op.batch_alter_table('session_slot', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_session_slot_kind_known'), type_='check')
        batch_op.drop_column('kind')
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_referral_kind_known'), type_='check')
        batch_op.drop_index(batch_op.f('ix_referral_closed_on'))
        batch_op.drop_index(batch_op.f('ix_referral_pathway_id'))
        batch_op.drop_constraint(batch_op.f('fk_referral_pathway_id_pathway'), type_='foreignkey')
        batch_op.drop_column('closed_reason')
        batch_op.drop_column('closed_on')
        batch_op.drop_column('due_date')
        batch_op.drop_column('kind')
        batch_op.drop_column('pathway_id')
    with op.batch_alter_table('pathway_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pathway_event_pathway_id'))
    op.drop_table('pathway_event')
    with op.batch_alter_table('pathway', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pathway_stopped'))
        batch_op.drop_index(batch_op.f('ix_pathway_started'))
    op.drop_table('pathway')
