"""What each role sees first on the staff home page."""

from dataclasses import dataclass

from accounts.models import ROLES


@dataclass(frozen=True)
class Card:
    title: str
    text: str
    href: str | None  # None while the feature is still being built


REFERRAL_PATTERNS = Card(
    "Referral patterns",
    "Referral rates by practice against their peers, trends, practice feedback reports "
    "and PUNs and DENs.",
    "/ops/referrals",
)

PATIENT_CHOICE = Card(
    "Patient choice",
    "The share of patients offered two or more sites and two or more dates, by practice.",
    "/booking/reports/choice",
)

CARDS = {
    "ops": (
        Card(
            "Plan the tour",
            "Scenarios, their planning instances, and the data as spreadsheets.",
            "/ops/",
        ),
        REFERRAL_PATTERNS,
        Card(
            "Waiting-time reports",
            "Referral to treatment, diagnostics and follow-ups against the national standards.",
            "/booking/reports/rtt",
        ),
        Card("Audit trail", "Who changed what, and when: scenarios, plans and data.", "/audit/"),
    ),
    "booking": (
        Card(
            "Booking desk",
            "The referral waiting list, slot finder, bookings and breaches.",
            "/booking/",
        ),
        Card(
            "Audit trail",
            "Who added, booked, changed or looked at a patient's referral, and when.",
            "/audit/",
        ),
    ),
    "admin": (Card("Staff accounts", "See who has an account and add one.", "/admin/users"),),
    "commissioner": (REFERRAL_PATTERNS, PATIENT_CHOICE),
    "practice": (
        Card(
            "Your practice",
            "Your patients' referrals; refer a patient and choose an appointment with them.",
            "/practice/",
        ),
    ),
}


def staff_home_cards(user) -> list[Card]:
    """Return the cards for the user's role; an administrator sees every role's cards."""
    roles = ROLES if user.role == "admin" else (user.role,)
    cards = [card for role in roles for card in CARDS[role]]
    return [card for n, card in enumerate(cards) if card.href not in {c.href for c in cards[:n]}]
