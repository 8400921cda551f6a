"""Fixtures for referral analysis: example-small's scenario and practices' copied referrals
made week by week."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from extensions import db
from plans.models import Scenario
from referral_analysis.models import ReferralCopy
from tests.data import INSTANCES

TODAY = date(2026, 12, 2)  # a Wednesday, before example-small's 12 weeks from 4 January 2027
LAST_MONDAY = date(2026, 11, 23)  # the last whole week before TODAY
FIRST_WEEK, LAST_WEEK = 6, 17  # example-small's weeks, counted from the last observed week


@pytest.fixture
def scenario(runner) -> Scenario:
    """Example-small: 15 practices, 8 services and a demand row for every pair."""
    result = runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])
    assert result.exit_code == 0, result.output
    return db.session.get(Scenario, "example-small")


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
