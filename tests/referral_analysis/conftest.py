"""Referral analysis tests: the desk of the booking tests (the example-small instance:
practices E82100-E82104 with list sizes, and its services) and copies from practices."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from extensions import db
from referral_analysis.models import ReferralCopy
from tests.booking.conftest import desk  # noqa: F401  (the fixture)


def add_copies(practice: str, service: str, first: date, per_day: list[int], **values) -> None:
    """Copies of `per_day[n]` referrals made on day `first + n`."""
    rows = [
        dict(practice_id=practice, service_id=service, referred_on=first + timedelta(days=n))
        | values
        for n, number in enumerate(per_day)
        for _ in range(number)
    ]
    if rows:
        db.session.execute(sa.insert(ReferralCopy), rows)
    db.session.commit()


def add_weekly(practice: str, service: str, first_monday: date, weekly: list[int]) -> None:
    """Copies of `weekly[n]` referrals made on the Monday of week n."""
    add_copies(practice, service, first_monday, [n for w in weekly for n in (w, 0, 0, 0, 0, 0, 0)])


@pytest.fixture
def copies(desk):  # noqa: F811  (the imported fixture)
    """The desk's instance loaded, and `add_copies` to add referrals from practices."""
    return add_copies
