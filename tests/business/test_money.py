"""Every figure of the hand-worked example (tests/business/conftest.py), to the penny."""

import pytest

from business.pricing import price

CENT = 0.005


def pounds(value: float) -> float:
    return round(value, 2)


def test_activity_splits_each_service_served_into_first_and_follow_up(hand_book, hand_world):
    by_service = price(hand_world).planned.by_service()
    derm, ent = by_service["dermatology"], by_service["ent"]
    # 36 attendances each; 1.25 and 0.5 follow-ups per first
    assert (derm.first_contacts, derm.follow_ups) == pytest.approx((16, 20))
    assert (ent.first_contacts, ent.follow_ups) == pytest.approx((24, 12))


def test_income_and_the_commissioners_share(hand_book, hand_world):
    money = price(hand_world).planned
    derm, ent = money.by_service()["dermatology"], money.by_service()["ent"]
    # dermatology: 16 x £134 + 20 x £74 = £3,624 national; less 10% = £3,261.60
    assert pounds(derm.income_national) == 3624.00
    assert pounds(derm.income) == 3261.60
    assert pounds(derm.commissioner_share) == 489.24  # 15% of £3,261.60
    # ENT: 24 x £133 + 12 x £57 = £3,876; less 10% = £3,488.40; 15% = £523.26
    assert pounds(ent.income_national) == 3876.00
    assert pounds(ent.income) == 3488.40
    assert pounds(ent.commissioner_share) == 523.26
    total = money.total()
    assert pounds(total.income) == 6750.00
    assert pounds(total.net_income) == 5737.50  # 6,750.00 - 489.24 - 523.26
    assert total.held_back == 0


def test_costs_by_kind(hand_book, hand_world):
    total = price(hand_world).planned.total()
    assert pounds(total.unit_hire) == 24000.00  # 4 weeks x £6,000, off the road or not
    assert pounds(total.moves) == 2500.00  # one arrival a cycle, in week 0
    assert pounds(total.site_visits) == 750.00
    assert pounds(total.staff) == 2400.00  # 6 sessions x one clinician x £400
    assert pounds(total.admin) == 259.20  # 72 appointments x £3.60
    assert pounds(total.letters) == 52.56  # 72 x 1 x £0.73
    assert pounds(total.texts) == 3.46  # 72 x 2 x £0.024 = £3.456
    assert pounds(total.total_costs) == 29965.22
    assert pounds(total.net_contribution) == -24227.72  # 5,737.50 - 29,965.22
    assert total.missing == frozenset()


def test_contingencies_scale_activity_and_hold_back_income_but_not_the_fleet(hand_book, hand_world):
    # half the activity (18 attendances each), 20% of income held back
    money = price(hand_world).contingent
    derm = money.by_service()["dermatology"]
    assert (derm.first_contacts, derm.follow_ups) == pytest.approx((8, 10))
    assert pounds(derm.income) == 1630.80  # (8 x 134 + 10 x 74) x 0.9
    assert pounds(derm.held_back) == 326.16  # 20% of it
    total = money.total()
    assert pounds(total.income) == 3375.00
    assert pounds(total.commissioner_share) == 506.25
    assert pounds(total.held_back) == 675.00
    assert pounds(total.net_income) == 2193.75
    assert pounds(total.admin) == 129.60  # 36 appointments
    assert pounds(total.letters) == 26.28
    assert pounds(total.texts) == 1.73  # 36 x 2 x £0.024 = £1.728
    assert pounds(total.staff + total.unit_hire + total.moves + total.site_visits) == 29650.00
    assert pounds(total.net_contribution) == -27613.86  # 2,193.75 - 29,807.608


def test_break_even_is_the_volume_at_which_a_service_pays_for_its_sessions_and_units(
    hand_book, hand_world
):
    money = price(hand_world).planned
    # Each service's fixed costs: 3 sessions x £400, half of weeks 0-2's hire (both services
    # ran one session each), half the week-0 move and visit: 1,200 + 9,000 + 1,250 + 375.
    fixed = 11825.0
    per_appointment = 3.60 + 0.73 + 2 * 0.024
    derm_margin = 3261.60 - 489.24 - 36 * per_appointment
    ent_margin = 3488.40 - 523.26 - 36 * per_appointment
    even = money.break_even()
    assert even["dermatology"].volume_factor == pytest.approx(fixed / derm_margin)
    assert even["dermatology"].appointments == pytest.approx(36 * fixed / derm_margin)
    assert even["ent"].volume_factor == pytest.approx(fixed / ent_margin)
    # the same under the contingency's haircut: the margin is net of the income held back
    held = price(hand_world).contingent.break_even()["dermatology"]
    assert held.volume_factor == pytest.approx(fixed / (derm_margin - 0.2 * 3261.60))
    # week 3, off the road with no sessions: its hire is no service's
    assert pounds(money.by_service()[None].unit_hire) == 6000.00


def test_a_service_whose_patients_cost_more_than_they_earn_never_breaks_even(hand_book, hand_world):
    for row in hand_book.services:
        row.first_price_gbp, row.follow_up_price_gbp = 1, 1
    assert price(hand_world).planned.break_even()["ent"].volume_factor is None


def test_every_breakdown_adds_up_to_the_total(hand_book, hand_world):
    money = price(hand_world).planned
    total = money.total()
    for groups in (money.by_service(), money.by_unit(), money.by_site(), money.by_week()):
        assert sum(g.net_contribution for g in groups.values()) == pytest.approx(
            total.net_contribution
        )
        assert sum(g.appointments for g in groups.values()) == pytest.approx(72)
    assert pounds(money.by_site()[None].unit_hire) == 6000.00  # week 3, off the road


def test_payback_counts_the_weeks_until_the_outlay_is_repaid(hand_book, hand_world):
    # No hire, moves, fees or clinicians: each of weeks 0-2 nets (5,737.50 - 72 x 4.378) / 3
    hand_book.site_visit_gbp = 0
    for row in hand_book.units:
        row.hire_per_week_gbp = row.move_gbp = 0
    for row in hand_book.staff:
        row.session_gbp = 0
    priced = price(hand_world)
    weekly = (5737.50 - 72 * 4.378) / 3
    assert pounds(priced.planned.total().net_contribution) == pounds(3 * weekly)
    found = priced.payback(False)
    assert found.outlay_gbp == 25000  # £20,000 capital and £5,000 start-up
    # 4 cycles (16 weeks) repay 12 x 1,807.43 = 21,689.14; weeks 17 and 18 pass 25,000
    assert found.weeks == 18
    assert found.cumulative_gbp[15] == pytest.approx(-25000 + 12 * weekly)
    assert price(hand_world).payback(True).weeks > 18


def test_a_missing_price_is_named_and_never_counted_as_nought(hand_book, hand_world):
    derm = next(row for row in hand_book.services if row.service_id == "dermatology")
    derm.follow_up_price_gbp = None
    money = price(hand_world).planned
    assert money.total().missing == {"Dermatology clinic: no follow-up attendance price"}
    assert money.by_service()["ent"].missing == frozenset()
    assert pounds(money.by_service()["dermatology"].income_national) == 2144.00  # firsts only


def test_break_even_says_when_it_needs_more_than_the_sessions_offer_or_a_price_is_missing(
    hand_book, hand_world
):
    even = price(hand_world).planned.break_even()["dermatology"]
    assert even.slots == 42  # 3 sessions of 14
    assert even.appointments > 42 and even.beyond_slots
    hand_book.services[1].first_price_gbp = None  # ENT
    unknown = price(hand_world).planned.break_even()["ent"]
    assert (unknown.priced, unknown.volume_factor) == (False, None)


def test_the_market_forces_factor_raises_the_price_before_the_discount(hand_book, hand_world):
    hand_book.market_forces_factor = 1.1
    total = price(hand_world).planned.total()
    assert pounds(total.income_national) == 7500.00  # 3,624 + 3,876, as the tariff gives it
    assert pounds(total.income) == 7425.00  # × 1.1 × 0.9
    assert pounds(total.commissioner_share) == 1113.75
