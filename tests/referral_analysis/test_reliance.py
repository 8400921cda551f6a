"""Practices and services named by referral analysis are kept for the record."""

from datetime import date

from extensions import db
from inputs.models import Practice
from referral_analysis.models import Finding


def test_a_practice_or_service_that_analysis_names_cannot_be_deleted(client, login, copies):
    copies("E82100", "mri", date(2026, 3, 2), [3])
    login("ops")
    response = client.post("/ops/data/practices/E82100/delete", follow_redirects=True)
    assert "is named by 3 copied referrals (referral analysis" in response.data.decode()
    assert db.session.get(Practice, "E82100") is not None
    response = client.post("/ops/data/services/mri/delete", follow_redirects=True)
    assert "Service mri is named by 3 copied referrals" in response.data.decode()


def test_a_finding_keeps_its_practice(client, login, copies):
    db.session.add(
        Finding(
            practice_id="E82101", kind="unmet_need", evidence="e", action="a", owner="o",
            review_on=date(2027, 1, 1), created_by="ops",
        )
    )  # fmt: skip
    db.session.commit()
    login("ops")
    response = client.post("/ops/data/practices/E82101/delete", follow_redirects=True)
    assert "Practice E82101 is named by 1 finding (referral analysis" in response.data.decode()
