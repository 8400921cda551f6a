"""`tour_order`: which units the unit tours take together, and in what order."""

from __future__ import annotations

from bench.generate import generate_family
from scheduler import Placement, read_instance
from scheduler.rules.facts import Facts
from scheduler.search.tour_order import by_gain, next_units, service_groups
from tests.scheduler.planner_instances import two_clinics, two_sites


def test_units_are_grouped_by_the_services_they_share():
    assert service_groups(Facts(two_clinics())) == [
        frozenset({"op-1"}),
        frozenset({"op-2"}),
    ]
    assert service_groups(Facts(two_sites(units=2))) == [frozenset({"op-1", "op-2"})]


def test_service_groups_part_the_large_familys_fleet_by_shared_services():
    facts = Facts(read_instance(generate_family("large", 1, shrink=True)))
    groups = service_groups(facts)
    assert sorted(u for g in groups for u in g) == sorted(u.id for u in facts.instance.units)
    services = {u: set(s) for u, s in facts.unit_services.items()}
    for g in groups:
        for h in groups:
            if g is not h:
                assert not any(services[u] & services[v] for u in g for v in h)


def test_a_batch_takes_the_first_unit_of_each_group_left_in_the_pass():
    queue = ["a1", "b1", "a2", "c1", "b2"]
    groups = [frozenset({"a1", "a2"}), frozenset({"b1", "b2"}), frozenset({"c1"})]
    assert next_units(queue, groups) == ("a1", "b1", "c1")
    assert queue == ["a2", "b2"]
    assert next_units(queue, None) == ("a2",)
    assert queue == ["b2"]


def test_a_pass_takes_first_the_units_that_would_gain_most_at_the_margins():
    # op-1 stands at its best site each week; op-2 stands where it is worth 1 of 5.
    margins = {
        ("op-1", "a", 0): 3.0,
        ("op-1", "b", 0): 1.0,
        ("op-2", "a", 0): 5.0,
        ("op-2", "b", 0): 1.0,
    }
    placements = (Placement("op-1", "a", 0), Placement("op-2", "b", 0))
    assert by_gain(["op-1", "op-2"], margins, placements) == ["op-2", "op-1"]
    assert by_gain(["op-2", "op-1"], None, placements) == ["op-2", "op-1"]
