"""Tiny hand-made instances for the planner's tests, where the best plan is known by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from scheduler import (
    Clinician,
    DemandRow,
    FixedItems,
    Horizon,
    Instance,
    Placement,
    Practice,
    Service,
    Site,
    Unit,
)

MONDAY = date(2027, 1, 4)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")
NO_FIXED_ITEMS = FixedItems()


def op1_tour(*sites: str) -> tuple[Placement, ...]:
    """Unit op-1 at `sites[w]` in week w (one site a week, as `one_clinic` needs)."""
    return tuple(Placement("op-1", s, w) for w, s in enumerate(sites))


def one_clinic(
    *,
    weeks: int = 2,
    per_week: float = 15.0,
    availability: tuple[str, ...] = ("Mon-AM",),
    max_sessions_per_week: int | None = 1,
    setup_days: int = 1,
    min_weeks_b: int = 0,
    fixed: FixedItems = NO_FIXED_ITEMS,
) -> Instance:
    """One outpatient unit, sites a and b (7.4 km apart), one practice at a, one clinician.

    The clinician can staff at most one 10-slot dermatology session a week, so with the
    default demand of 15 a week the best coverage is 10 / 15 = 2/3, reached with the unit
    standing at site a all cycle (no arrival, no travel).
    """
    return Instance(
        name="one-clinic",
        horizon=Horizon(start=MONDAY, weeks=weeks, weekdays=WEEKDAYS),
        sites=(
            Site("a", "Site A", "Alpha", None, 51.75, -0.47, 1, ("outpatient",)),
            Site(
                "b", "Site B", "Beta", None, 51.80, -0.40, 1, ("outpatient",), min_weeks=min_weeks_b
            ),
        ),
        units=(Unit("op-1", "Outpatient 1", "outpatient", 1, setup_days=setup_days),),
        services=(
            Service("derm", "Dermatology", "outpatient", None, 10, ("dermatology",), 18, 15),
        ),
        practices=(Practice("P1", "Practice 1", "Alpha", None, 51.75, -0.47, 5000),),
        demand=(DemandRow("P1", "derm", per_week),),
        clinicians=(
            Clinician(
                "c1",
                "Derm 1",
                ("dermatology",),
                51.75,
                -0.47,
                None,
                availability,
                max_sessions_per_week,
            ),
        ),
        fixed=fixed,
    )


def two_towns(weeks: int = 2) -> Instance:
    """Two practices each reaching only their own site (5 km limit, sites 7.4 km apart).

    Town a has 10 referrals a week, town b 30; the clinician staffs one 10-slot session a
    week. Any plan running both sessions serves 20 of 80: coverage 1/4. Putting one week
    at each site serves a's locality 10/20 and b's 10/60, the best lowest coverage (1/6).
    """
    base = one_clinic(weeks=weeks, setup_days=0, availability=("Tue-AM",))
    derm = replace(base.services[0], max_travel_km=5.0)
    return replace(
        base,
        name="two-towns",
        services=(derm,),
        practices=(
            *base.practices,
            Practice("P2", "Practice 2", "Beta", None, 51.80, -0.40, 9000),
        ),
        demand=(DemandRow("P1", "derm", 10.0), DemandRow("P2", "derm", 30.0)),
    )


def two_sites(*, weeks: int = 2, pads_a: int = 1, min_weeks_b: int = 0, units: int = 1) -> Instance:
    """`one_clinic` (outpatient sites a and b, one pad each) with `units` outpatient units."""
    base = one_clinic(weeks=weeks, min_weeks_b=min_weeks_b)
    site_a, site_b = base.sites
    fleet = tuple(Unit(f"op-{i + 1}", None, "outpatient", 1, setup_days=1) for i in range(units))
    return replace(base, sites=(replace(site_a, pads=pads_a), site_b), units=fleet)


def two_services(weeks: int = 2) -> Instance:
    """One outpatient unit at site a; dermatology (10 slots) and diabetes (5 slots) compete
    for its one room.

    The one clinician holds both skills and staffs two sessions a week. Demand is 20
    dermatology and 10 diabetes referrals a week: the most coverage (2/3) runs only
    dermatology; only diabetes serves 10 a week (coverage 1/3).
    """
    base = one_clinic(weeks=weeks, availability=("Mon-AM", "Tue-AM"), max_sessions_per_week=2)
    clinician = replace(base.clinicians[0], skills=("dermatology", "diabetes"))
    return replace(
        base,
        name="two-services",
        sites=base.sites[:1],
        services=(
            *base.services,
            Service("diab", "Diabetes", "outpatient", None, 5, ("diabetes",), 18, 15),
        ),
        demand=(DemandRow("P1", "derm", 20.0), DemandRow("P1", "diab", 10.0)),
        clinicians=(clinician,),
    )


def two_clinics(weeks: int = 2) -> Instance:
    """`one_clinic`'s sites with two outpatient units that share no service: op-1 alone
    has the capability dermatology needs, op-2 the one ophthalmology needs, each with its
    own clinician (Monday mornings, one session a week) and 15 referrals a week."""
    base = one_clinic(weeks=weeks)
    derm = replace(base.services[0], capability="skin")
    eyes = Service("eyes", "Ophthalmology", "outpatient", "eyes", 10, ("ophthalmology",), 18, 15)
    optician = replace(base.clinicians[0], id="c2", name="Eyes 1", skills=("ophthalmology",))
    return replace(
        base,
        name="two-clinics",
        units=(
            Unit("op-1", None, "outpatient", 1, capabilities=("skin",), setup_days=1),
            Unit("op-2", None, "outpatient", 1, capabilities=("eyes",), setup_days=1),
        ),
        services=(derm, eyes),
        demand=(*base.demand, DemandRow("P1", "eyes", 15.0)),
        clinicians=(*base.clinicians, optician),
    )
