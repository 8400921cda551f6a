"""Practices that staff accounts act for are kept: accounts are never deleted, so a practice
with one must stay (as a practice that referrals name does: booking.referrals)."""

import sqlalchemy as sa

from accounts.models import User
from extensions import db
from inputs.entities import Kind
from inputs.reliance import Usage, count


def account_uses(kind: Kind, entity) -> Usage:
    """Refuse to delete a practice that a GP practice account acts for."""
    if kind.name != "practices":
        return Usage()
    number = db.session.scalar(sa.select(sa.func.count()).where(User.practice_id == entity.id))
    if not number:
        return Usage()
    return Usage(
        refusals=[
            f"Practice {entity.id} has {count(number, 'GP practice account')}. Accounts are "
            "kept for the audit trail, so it must stay."
        ]
    )
