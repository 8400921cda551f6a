"""What the benchmark's generated instances are made of: the Dacorum sample's services, the
kinds of unit, and the shapes of the families (`bench.generate` draws instances from them)."""

from __future__ import annotations

from dataclasses import dataclass, replace

# (id, unit type, capability, slots per session, staff, max wait weeks, max travel km,
#  referrals a week per 1000 patients): the Dacorum sample's services.
SERVICES = (
    ("cardiology", "outpatient", None, 6, ["cardiology"], 18, 20.0, 0.45),
    ("dermatology", "outpatient", None, 8, ["dermatology"], 18, 15.0, 0.75),
    ("ent", "outpatient", None, 8, ["ent"], 18, 15.0, 0.70),
    ("gastroenterology", "outpatient", None, 6, ["gastroenterology"], 18, 20.0, 0.45),
    ("general-surgery", "outpatient", None, 6, ["general-surgery"], 18, 15.0, 0.75),
    ("gynaecology", "outpatient", None, 6, ["gynaecology"], 18, 15.0, 0.70),
    ("ophthalmology", "outpatient", None, 6, ["ophthalmology"], 18, 15.0, 0.75),
    ("orthopaedics", "outpatient", None, 6, ["orthopaedics"], 18, 15.0, 1.20),
    ("urology", "outpatient", None, 6, ["urology"], 18, 20.0, 0.45),
    (
        "cataract-list",
        "theatre",
        "day-surgery",
        6,
        ["ophthalmic-surgery", "anaesthesia"],
        18,
        25.0,
        0.27,
    ),
    (
        "general-surgery-day-case",
        "theatre",
        "day-surgery",
        4,
        ["general-surgery", "anaesthesia"],
        18,
        25.0,
        0.16,
    ),
    (
        "orthopaedic-day-case",
        "theatre",
        "day-surgery",
        5,
        ["orthopaedic-surgery", "anaesthesia"],
        18,
        25.0,
        0.12,
    ),
    ("xray", "radiology", "xray", 24, ["radiography"], 6, 15.0, 1.90),
    ("ultrasound", "radiology", "ultrasound", 10, ["sonography"], 6, 15.0, 1.45),
    ("mri", "radiology", "mri", 10, ["mri-radiography", "mri-radiography"], 6, 25.0, 1.25),
    ("ct", "radiology", "ct", 20, ["ct-radiography"], 6, 25.0, 1.85),
)
# The kinds of unit, with their share of the fleet.
UNIT_KINDS = (
    ("outpatient", 3, [], 0.50),
    ("radiology", 2, ["xray", "ultrasound"], 0.13),
    ("radiology", 1, ["mri"], 0.12),
    ("radiology", 1, ["ct"], 0.10),
    ("theatre", 1, ["day-surgery"], 0.15),
)
DEMAND_PER_CAPACITY = 1.0  # referral demand, in sessions, per session the fleet can hold


@dataclass(frozen=True)
class Family:
    """How a family's instances are shaped: sizes and what binds."""

    sites: int
    units: int
    practices: int
    clinicians: int
    weeks: int = 16
    demand_per_capacity: float = DEMAND_PER_CAPACITY
    available_slots: tuple[int, int] = (3, 7)  # a clinician's weekday-sessions, fewest, most
    sessions_per_week: tuple[int, ...] = (2, 3, 3, 4, 5)  # drawn from
    setup_days: tuple[int, ...] | None = None  # drawn from; None: 2 for theatres, else 1
    fixed_weeks: int = 0  # weeks of the manager's rotation published (fixed), from week 0


# The benchmark families (sizes of the 30-site instances unless the name says otherwise).
FAMILIES = {
    "clinician-bound": Family(30, 8, 40, 70),
    "fleet-bound": Family(
        30, 8, 40, 200, available_slots=(8, 10), sessions_per_week=(6, 8, 10), setup_days=(1, 2)
    ),
    "tight-staff": Family(40, 8, 50, 30),
    "loaded": Family(30, 8, 40, 70, demand_per_capacity=1.4),
    "fixed": Family(30, 8, 40, 70, fixed_weeks=4),
    "west-herts": Family(60, 15, 75, 150),
    "large": Family(120, 30, 150, 300),
}
# Published weeks fix the placements; the sessions of this many of them (from week 0) are
# fixed too (they already hold bookings).
FIXED_SESSION_WEEKS = 2


def small(family: Family) -> Family:
    """The family shrunk for property tests, keeping what binds it: 4 weeks, at least 8
    sites and one unit of each kind (5), a larger fleet for the larger families, and the
    family's clinicians per unit (tight staff stays tight, fleet-bound keeps its surplus),
    demand per capacity, job plans, setup days and published week.

    At this size West Herts and large are the clinician-bound shape a little larger (10
    and 20 sites); their scale is the slow tests' and the benchmark's. Shrinking the
    clinicians with the sites instead (before 2026-12-02) left every family with one
    clinician per skill, so that all but fleet-bound were the same instance.
    """
    sites = max(8, family.sites // 6)
    units = max(len(UNIT_KINDS), family.units // 4)
    return replace(
        family,
        sites=sites,
        units=units,
        practices=sites,
        clinicians=round(family.clinicians / family.units * units),
        weeks=4,
        fixed_weeks=min(family.fixed_weeks, 1),
    )
