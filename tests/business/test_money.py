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
