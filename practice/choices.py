"""The appointments a practice offers a patient: at least three where there are, at
different sites or on different dates, so that the patient has a real choice.

Two orders, the page saying which it shows:
- nearest (the default, as the patient sees it in the room): each site's soonest date, the
  sites nearest first (a tie by date); when there are fewer sites than choices, each site's
  next date, the nearest site first, and so on. The list reads nearest first, and at a site
  soonest first. `nearest_first` picks them.
- soonest: the finder's rank (booking.finder: before the breach date first, then soonest,
  then nearest). Its first three would often show one site on three days, or three rooms of
  one session; `spread` keeps the best and then prefers, in rank order, a slot at a new site
  on a new date, then one at a new site or on a new date.

Either way, choices within the service's travel limit and before the breach date come
first; the others fill in, flagged, only when there are too few.
"""

from dataclasses import dataclass
from datetime import date, datetime

from booking.finder import Offer, find_slots, postcode_placed
from booking.models import Referral
from booking.openings import Opening
from booking.shown import first_free_start, shown_sessions
from choice.record import Shown

CHOICES = 3  # the fewest a patient is offered, where there are that many free
MORE_CHOICES = 6  # when the patient wants to see more
NEAREST, SOONEST = "nearest", "soonest"
ORDERS = (NEAREST, SOONEST)  # the first is the page's own
FAR_KM = float("inf")  # a site of unknown distance sorts after every known one


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


def _suitable_first(ranked: list[Offer], count: int, pick) -> list[Offer]:
    """`count` offers picked by `pick`: the suitable ones (within the service's travel limit
    and wait standard) first; others only when there are too few, so that the patient still
    has a choice (the page says which are further or later)."""
    suitable = [o for o in ranked if o.within_reach and o.in_time]
    picked = pick(suitable, count)
    if len(picked) < count:
        others = [o for o in ranked if o not in suitable]
        picked += pick(others, count - len(picked))
    return picked


def spread(ranked: list[Offer], count: int = CHOICES) -> list[Offer]:
    """Pick `count` of the ranked offers, spread over sites and dates, in rank order."""
    return _suitable_first(ranked, count, _spread_of)


def _km(offer: Offer) -> float:
    return FAR_KM if offer.distance_km is None else offer.distance_km


def _when(offer: Offer) -> tuple:
    return offer.opening.date, offer.opening.start


def _one_a_day(offers: list[Offer]) -> list[Offer]:
    """The first offer of each date (the offers in time order)."""
    dates, firsts = set(), []
    for offer in offers:
        if offer.opening.date not in dates:
            dates.add(offer.opening.date)
            firsts.append(offer)
    return firsts


def _nearest_of(offers: list[Offer], count: int) -> list[Offer]:
    """Each site's soonest date, sites nearest first (a tie: the sooner); then each site's
    next date, and so on; then, if still too few, the other sessions on dates already
    picked. Returned nearest site first, and soonest first at a site."""
    by_site: dict[str, list[Offer]] = {}
    for offer in sorted(offers, key=_when):
        by_site.setdefault(offer.opening.site_id, []).append(offer)
    sites = sorted(by_site, key=lambda site: (_km(by_site[site][0]), *_when(by_site[site][0])))
    days = [_one_a_day(by_site[site]) for site in sites]
    picked: list[Offer] = []
    for n in range(max(map(len, days), default=0)):
        if len(picked) >= count:
            break
        picked += [found[n] for found in days if n < len(found)]
    picked = picked[:count]
    picked += [o for o in offers if o not in picked][: count - len(picked)]
    rank = {site: n for n, site in enumerate(sites)}
    return sorted(picked, key=lambda o: (rank[o.opening.site_id], *_when(o)))


def nearest_first(ranked: list[Offer], count: int = CHOICES) -> list[Offer]:
    """Pick `count` offers, nearest site first, each site's soonest date first, over as
    many sites and dates as there are."""
    return _suitable_first(ranked, count, _nearest_of)


@dataclass(frozen=True)
class Offered:
    """The choices for a referral, in `order`, and how many free slots the finder holds."""

    choices: list[Choice]
    available: int
    order: str = NEAREST
    postcode_placed: bool = True  # else the distances are from the patient's practice
    # Nearest first: a suitable date sooner than every choice shown, at a site further away
    # (the page points to the soonest-first order); None when there is none.
    sooner_elsewhere: date | None = None


def choices_for(
    referral: Referral, now: datetime, count: int = CHOICES, order: str = NEAREST
) -> Offered:
    """The referral's choices: `count` of its free slots over sites and dates, in `order`
    (NEAREST or SOONEST; anything else is taken as NEAREST)."""
    order = order if order in ORDERS else NEAREST
    ranked = find_slots(referral, now, limit=None)
    picked = (spread if order == SOONEST else nearest_first)(ranked, count)
    choices = [Choice(o, first_free_start(o.opening, referral.kind)) for o in picked]
    placed = postcode_placed(referral.postcode)
    return Offered(choices, len(ranked), order, placed, _sooner_elsewhere(ranked, picked))


def _sooner_elsewhere(ranked: list[Offer], picked: list[Offer]) -> date | None:
    """The soonest suitable date not among the picked, if sooner than all of them."""
    dates = [o.opening.date for o in ranked if o.within_reach and o.in_time and o not in picked]
    if not dates or not picked or min(dates) >= min(o.opening.date for o in picked):
        return None
    return min(dates)


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
