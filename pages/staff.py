"""What each role sees first on the staff home page."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Card:
    title: str
    text: str
    href: str | None  # None while the feature is still being built


CARDS = {
    "ops": (
        Card(
            "Plan the tour",
            "Sites, units, clinicians and demand; solve, compare and publish plans.",
            None,
        ),
    ),
    "booking": (
        Card(
            "Booking desk",
            "The referral waiting list, slot finder, bookings and breaches.",
            None,
        ),
    ),
    "admin": (
        Card("Accounts", "Staff accounts are created with `flask create-user`.", None),
    ),
}


def staff_home_cards(user) -> list[Card]:
    """Return the cards for the user's role; an administrator sees every role's cards."""
    roles = ("ops", "booking", "admin") if user.role == "admin" else (user.role,)
    return [card for role in roles for card in CARDS[role]]
