"""The money terms of a scenario, as plain values: prices, discount, share, costs, contingencies.

`business.book` reads them from the scenario's price book; `business.money` prices a plan
with them. Percentages are kept as fractions here (0.15 for 15%).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

# What one referral served of a service is, by the unit type that runs it: an outpatient
# clinic's are first attendances (and follow-ups), a scanner's diagnostic tests, a theatre's
# day-case procedures.
ATTENDANCE = "attendance"
TEST = "test"
PROCEDURE = "procedure"
ACTIVITY_OF_UNIT_TYPE = {"outpatient": ATTENDANCE, "radiology": TEST, "theatre": PROCEDURE}
FIRST_CONTACT = {
    ATTENDANCE: "first attendance",
    TEST: "diagnostic test",
    PROCEDURE: "day-case procedure",
}
WEEKS_PER_YEAR = 52


@dataclass(frozen=True)
class ServiceTerms:
    """What a service's activity is and what it earns at the national price.

    `first_price_gbp` prices the first contact (a first attendance, a test or a procedure);
    `follow_up_price_gbp` a follow-up attendance. None: no price given, which the figures
    name and never count as zero.
    """

    name: str
    activity: str  # ATTENDANCE, TEST or PROCEDURE
    follow_ups_per_first: float = 0.0
    first_price_gbp: float | None = None
    follow_up_price_gbp: float | None = None


@dataclass(frozen=True)
class UnitTerms:
    name: str
    hire_per_week_gbp: float
    move_gbp: float  # haulage and setting up at each arrival


@dataclass(frozen=True)
class Contingency:
    """The business case's contingencies: less activity than planned, and income held back."""

    volume_factor: float = 1.0  # the share of the planned activity that happens
    income_haircut: float = 0.0  # the share of income held back


NONE = Contingency()


@dataclass(frozen=True)
class Terms:
    market_forces_factor: float  # the national price is paid times this
    discount: float  # below the national price (after the market forces factor)
    commissioner_share: float  # of each referral's price, returned to the commissioner
    site_visit_gbp: float  # a fee for each stay of a unit at a site
    admin_per_appointment_gbp: float
    letters_per_appointment: float
    letter_gbp: float
    texts_per_appointment: float
    text_gbp: float
    services: Mapping[str, ServiceTerms]
    units: Mapping[str, UnitTerms]
    session_gbp_by_skill: Mapping[str, float | None]  # a clinician's session, by skill
    contingency: Contingency = NONE
    capital_outlay_gbp: float = 0.0
    startup_gbp: float = 0.0
    site_names: Mapping[str, str] = field(default_factory=dict)

    @property
    def outlay_gbp(self) -> float:
        return self.capital_outlay_gbp + self.startup_gbp
