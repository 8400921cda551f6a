"""Property tests on small random instances: every plan solve and baseline write is valid,
and solve is never worse than the manager's rotation (the baseline) by the order of merit.

Two kinds of instance: hand-drawn ones, and the benchmark families of `bench.generate`
shrunk to a handful of sites, units and clinicians."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate_family
from bench.shapes import FAMILIES
from scheduler import (
    Clinician,
    DateRange,
    DemandRow,
    FixedItems,
    Horizon,
    Instance,
    Placement,
    Practice,
    Service,
    Site,
    Unit,
    baseline,
    read_instance,
    score,
    solve,
    validate,
)
from scheduler.search.solve import merit

MONDAY = date(2027, 1, 4)
SLOTS = tuple(f"{d}-{s}" for d in ("Mon", "Tue", "Wed", "Thu", "Fri") for s in ("AM", "PM"))
SERVICES = (
    Service("derm", None, "outpatient", None, 10, ("dermatology",), 18, 15),
    Service("diab", None, "outpatient", None, 8, ("diabetes", "nurse"), 18, 10),
    Service("mri", None, "radiology", "mri", 12, ("radiographer", "radiographer"), 1, 25),
    Service("list", None, "theatre", None, 5, ("surgery", "anaesthesia"), 18, 25),
)
SKILLS = ("dermatology", "diabetes", "nurse", "radiographer", "surgery", "anaesthesia")
TYPES = ("outpatient", "radiology", "theatre")


def near(draw) -> tuple[float, float]:
    return 51.70 + draw(st.integers(0, 10)) * 0.01, -0.50 + draw(st.integers(0, 10)) * 0.01


def one_week_range(draw, weeks: int) -> tuple[DateRange, ...]:
    if not draw(st.booleans()):
        return ()
    first = MONDAY + timedelta(days=draw(st.integers(0, 7 * weeks - 1)))
    return (DateRange(first, first + timedelta(days=draw(st.integers(0, 3)))),)


@st.composite
def instances(draw) -> Instance:
    weeks = draw(st.integers(2, 4))
    closed = tuple(
        MONDAY + timedelta(days=d) for d in draw(st.sets(st.integers(0, 7 * weeks - 1), max_size=1))
    )
    sites = []
    for i in range(draw(st.integers(1, 3))):
        lat, lon = near(draw)
        types = tuple(t for t in TYPES if draw(st.booleans())) or ("outpatient",)
        sites.append(
            Site(
                f"s{i}",
                None,
                f"L{i % 2}",
                None,
                lat,
                lon,
                draw(st.integers(1, 2)),
                types,
                one_week_range(draw, weeks),
                draw(st.integers(0, 1)),
            )
        )
    units = []
    for i in range(draw(st.integers(1, 3))):
        unit_type = draw(st.sampled_from(TYPES))
        caps = ("mri",) if unit_type == "radiology" else ()
        units.append(
            Unit(
                f"u{i}",
                None,
                unit_type,
                draw(st.integers(1, 2)),
                caps,
                draw(st.integers(0, 2)),
                one_week_range(draw, weeks),
            )
        )
    practices, demand = [], []
    for i in range(draw(st.integers(1, 3))):
        lat, lon = near(draw)
        practices.append(Practice(f"p{i}", None, f"L{i % 2}", None, lat, lon))
        for k in SERVICES:
            if draw(st.booleans()):
                demand.append(DemandRow(f"p{i}", k.id, draw(st.integers(0, 40)) / 2))
    clinicians = []
    for i in range(draw(st.integers(1, 5))):
        lat, lon = near(draw)
        skills = tuple(s for s in SKILLS if draw(st.integers(0, 2)) == 0) or ("dermatology",)
        availability = tuple(s for s in SLOTS if draw(st.booleans()))
        clinicians.append(
            Clinician(
                f"c{i}",
                None,
                skills,
                lat,
                lon,
                draw(st.sampled_from([None, 3.0, 30.0])),
                availability,
                draw(st.sampled_from([None, 1, 3])),
                one_week_range(draw, weeks),
            )
        )
    fixed = FixedItems()
    hosts = [s for s in sites if units[0].type in s.unit_types]
    if hosts and draw(st.booleans()):
        week = draw(st.integers(0, weeks - 1))
        fixed = FixedItems((Placement(units[0].id, draw(st.sampled_from(hosts)).id, week),), ())
    return Instance(
        name="random",
        horizon=Horizon(MONDAY, weeks, ("Mon", "Tue", "Wed", "Thu", "Fri"), closed_dates=closed),
        sites=tuple(sites),
        units=tuple(units),
        services=SERVICES,
        practices=tuple(practices),
        demand=tuple(demand),
        clinicians=tuple(clinicians),
        fixed=fixed,
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_solve_and_baseline_write_valid_plans_and_solve_is_no_worse(instance):
    _no_worse_than_the_rotation(instance)


def _no_worse_than_the_rotation(instance: Instance) -> None:
    result = solve(instance, time_limit_s=2, workers=1)
    reference = baseline(instance)
    reference_valid = validate(instance, reference) == []
    if result.plan is None:
        assert result.status == "infeasible" and result.explanation
        assert not reference_valid
        return
    assert validate(instance, result.plan) == []
    assert result.bound is None or result.plan.kpis["coverage"] <= result.bound + 1e-9
    if reference_valid:
        assert merit(score(instance, result.plan)) >= merit(score(instance, reference))


@pytest.mark.parametrize("family", sorted(FAMILIES))
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000))
def test_every_family_gets_valid_plans_no_worse_than_the_rotation(family, seed):
    _no_worse_than_the_rotation(read_instance(generate_family(family, seed, shrink=True)))


def test_the_shrunk_families_keep_what_binds_them():
    def shrunk(name: str) -> Instance:
        return read_instance(generate_family(name, 1, shrink=True))

    def per_unit(instance: Instance) -> float:
        return len(instance.clinicians) / len(instance.units)

    def demand(instance: Instance) -> float:
        return sum(row.per_week for row in instance.demand)

    base = shrunk("clinician-bound")
    assert {u.type for u in base.units} == {"outpatient", "radiology", "theatre"}
    assert per_unit(shrunk("tight-staff")) < per_unit(base) / 2
    assert per_unit(shrunk("fleet-bound")) > 2 * per_unit(base)
    assert demand(shrunk("loaded")) > 1.2 * demand(base)
    assert shrunk("fixed").fixed.placements and not base.fixed.placements
    assert len(shrunk("large").sites) > len(shrunk("west-herts").sites) > len(base.sites)
    assert len({json.dumps(generate_family(n, 1, shrink=True)["clinicians"]) for n in FAMILIES}) > 3
