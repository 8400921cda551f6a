"""Payback: when the plan's net contribution has repaid the capital outlay and start-up costs.

The plan's cycle repeats: week by week its net contribution is added to a cash position that
starts at minus the outlay, for at most `MAX_YEARS`.
"""

from dataclasses import dataclass

from business.money import Money
from business.terms import WEEKS_PER_YEAR

# A board reads payback over a few years; a plan that has not paid back in five is told so.
MAX_YEARS = 5


@dataclass(frozen=True)
class Payback:
    outlay_gbp: float
    weeks: int | None  # weeks of running until the cash position is no longer negative
    cumulative_gbp: tuple[float, ...]  # the cash position at the end of each week

    @property
    def years(self) -> float | None:
        return None if self.weeks is None else self.weeks / WEEKS_PER_YEAR

    @property
    def months(self) -> float | None:
        return None if self.weeks is None else self.weeks * 12 / WEEKS_PER_YEAR


def payback(money: Money, outlay_gbp: float) -> Payback:
    """The payback of `outlay_gbp` from `money`'s weekly net contribution, cycle after cycle."""
    weekly = [lines.net_contribution for lines in money.by_week().values()]
    cash = -outlay_gbp
    cumulative = []
    paid_back = 0 if outlay_gbp <= 0 else None
    for week in range(MAX_YEARS * WEEKS_PER_YEAR):
        cash += weekly[week % len(weekly)]
        cumulative.append(cash)
        if paid_back is None and cash >= 0:
            paid_back = week + 1
    return Payback(outlay_gbp, paid_back, tuple(cumulative))
