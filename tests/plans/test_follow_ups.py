"""Follow-up demand derived from new demand and each service's ratio: the rows it gives, the
rows an imported instance may carry, and a plan made and scored with them."""

import pytest

import scheduler.contract.domain as d
from plans.bridge import scenario_instance
from plans.follow_ups import first_attendances, follow_up_problems, with_follow_ups
from scheduler import instance_to_json, read_instance, score, solve, validate
from tests.plans.conftest import MONDAY, WEEKS


def _service(service_id: str, ratio: float = 0.0, cap: float | None = None) -> d.Service:
    return d.Service(
        service_id, None, "outpatient", None, 14, (service_id,), 18, None, 6, ratio, cap
    )


def test_each_new_row_is_followed_by_its_ratios_follow_ups():
    services = (_service("derm", ratio=1.33), _service("ent", ratio=0.96))
    rows = (d.DemandRow("P1", "derm", 3.0), d.DemandRow("P1", "ent", 2.5))
    assert with_follow_ups(services, rows) == (
        d.DemandRow("P1", "derm", 3.0),
        d.DemandRow("P1", "derm", 3.0 * 1.33, d.FOLLOW_UP),
        d.DemandRow("P1", "ent", 2.5),
        d.DemandRow("P1", "ent", 2.5 * 0.96, d.FOLLOW_UP),
    )


def test_a_commissioned_cap_limits_the_ratio_and_only_the_ratio():
    capped = (_service("derm", ratio=2.37, cap=1.5),)
    assert with_follow_ups(capped, (d.DemandRow("P1", "derm", 4.0),))[1].per_week == 4.0 * 1.5
    loose = (_service("derm", ratio=0.94, cap=1.5),)
    assert with_follow_ups(loose, (d.DemandRow("P1", "derm", 4.0),))[1].per_week == 4.0 * 0.94


@pytest.mark.parametrize(
    ("service", "per_week"),
    [
        (_service("derm"), 4.0),  # no ratio
        (_service("derm", ratio=1.33, cap=0.0), 4.0),  # none commissioned
        (_service("derm", ratio=1.33), 0.0),  # no new patients
    ],
)
def test_no_follow_up_row_where_none_follow(service, per_week):
    rows = (d.DemandRow("P1", "derm", per_week),)
    assert with_follow_ups((service,), rows) == rows


def _instance(demand: tuple[d.DemandRow, ...]) -> d.Instance:
    place = {"locality": "Tring", "postcode": None, "lat": 51.79, "lon": -0.65}
    return d.Instance(
        name="fu",
        horizon=d.Horizon(MONDAY, WEEKS, ("Mon", "Tue", "Wed", "Thu", "Fri")),
        sites=(),
        units=(),
        services=(_service("derm", ratio=1.5, cap=1.25), _service("ent")),
        practices=(d.Practice("P1", None, **place), d.Practice("P2", None, **place)),
        demand=demand,
        clinicians=(),
    )


def test_an_instance_whose_follow_up_rows_its_ratios_give_has_no_problems():
    new = (d.DemandRow("P1", "derm", 4.0), d.DemandRow("P2", "derm", 2.0))
    instance = _instance(with_follow_ups(_instance(new).services, new))
    assert follow_up_problems(instance) == []
    assert first_attendances(instance) == {("P1", "derm"): 4.0, ("P2", "derm"): 2.0}
    # Rows for a pair add up, so a pair's follow-ups may come in two rows.
    split = (*new, d.DemandRow("P1", "derm", 2.0, d.FOLLOW_UP))
    split += (
        d.DemandRow("P1", "derm", 3.0, d.FOLLOW_UP),
        d.DemandRow("P2", "derm", 2.5, "follow_up"),
    )
    assert follow_up_problems(_instance(split)) == []


def test_follow_up_rows_other_than_the_ratios_give_are_named_by_row_or_service():
    instance = _instance(
        (
            d.DemandRow("P1", "derm", 4.0),
            d.DemandRow("P1", "derm", 6.0, d.FOLLOW_UP),  # the ratio's 1.5, not the cap's 1.25
            d.DemandRow("P1", "ent", 2.0),
            d.DemandRow("P1", "ent", 1.0, d.FOLLOW_UP),  # ent has no ratio
            d.DemandRow("P2", "derm", 2.0),  # its 2.5 follow-ups are missing
        )
    )
    assert follow_up_problems(instance) == [
        "demand[1] (P1, derm, follow_up): 6 a week, but the service's follow-up ratio gives "
        "5 (4 new × 1.25 follow-ups per first)",
        "demand[3] (P1, ent, follow_up): 1 a week, but the service's follow-up ratio gives "
        "0 (2 new × 0 follow-ups per first)",
        "services[0] (derm): its follow-up ratio gives P2 2.5 (2 new × 1.25 follow-ups per "
        "first) a week, but the instance has no follow_up row for them",
    ]


def test_the_database_gives_each_new_row_its_follow_ups(clinic_world):
    instance = scenario_instance(clinic_world)
    assert [(r.practice, r.service, r.per_week, r.kind) for r in instance.demand] == [
        ("E82001", "dermatology", 5.0, "new"),
        ("E82001", "dermatology", 5.0 * 1.25, "follow_up"),
        ("E82001", "ent", 6.0, "new"),
        ("E82001", "ent", 3.0, "follow_up"),
        ("E82002", "dermatology", 3.0, "new"),
        ("E82002", "dermatology", 3.0 * 1.25, "follow_up"),
    ]
    dermatology = instance.service_by_id["dermatology"]
    assert (dermatology.follow_up_slots, dermatology.follow_up_weeks) == (6, 12)


def test_follow_up_demand_derived_from_ratios_feeds_a_valid_exactly_scored_plan(clinic_world):
    # What the planner reads: the instance as the contract's JSON, as a solve job sends it.
    instance = read_instance(instance_to_json(scenario_instance(clinic_world)))
    result = solve(instance, time_limit_s=5, seed=0, workers=1)
    plan = result.plan
    assert plan is not None, result.explanation
    assert validate(instance, plan) == []

    new = {"dermatology": 5.0 + 3.0, "ent": 6.0}
    follow_ups = {"dermatology": new["dermatology"] * 1.25, "ent": new["ent"] * 0.5}
    demand = {k: (new[k] + follow_ups[k]) * WEEKS for k in new}
    slots = {"dermatology": 14, "ent": 15}
    offered = {k: slots[k] * sum(s.service == k for s in plan.sessions) for k in slots}
    served = sum(min(demand[k], offered[k]) for k in demand)
    assert offered["dermatology"] < demand["dermatology"]  # the follow-ups make it short

    recomputed = score(instance, plan).to_json()
    for kpis in (plan.kpis, recomputed):
        assert kpis["demand"] == pytest.approx(sum(demand.values()))
        assert kpis["served"] == pytest.approx(served, rel=0.005)
        assert kpis["coverage"] == pytest.approx(served / sum(demand.values()), rel=0.005)
    assert plan.kpis["coverage"] == pytest.approx(recomputed["coverage"], rel=0.005)
    assert plan.kpis["served"] == pytest.approx(recomputed["served"], rel=0.005)
