"""The choices a practice offers: at least three where there are, over sites and dates,
suitable ones (within reach and in time) first; nearest first, or soonest first if asked."""

from datetime import date, datetime, timedelta

import pytest

from booking.finder import Offer
from booking.openings import Opening
from booking.service import book
from practice.choices import (
    SOONEST,
    ChoicesUnknown,
    choices_for,
    nearest_first,
    shown_again,
    spread,
)
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW
from tests.practice.conftest import (
    MIDDLE_SITE,
    MON,
    NEXT_THU,
    NEXT_TUE,
    TUE,
    nearest_later_plan,
    three_sites_plan,
)


def _offer(session_id: int, site: str, day: date, km: float, **flags) -> Offer:
    start = datetime.combine(day, datetime.min.time()) + timedelta(hours=9)
    opening = Opening(
        session_id=session_id, plan_id=1, date=day, period="AM", start=start,
        end=start + timedelta(hours=3), unit_id="op-1", room=0, service_id="orthopaedics",
        service_name="Orthopaedics", site_id=site, site_name=site, address="", postcode="",
        locality="", lat=None, lon=None, slots=12, free=12,
    )  # fmt: skip
    return Offer(
        opening=opening,
        distance_km=km,
        in_time=flags.get("in_time", True),
        within_reach=flags.get("within_reach", True),
        same_day=(),
        current=False,
    )


D1, D2, D3 = date(2027, 1, 11), date(2027, 1, 12), date(2027, 1, 13)


def _ids(offers) -> list[int]:
    return [o.opening.session_id for o in offers]


def test_a_spread_prefers_a_new_site_on_a_new_day_and_keeps_the_finders_order():
    ranked = [
        _offer(1, "a", D1, 2.0),
        _offer(2, "a", D1, 2.0),  # same site, same day: the least new
        _offer(3, "b", D1, 5.0),  # new site, same day
        _offer(4, "a", D2, 2.0),  # same site, new day
        _offer(5, "c", D3, 9.0),  # new site and new day
    ]
    assert _ids(ranked[:3]) == [1, 2, 3]  # what the first three alone would offer
    assert _ids(spread(ranked, 3)) == [1, 3, 5]
    assert _ids(spread(ranked, 4)) == [1, 3, 4, 5]  # a new day beats a same-day repeat


def test_the_best_ranked_is_always_offered():
    ranked = [_offer(1, "a", D1, 9.0), _offer(2, "b", D2, 1.0), _offer(3, "c", D3, 1.0)]
    assert _ids(spread(ranked, 1)) == [1]


def test_without_a_spread_the_next_best_are_offered():
    ranked = [_offer(n, "a", D1, 2.0) for n in range(1, 6)]
    assert _ids(spread(ranked, 3)) == [1, 2, 3]


def test_suitable_choices_come_first_and_others_fill_in_only_when_too_few():
    late = _offer(1, "a", D1, 1.0, in_time=False)
    far = _offer(2, "b", D1, 30.0, within_reach=False)
    good = _offer(3, "c", D2, 4.0)
    assert _ids(spread([late, far, good], 3)) == [3, 1, 2]
    assert _ids(spread([late, far, good, _offer(4, "d", D3, 5.0)], 2)) == [3, 4]


def test_fewer_free_slots_than_three_are_all_offered():
    assert _ids(spread([_offer(1, "a", D1, 2.0)], 3)) == [1]
    assert spread([], 3) == []


def test_nearest_first_offers_each_sites_soonest_date_nearest_site_first():
    ranked = [  # the finder's order: soonest first
        _offer(1, "far", D1, 12.0),
        _offer(2, "middle", D1, 5.0),
        _offer(3, "near", D2, 2.0),
        _offer(4, "far", D2, 12.0),
        _offer(5, "near", D3, 2.0),
    ]
    assert _ids(nearest_first(ranked, 3)) == [3, 2, 1]
    assert _ids(spread(ranked, 3)) == [1, 2, 3]  # soonest first differs


def test_nearest_first_is_the_three_nearest_sites_and_a_sooner_fourth_needs_more_or_soonest():
    """The reviewer's case: a site 6.1 km away free on 2 December is the fourth nearest, so
    the three nearest sites' soonest dates are offered first (by design); "show more" and
    "soonest first" offer it."""
    dec2, dec21, dec30, jan13 = (
        date(2026, 12, 2),
        date(2026, 12, 21),
        date(2026, 12, 30),
        date(2027, 1, 13),
    )
    ranked = [  # the finder's order: soonest first
        _offer(1, "further-sooner", dec2, 6.1),
        _offer(2, "hemel", dec21, 0.8),
        _offer(3, "hemel", dec30, 0.8),
        _offer(4, "bovingdon", dec30, 4.8),
        _offer(5, "kings-langley", jan13, 4.9),
    ]
    assert _ids(nearest_first(ranked, 3)) == [2, 4, 5]  # each the site's soonest date
    assert _ids(nearest_first(ranked, 6)) == [2, 3, 4, 5, 1]
    assert _ids(spread(ranked, 3))[0] == 1


def test_with_too_few_sites_each_sites_next_date_is_offered_nearest_first():
    ranked = [
        _offer(1, "far", D1, 12.0),
        _offer(2, "near", D2, 2.0),
        _offer(3, "near", D2, 2.0),  # another session on the same day: offered last
        _offer(4, "near", D3, 2.0),
        _offer(5, "far", D3, 12.0),
    ]
    assert _ids(nearest_first(ranked, 3)) == [2, 4, 1]
    assert _ids(nearest_first(ranked, 4)) == [2, 4, 1, 5]
    assert _ids(nearest_first(ranked, 5)) == [2, 3, 4, 1, 5]


def test_nearest_first_breaks_ties_by_date_and_puts_unknown_distances_last():
    ranked = [
        _offer(1, "unknown", D1, None),
        _offer(2, "b", D2, 4.0),
        _offer(3, "a", D3, 4.0),
        _offer(4, "c", D1, 6.0),
    ]
    assert _ids(nearest_first(ranked, 4)) == [2, 3, 4, 1]


def test_nearest_first_offers_suitable_choices_first():
    near_late = _offer(1, "a", D3, 1.0, in_time=False)
    too_far = _offer(2, "b", D1, 30.0, within_reach=False)
    good = [_offer(3, "c", D2, 9.0), _offer(4, "d", D2, 6.0)]
    assert _ids(nearest_first([too_far, *good, near_late], 3)) == [4, 3, 1]
    assert _ids(nearest_first([too_far, *good, near_late], 4)) == [4, 3, 1, 2]
    assert nearest_first([], 3) == []


def test_the_nearest_are_offered_first_where_soonest_and_nearest_differ(desk):
    far, middle, near_tue, near_thu = nearest_later_plan(desk)
    referral = desk.referral()
    offered = choices_for(referral, NOW)
    assert (offered.order, offered.available) == ("nearest", 4)
    assert [c.opening.session_id for c in offered.choices] == [near_tue.id, middle.id, far.id]
    assert [c.opening.date for c in offered.choices] == [NEXT_TUE, TUE, MON]
    soonest = choices_for(referral, NOW, order=SOONEST)
    assert soonest.order == "soonest"
    assert [c.opening.session_id for c in soonest.choices] == [far.id, middle.id, near_tue.id]
    more = choices_for(referral, NOW, 6)
    assert [c.opening.session_id for c in more.choices] == [
        near_tue.id,
        near_thu.id,
        middle.id,
        far.id,
    ]
    assert [c.opening.date for c in more.choices][:2] == [NEXT_TUE, NEXT_THU]
    assert choices_for(referral, NOW, order="<b>").order == "nearest"
    assert offered.sooner_elsewhere is None  # every site's soonest date is shown
    two = choices_for(referral, NOW, 2)
    assert [c.opening.session_id for c in two.choices] == [near_tue.id, middle.id]
    assert two.sooner_elsewhere == MON  # at the far site, further than those shown


def test_a_referrals_choices_spread_over_sites_and_dates_with_distance_and_time(desk):
    near_am, near_pm, middle, far = three_sites_plan(desk)
    referral = desk.referral()
    offered = choices_for(referral, NOW)
    assert offered.available == 4
    assert [c.opening.session_id for c in offered.choices] == [near_am.id, middle.id, far.id]
    assert [c.opening.site_id for c in offered.choices] == [NEAR_SITE, MIDDLE_SITE, FAR_SITE]
    assert [c.opening.date for c in offered.choices] == [MON, TUE, NEXT_TUE]
    km = [c.offer.distance_km for c in offered.choices]
    assert km == sorted(km) and km[0] < 3 < 5 < km[1] < 6 < 12 < km[2] < 13
    assert all(c.suitable for c in offered.choices)
    assert offered.choices[0].starts_at == datetime(2027, 1, 11, 9, 0)
    six = choices_for(referral, NOW, 6)
    every = {near_am.id, near_pm.id, middle.id, far.id}
    assert {c.opening.session_id for c in six.choices} == every


def test_a_choices_time_is_its_first_free_slot(desk):
    near_am, *_ = three_sites_plan(desk)
    book(desk.referral().id, near_am.id, now=NOW)  # slot 0 (09:00) taken
    first = choices_for(desk.referral(), NOW).choices[0]
    assert first.opening.session_id == near_am.id
    assert first.starts_at == datetime(2027, 1, 11, 9, 20)  # 12 slots in four hours


def test_the_choices_shown_are_read_again_from_the_sessions(desk):
    near_am, _, middle, _ = three_sites_plan(desk)
    shown = shown_again(desk.referral(), [middle.id, near_am.id, middle.id])
    assert [(s.session_id, s.site_id, s.date) for s in shown] == [
        (middle.id, MIDDLE_SITE, TUE),
        (near_am.id, NEAR_SITE, MON),
    ]
    assert shown[1].distance_km < 3 and shown[1].starts_at == datetime(2027, 1, 11, 9, 0)


@pytest.mark.parametrize("posted", [[], [999_999], list(range(1, 8))])
def test_choices_that_could_not_have_been_shown_are_refused(desk, posted):
    three_sites_plan(desk)
    with pytest.raises(ChoicesUnknown):
        shown_again(desk.referral(), posted)


def test_a_session_of_another_service_is_refused(desk):
    plan = desk.plan([(NEAR_SITE, MON, "AM", 1, "ophthalmology")])
    with pytest.raises(ChoicesUnknown, match="not a session of this service"):
        shown_again(desk.referral(), [plan.sessions[0].id])
