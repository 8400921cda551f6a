"""patient messages: text messages and emails about appointments, through GOV.UK Notify

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('patient_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('template_id', sa.String(length=36), nullable=False),
    sa.Column('personalisation', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('notify_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("kind IN ('confirmation', 'change', 'cancellation', 'reminder')", name=op.f('ck_patient_message_kind_known')),
    sa.CheckConstraint("channel IN ('sms', 'email')", name=op.f('ck_patient_message_channel_known')),
    sa.CheckConstraint("status IN ('queued', 'sent', 'failed', 'not_sent')", name=op.f('ck_patient_message_status_known')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_patient_message_attempts_not_negative')),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_patient_message_booking_id_booking')),
    sa.ForeignKeyConstraint(['referral_id'], ['referral.id'], name=op.f('fk_patient_message_referral_id_referral')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_patient_message')),
    sa.UniqueConstraint('booking_id', 'kind', 'channel', name=op.f('uq_patient_message_booking_id_kind_channel'))
    )
    with op.batch_alter_table('patient_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_patient_message_booking_id'), ['booking_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_patient_message_referral_id'), ['referral_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_patient_message_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('patient_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_patient_message_status'))
        batch_op.drop_index(batch_op.f('ix_patient_message_referral_id'))
        batch_op.drop_index(batch_op.f('ix_patient_message_booking_id'))
    op.drop_table('patient_message')
