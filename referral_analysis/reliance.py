"""Practices and services that referral analysis names are kept: the copies of referrals and
the PUNs and DENs are the record (as the desk's referrals are: booking.referrals)."""

import sqlalchemy as sa

from extensions import db
from inputs.entities import Kind
from inputs.reliance import Usage, count
from referral_analysis.models import Finding, ReferralCopy


def analysis_uses(kind: Kind, entity) -> Usage:
    """Refuse to delete a practice or service that copied referrals or findings name."""
    if kind.name not in ("practices", "services"):
        return Usage()
    named = []
    for model, noun in ((ReferralCopy, "copied referral"), (Finding, "finding")):
        column = model.practice_id if kind.name == "practices" else model.service_id
        number = db.session.scalar(sa.select(sa.func.count()).where(column == entity.id))
        if number:
            named.append(count(number, noun))
    if not named:
        return Usage()
    return Usage(
        refusals=[
            f"{kind.singular.capitalize()} {entity.id} is named by {' and '.join(named)} "
            "(referral analysis: referrals copied from practices, PUNs and DENs). They are "
            "kept for the record, so it must stay."
        ]
    )
