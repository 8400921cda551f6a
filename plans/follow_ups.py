"""Follow-up demand, derived from first attendances and each service's follow-up ratio.

The database keeps new referrals per practice and service (`Demand`) and, per service, how
many follow-up attendances each first attendance leads to (`follow_up_ratio`, within
`follow_up_cap`). Follow-up demand is never stored: an instance gets it here as demand rows of
kind `follow_up` (docs/contract-extensions.md), and the follow-up rows of an instance being
imported must be the ones its services' ratios give, so that nothing is counted twice.
"""

import math
from collections.abc import Iterable

import scheduler.contract.domain as d

# Why an instance whose follow-up rows `follow_up_problems` finds fault with is refused.
NOT_DERIVED = (
    "its follow-up demand is not what its services' follow-up ratios give (the app derives "
    "follow-up rows from new demand and the ratios: correct the rows or the ratios, or leave "
    "the follow_up rows out)"
)
# Follow-up rows agree with a ratio when they are within this of it, relatively and in
# referrals a week: far below any figure people write, far above float rounding.
AGREES_WITHIN = 1e-6


def with_follow_ups(
    services: Iterable[d.Service], rows: Iterable[d.DemandRow]
) -> tuple[d.DemandRow, ...]:
    """Each new-demand row, followed by the follow-up row its service's ratio gives.

    A row whose service plans no follow-ups (ratio or cap 0), or that asks for none, gets
    no follow-up row.
    """
    per_first = {service.id: service.follow_ups_per_first for service in services}
    out = []
    for row in rows:
        out.append(row)
        follow_ups = row.per_week * per_first.get(row.service, 0.0)
        if row.kind == d.NEW and follow_ups > 0:
            out.append(d.DemandRow(row.practice, row.service, follow_ups, d.FOLLOW_UP))
    return tuple(out)


def first_attendances(instance: d.Instance) -> dict[tuple[str, str], float]:
    """New referrals a week by (practice, service): the instance's rows of kind `new`."""
    return _totals(row for row in instance.demand if row.kind == d.NEW)


def follow_up_problems(instance: d.Instance) -> list[str]:
    """Where the instance's follow-up rows differ from what its services' ratios give.

    Rows for a practice and service add up, so they are compared by pair; a problem names
    the pair's first follow-up row, or the service when the pair has none.
    """
    firsts = [row for row in instance.demand if row.kind == d.NEW]
    derived = _totals(r for r in with_follow_ups(instance.services, firsts) if r.kind != d.NEW)
    given, first_row = {}, {}
    for index, row in enumerate(instance.demand):
        if row.kind == d.FOLLOW_UP:
            key = (row.practice, row.service)
            given[key] = given.get(key, 0.0) + row.per_week
            first_row.setdefault(key, index)
    new = first_attendances(instance)
    problems = []
    last = len(instance.demand)  # pairs without follow-up rows are named after the others
    for key in sorted(given.keys() | derived.keys(), key=lambda k: (first_row.get(k, last), k)):
        have, want = given.get(key, 0.0), derived.get(key, 0.0)
        if math.isclose(have, want, rel_tol=AGREES_WITHIN, abs_tol=AGREES_WITHIN):
            continue
        practice, service = key
        per_first = instance.service_by_id[service].follow_ups_per_first
        gives = f"{want:g} ({new.get(key, 0.0):g} new × {per_first:g} follow-ups per first)"
        if key in first_row:
            problems.append(
                f"demand[{first_row[key]}] ({practice}, {service}, follow_up): "
                f"{have:g} a week, but the service's follow-up ratio gives {gives}"
            )
        else:
            index = instance.services.index(instance.service_by_id[service])
            problems.append(
                f"services[{index}] ({service}): its follow-up ratio gives {practice} "
                f"{gives} a week, but the instance has no follow_up row for them"
            )
    return problems


def _totals(rows: Iterable[d.DemandRow]) -> dict[tuple[str, str], float]:
    total: dict[tuple[str, str], float] = {}
    for row in rows:
        total[row.practice, row.service] = (
            total.get((row.practice, row.service), 0.0) + row.per_week
        )
    return total
