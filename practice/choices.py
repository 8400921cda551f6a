"""The appointments a practice offers a patient: a few of the finder's best, spread over
different sites and dates so that the patient has a real choice.

The finder (booking.finder) ranks every free slot: before the breach date first, then
soonest, then nearest. Offering its first three would often show one site on three days,
or three rooms of one session; `spread` keeps the best and then prefers, in rank order, a
slot at a new site on a new date, then one at a new site or on a new date.
"""

from dataclasses import dataclass
from datetime import datetime

from booking.finder import Offer, find_slots
from booking.models import Referral
from booking.openings import Opening
from booking.shown import first_free_start, shown_sessions
from choice.record import Shown

CHOICES = 3  # the fewest a patient is offered, where there are that many free
MORE_CHOICES = 6  # when the patient wants to see more


@dataclass(frozen=True)
class Choice:
    """One appointment offered: the finder's offer and when its first free slot starts."""

    offer: Offer
    starts_at: datetime

    @property
    def opening(self) -> Opening:
        return self.offer.opening

    @property
    def suitable(self) -> bool:
        """Within the service's travel limit and before the breach date."""
        return self.offer.within_reach and self.offer.in_time

    def shown(self) -> Shown:
        """The choice as the record of the offer keeps it."""
        return Shown(
            session_id=self.opening.session_id,
            site_id=self.opening.site_id,
            date=self.opening.date,
            starts_at=self.starts_at,
            distance_km=self.offer.distance_km,
        )


def _best_new(ranked: list[Offer], sites: set[str], dates: set) -> Offer:
    """The best-ranked offer at a new site on a new date, else at a new site or on a new
    date, else the best-ranked."""
    for new in (
        lambda o: o.opening.site_id not in sites and o.opening.date not in dates,
        lambda o: o.opening.site_id not in sites or o.opening.date not in dates,
    ):
        found = next((o for o in ranked if new(o)), None)
        if found is not None:
            return found
    return ranked[0]


def _spread_of(ranked: list[Offer], count: int) -> list[Offer]:
    left, picked = list(ranked), []
    while left and len(picked) < count:
        sites, dates = {o.opening.site_id for o in picked}, {o.opening.date for o in picked}
        best = _best_new(left, sites, dates)
        picked.append(best)
        left.remove(best)
    return sorted(picked, key=ranked.index)


def spread(ranked: list[Offer], count: int = CHOICES) -> list[Offer]:
    """Pick `count` of the ranked offers, spread over sites and dates, in rank order.

    Offers within the service's travel limit and wait standard come first; others are
    added, after them, only when there are too few, so that the patient still has a choice
    (the page says which are further or later).
    """
    suitable = [o for o in ranked if o.within_reach and o.in_time]
    picked = _spread_of(suitable, count)
    if len(picked) < count:
        others = [o for o in ranked if o not in suitable]
        picked += _spread_of(others, count - len(picked))
    return picked


@dataclass(frozen=True)
class Offered:
    """The choices for a referral, and how many free slots the finder holds in all."""

    choices: list[Choice]
    available: int


def choices_for(referral: Referral, now: datetime, count: int = CHOICES) -> Offered:
    """The referral's choices: `count` of its free slots, spread over sites and dates."""
    ranked = find_slots(referral, now, limit=None)
    picked = spread(ranked, count)
    choices = [Choice(o, first_free_start(o.opening, referral.kind)) for o in picked]
    return Offered(choices, len(ranked))


class ChoicesUnknown(ValueError):
    """The choices posted back are not appointments this referral could have been shown."""


def shown_again(referral: Referral, session_ids: list[int]) -> list[Shown]:
    """The appointments a posted form says were shown, read afresh from the database
    (booking.shown).

    Raises:
        ChoicesUnknown: none were given, too many, or one is not a session of the
            referral's service.
    """
    ids = list(dict.fromkeys(session_ids))
    if not ids or len(ids) > MORE_CHOICES:
        raise ChoicesUnknown("The choices shown were not sent with the form; choose again.")
    shown = shown_sessions(referral, ids, most=MORE_CHOICES)
    if len(shown) != len(ids):
        raise ChoicesUnknown("One of the choices shown is not a session of this service.")
    return shown
