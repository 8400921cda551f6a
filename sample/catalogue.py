"""Define the sample services and derive each practice's weekly demand from its list size.

per_week = list_size x rate / 1000 / 52 x eligible x share, where ``rate`` is activity per
1,000 registered patients a year, ``eligible`` the fraction a touring unit can take at all
and ``share`` the fraction of that this scenario routes to the mobile service. Those are
first attendances; each clinic's follow-up ratio says how many follow-up attendances each
leads to, and the app derives that demand (plans/follow_ups.py).
docs/sample-data.md gives the source of every figure.
"""

from dataclasses import dataclass

WEEKS_PER_YEAR = 52
PER_WEEK_DECIMALS = 2  # a hundredth of a referral a week is finer than any rate here

OUTPATIENT_WAIT_WEEKS = 18  # consultant-led referral to treatment standard
DIAGNOSTIC_WAIT_WEEKS = 6  # diagnostic waiting time standard (DM01)

# Routine first appointments: two-week-wait cancer and urgent referrals stay at the hospital.
ROUTINE_FRACTION = 0.8
# Day cases fit for a standalone unit (ASA 1-2, no overnight stay): approx (knowledge).
STANDALONE_FRACTION = 0.7

OUTPATIENT_RATE = "England GP referrals by specialty, approx (knowledge)"
OUTPATIENT_SLOTS = "a mixed 4-hour clinic (BOA/BODS norms, synthesis)"
# A follow-up is booked within about three months of the first appointment: assumed.
FOLLOW_UP_WEEKS = 12
# Follow-ups per first attendance (shared/data/business/followup_ratios.csv).
MODERN_OUTPATIENT = "gov.scot 'The Modern Outpatient' Annex 1 (ISD 2015/16), Scotland proxy"
RATIO_SOURCES = {
    "dermatology": (1.33, MODERN_OUTPATIENT),
    "orthopaedics": (
        1.6,
        "gov.scot 'The Modern Outpatient' Annex 2 (ISD 2015/16): trauma and orthopaedics "
        "(450,263 - 173,099 new) / 173,099 new, Scotland proxy",
    ),
    "ent": (0.96, MODERN_OUTPATIENT),
    "ophthalmology": (2.37, MODERN_OUTPATIENT),
    "gynaecology": (0.94, MODERN_OUTPATIENT),
    "general-surgery": (1.21, MODERN_OUTPATIENT),
    "cardiology": (1.52, MODERN_OUTPATIENT),
    "urology": (
        1.57,
        "assumed: no urology figure found; Scotland's 'Acute Surgical' aggregate "
        "(ISD 2015/16, The Modern Outpatient Annex 1)",
    ),
    "gastroenterology": (
        1.85,
        "proxy: no gastroenterology figure found; England's consultant-led figure for all "
        "specialties (National Cost Collection 2023/24)",
    ),
}
# Commissioned caps on follow-ups per first attendance (planning uses the smaller of ratio and
# cap). Dermatology's is assumed: England's consultant-led ratio for all specialties less the
# quarter NHS England asked follow-ups to fall by (docs/sample-data.md); above the clinic's
# own ratio, so it caps what the clinic books, not what is planned.
CAP_SOURCES = {
    "dermatology": (
        1.4,
        "assumed: England's consultant-led ratio for all specialties, 1.85 (National Cost "
        "Collection 2023/24), less the quarter NHS England asked follow-ups to fall by "
        "(approx (knowledge)); above the clinic's ratio, so planning is unchanged",
    ),
}
THEATRE_RATE = "approx (knowledge)"
IMAGING_RATE = "recent DID level, approx (knowledge)"


@dataclass(frozen=True)
class Service:
    """One service of services.csv with the figures its demand is derived from."""

    id: str
    name: str
    unit_type: str
    capability: str
    slots_per_session: int  # every appointment of a session
    staff: tuple[str, ...]
    max_wait_weeks: int
    max_travel_km: int
    rate_per_1000: float
    eligible: float
    share: float
    source: str
    follow_up_slots: int = 0  # of slots_per_session
    follow_up_ratio: float = 0.0  # follow-ups per first attendance
    follow_up_weeks: int | None = None
    follow_up_cap: float | None = None  # commissioned cap on the ratio (None: none)

    @property
    def follow_ups_per_first(self) -> float:
        """The follow-ups planned per first attendance: the ratio, within the cap."""
        return min(self.follow_up_ratio, self.follow_up_cap or self.follow_up_ratio)

    def per_week(self, list_size: int) -> float:
        """Return the weekly referrals a practice of this list size sends."""
        yearly = list_size * self.rate_per_1000 / 1000
        return round(yearly / WEEKS_PER_YEAR * self.eligible * self.share, PER_WEEK_DECIMALS)


def _clinic(
    service_id: str, name: str, template: tuple[int, int], rate: float, travel_km: int
) -> Service:
    """Return a consultant-led outpatient clinic that needs one specialist.

    `template` is the session's (new, follow-up) slots.
    """
    new, follow_up = template
    ratio, ratio_source = RATIO_SOURCES[service_id]
    cap, cap_source = CAP_SOURCES.get(service_id, (None, ""))
    capped = f"; cap {cap:g} follow-ups per first: {cap_source}" if cap is not None else ""
    return Service(
        service_id,
        name,
        "outpatient",
        "",
        new + follow_up,
        (service_id,),
        OUTPATIENT_WAIT_WEEKS,
        travel_km,
        rate,
        ROUTINE_FRACTION,
        1.0,
        f"rate {rate:g}/1000/yr: {OUTPATIENT_RATE}; {new + follow_up} slots, {new} new + "
        f"{follow_up} follow-up: {OUTPATIENT_SLOTS}; {ratio:g} follow-ups per first: "
        f"{ratio_source}; follow-ups due within {FOLLOW_UP_WEEKS} weeks: assumed{capped}",
        follow_up,
        ratio,
        FOLLOW_UP_WEEKS,
        cap,
    )


# Dermatology and ENT see more new patients a session than the other clinics.
BRISK = (8, 6)
STANDARD = (6, 9)


def _list(service_id: str, name: str, slots: int, rate: float, surgeon: str, why: str) -> Service:
    """Return a day-surgery theatre list that needs a surgeon and an anaesthetist."""
    return Service(
        service_id,
        name,
        "theatre",
        "day-surgery",
        slots,
        (surgeon, "anaesthesia"),
        OUTPATIENT_WAIT_WEEKS,
        25,
        rate,
        STANDALONE_FRACTION,
        1.0,
        f"rate {rate:g}/1000/yr: {THEATRE_RATE}; {slots} cases per list: {why}",
    )


# Radiology skill for each capability; an MR scanner is never run by one person alone.
SCAN_STAFF = {
    "xray": ("radiography",),
    "ultrasound": ("sonography",),
    "ct": ("ct-radiography",),
    "mri": ("mri-radiography", "mri-radiography"),
}


def _scan(
    capability: str,
    name: str,
    slots: int,
    travel_km: int,
    rate: float,
    eligible: float,
    share: float,
    why: str,
) -> Service:
    """Return a diagnostic imaging list on a radiology unit with ``capability``."""
    return Service(
        capability,
        name,
        "radiology",
        capability,
        slots,
        SCAN_STAFF[capability],
        DIAGNOSTIC_WAIT_WEEKS,
        travel_km,
        rate,
        eligible,
        share,
        f"rate {rate:g}/1000/yr: {IMAGING_RATE}; {why}",
    )


SERVICES = (
    _clinic("dermatology", "Dermatology clinic", BRISK, 17, 15),
    _clinic("orthopaedics", "Trauma and orthopaedics (MSK) clinic", STANDARD, 27, 15),
    _clinic("ent", "ENT clinic", BRISK, 16, 15),
    _clinic("ophthalmology", "Ophthalmology clinic", STANDARD, 17, 15),
    _clinic("gynaecology", "Gynaecology clinic", STANDARD, 16, 15),
    _clinic("general-surgery", "General surgery clinic", STANDARD, 17, 15),
    _clinic("cardiology", "Cardiology clinic", STANDARD, 10, 20),
    _clinic("urology", "Urology clinic", STANDARD, 10, 20),
    _clinic("gastroenterology", "Gastroenterology clinic", STANDARD, 10, 20),
    _list(
        "cataract-list",
        "Cataract day-surgery list",
        6,
        7.0,
        "ophthalmic-surgery",
        "Eye 2023 time-and-motion study, 5-7 unilateral",
    ),
    _list(
        "orthopaedic-day-case",
        "Orthopaedic day-case list (hand, knee arthroscopy)",
        5,
        3.0,
        "orthopaedic-surgery",
        "day-case norms, approx (knowledge): knee arthroscopy 4-6, hand 6-10",
    ),
    _list(
        "general-surgery-day-case",
        "General surgery day-case list (hernia, gallbladder)",
        4,
        4.0,
        "general-surgery",
        "day-case norms, approx (knowledge): hernia or lap cholecystectomy 3-4",
    ),
    _scan(
        "xray",
        "Plain X-ray (GP direct access)",
        24,
        15,
        390,
        0.35,
        0.25,
        "24 per session (10-minute slots): approx (knowledge); "
        "GP-requested 35%: approx (knowledge)",
    ),
    _scan(
        "ultrasound",
        "Non-obstetric ultrasound",
        10,
        15,
        195,
        0.45,
        0.3,
        "10 per session (20-minute slots): approx (knowledge); "
        "GP-requested 45%: approx (knowledge)",
    ),
    _scan(
        "ct",
        "CT scan",
        20,
        25,
        135,
        0.275,
        0.9,
        "20 per session, approx (knowledge); GP and outpatient requests 25-30%, approx (knowledge)",
    ),
    _scan(
        "mri",
        "MRI scan",
        10,
        25,
        70,
        0.4,
        0.8,
        "10 per session: Hemel mobile MRI, 154 scans a week (hemeltoday.co.uk 31-01-2022); "
        "GP and outpatient requests 40%, approx (knowledge); two MR-trained staff",
    ),
)


def service_rows() -> list[dict[str, str]]:
    """Return services.csv rows."""
    return [
        {
            "id": service.id,
            "name": service.name,
            "unit_type": service.unit_type,
            "capability": service.capability,
            "slots_per_session": str(service.slots_per_session),
            "follow_up_slots": str(service.follow_up_slots),
            "staff": ";".join(service.staff),
            "max_wait_weeks": str(service.max_wait_weeks),
            "max_travel_km": str(service.max_travel_km),
            "follow_up_ratio": f"{service.follow_up_ratio:g}",
            "follow_up_cap": "" if service.follow_up_cap is None else f"{service.follow_up_cap:g}",
            "follow_up_weeks": ""
            if service.follow_up_weeks is None
            else str(service.follow_up_weeks),
            "source": service.source,
        }
        for service in SERVICES
    ]


def demand_rows(practices: list[dict[str, str]]) -> list[dict[str, str]]:
    """Return demand.csv rows: one per practice and service."""
    return [
        {
            "practice": practice["id"],
            "service": service.id,
            "per_week": f"{service.per_week(int(practice['list_size'])):.2f}",
            "source": f"{practice['list_size']} x {service.rate_per_1000:g}/1000/yr / 52 x "
            f"{service.eligible:g} x {service.share:g}",
        }
        for practice in practices
        for service in SERVICES
    ]
