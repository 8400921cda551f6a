"""The staff home page's cards: each role its own, an administrator every role's once."""

from types import SimpleNamespace

from pages.staff import staff_home_cards


def _titles(role: str) -> list[str]:
    return [card.title for card in staff_home_cards(SimpleNamespace(role=role))]


def test_each_role_sees_its_own_cards():
    assert _titles("ops") == [
        "Plan the tour",
        "Referral patterns",
        "Waiting-time reports",
        "Audit trail",
    ]
    assert _titles("booking") == ["Booking desk", "Audit trail"]
    assert _titles("commissioner") == ["Referral patterns", "Patient choice"]
    assert _titles("practice") == ["Your practice"]


def test_a_commissioner_is_sent_to_the_referral_patterns_and_the_choice_report():
    patterns, choice = staff_home_cards(SimpleNamespace(role="commissioner"))
    assert patterns.href == "/ops/referrals"
    assert "PUNs and DENs" in patterns.text
    assert choice.href == "/booking/reports/choice"


def test_a_practice_is_sent_to_its_own_pages():
    (card,) = staff_home_cards(SimpleNamespace(role="practice"))
    assert card.href == "/practice/"


def test_an_administrator_sees_every_roles_cards_with_the_audit_trail_once():
    assert _titles("admin") == [
        "Plan the tour",
        "Referral patterns",
        "Waiting-time reports",
        "Audit trail",
        "Booking desk",
        "Staff accounts",
        "Patient choice",
        "Your practice",
    ]
