"""Referral analysis tests: example-small's practices (E82100-E82114, with list sizes), its
services and scenario, the booking tests' desk, and referrals copied from practices."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from extensions import db
from plans.models import Scenario
from referral_analysis.models import ReferralCopy
from tests.booking.conftest import desk  # noqa: F401  (the fixture)

TODAY = date(2026, 12, 2)  # a Wednesday, before example-small's 12 weeks from 4 January 2027
LAST_MONDAY = date(2026, 11, 23)  # the last whole week before TODAY
FIRST_WEEK, LAST_WEEK = 6, 17  # example-small's weeks, counted from the last observed week


@pytest.fixture
def scenario(example_small) -> Scenario:
    """Example-small: 15 practices, 8 services and a demand row for every pair."""
    return db.session.get(Scenario, "example-small")


@pytest.fixture
def copies(desk):  # noqa: F811  (the imported fixture)
    """The desk's instance (example-small) loaded, and `add_copies` to add referrals."""
    return add_copies


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


def refer(practice: str, service: str, counts: list[int], last_monday: date = LAST_MONDAY):
    """Copy counts[i] referrals in each week, the last week beginning on `last_monday`,
    spread over the working days."""
    first = last_monday - timedelta(weeks=len(counts) - 1)
    rows = [
        {
            "practice_id": practice,
            "service_id": service,
            "referred_on": first + timedelta(weeks=week, days=number % 5),
        }
        for week, count in enumerate(counts)
        for number in range(count)
    ]
    db.session.execute(sa.insert(ReferralCopy), rows)
    db.session.commit()
