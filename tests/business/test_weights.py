"""Services weighted by contribution per slot, on the hand-worked example."""

import pytest

from business.pricing import price
from business.weights import NoWeights, contribution_per_slot, service_weights
from extensions import db
from plans.bridge import scenario_instance


def _contributions(plan) -> dict[str, float]:
    return contribution_per_slot(price(plan).terms, scenario_instance(plan.scenario).services)


def test_a_slot_earns_an_average_attendance_less_its_costs(hand_book, hand_world):
    per_appointment = 3.60 + 0.73 + 2 * 0.024
    found = _contributions(hand_world)
    # dermatology: 1 first to 1.25 follow-ups: (134 + 1.25 x 74) / 2.25 a slot
    derm = (134 + 1.25 * 74) / 2.25 * 0.9 * 0.85 - per_appointment - 400 / 14
    ent = (133 + 0.5 * 57) / 1.5 * 0.9 * 0.85 - per_appointment - 400 / 15
    assert found == pytest.approx({"dermatology": derm, "ent": ent})


def test_weights_average_one_over_the_earning_services_and_losers_weigh_nothing():
    assert service_weights({"a": 30.0, "b": 10.0, "c": -5.0}) == {"a": 1.5, "b": 0.5, "c": 0.0}
    with pytest.raises(NoWeights, match="No service earns"):
        service_weights({"a": -1.0})


def test_a_missing_price_is_named(hand_book, hand_world):
    hand_book.services[0].first_price_gbp = None
    with pytest.raises(NoWeights, match=r"Dermatology clinic \(no first attendance price\)"):
        _contributions(hand_world)


def test_the_planners_form_shows_each_services_weight_or_what_is_missing(
    client, login, hand_book, hand_world
):
    login("ops")
    html = client.get("/ops/scenarios/hand").get_data(as_text=True)
    assert "What each service weighs when planning for money" in html
    assert "ENT clinic" in html and "Dermatology clinic" in html
    hand_book.services[0].first_price_gbp = None
    db.session.commit()
    html = client.get("/ops/scenarios/hand").get_data(as_text=True)
    assert "Dermatology clinic (no first attendance price)" in html
