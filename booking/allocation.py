"""Automatic allocation: book the waiting list into free slots as a min-cost flow.

Each waiting referral sends one unit of flow either to a free slot of its service within its
reach or straight to the sink, unplaced. Costs are integers (OR-Tools' min-cost flow is), so
travel is counted in tenths of a kilometre. A referral's weight grows with urgency and with
nearness to its breach date; leaving it unplaced costs far more than any appointment, so the
flow places as many as capacity allows, urgent and closest-to-breach first; an appointment on
or after the breach date costs more than any journey; then travel and waiting decide.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from ortools.graph.python import min_cost_flow

from booking.finder import Point, travel_km
from booking.openings import Opening
from booking.slots import usable_kind

KM_SCALE = 10  # cost units per km: tenths of a kilometre
URGENT_WEIGHT, ROUTINE_WEIGHT = 300, 100  # an urgent referral outranks any routine one
CLOSENESS_DAYS = 126  # within 18 weeks of breach a referral gains weight, a day at a time...
CLOSENESS_STEP_DAYS = 2  # ...one point per two days, so at most 63: below the urgent margin
UNPLACED_PER_WEIGHT = 1000  # x weight: above any appointment's cost, so all that fit are placed
LATE_PER_WEIGHT = 100  # x weight: an appointment on or after the breach date
LATE_PER_DAY = 10  # and each day past it
WAIT_PER_DAY = {"urgent": 3, "routine": 1}  # sooner is better, more so when urgent


@dataclass(frozen=True)
class Candidate:
    """A referral to place, with what allocation needs to know about it."""

    referral_id: int
    service_id: str
    priority: str
    breach_date: date | None
    point: Point | None
    max_travel_km: float | None
    step_kind: str = "first"  # a follow-up takes the sessions' follow-up slots
    opens: date = date.min  # no slot before this day (a follow-up's, near its due date)


def weight(candidate: Candidate, today: date) -> int:
    """How much placing the referral matters: urgency, then nearness to breach."""
    base = URGENT_WEIGHT if candidate.priority == "urgent" else ROUTINE_WEIGHT
    if candidate.breach_date is None:
        return base
    days_left = (candidate.breach_date - today).days
    closeness = min(max(CLOSENESS_DAYS - days_left, 0), CLOSENESS_DAYS)
    return base + closeness // CLOSENESS_STEP_DAYS


def arc_cost(candidate: Candidate, opening: Opening, km: float | None, today: date) -> int:
    """The cost of booking the referral into the session (travel, waiting, lateness)."""
    cost = round((km or 0.0) * KM_SCALE) + WAIT_PER_DAY[candidate.priority] * max(
        (opening.date - today).days, 0
    )
    if candidate.breach_date is not None and opening.date >= candidate.breach_date:
        days_late = (opening.date - candidate.breach_date).days
        cost += LATE_PER_WEIGHT * weight(candidate, today) + LATE_PER_DAY * days_late
    return cost


def allocate(candidates: list[Candidate], openings: list[Opening], today: date) -> dict[int, int]:
    """Place referrals into free slots at least cost.

    Args:
        candidates: the referrals to place.
        openings: free sessions; each takes at most `free` referrals.
        today: the day the clocks are read.

    Returns:
        {referral_id: session_id} for every referral placed; the rest stay unplaced.
    """
    if not candidates or not openings:
        return {}
    by_service: dict[str, list[int]] = defaultdict(list)
    for index, opening in enumerate(openings):
        by_service[opening.service_id].append(index)
    # Nodes: referral i is i; opening j's new slots are len(candidates) + 2j and its
    # follow-up slots the next node; the sink is last.
    first_opening = len(candidates)
    sink = first_opening + 2 * len(openings)
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs: list[tuple[int, int, int, int]] = []  # (tail, head, capacity, unit cost)
    for i, candidate in enumerate(candidates):
        arcs.append((i, sink, 1, UNPLACED_PER_WEIGHT * weight(candidate, today)))
        for j in by_service.get(candidate.service_id, ()):
            if openings[j].date < candidate.opens:
                continue
            km = travel_km(candidate.point, openings[j])
            limit = candidate.max_travel_km
            if limit is None or km is None or km <= limit:
                cost = arc_cost(candidate, openings[j], km, today)
                kind = usable_kind(candidate.step_kind, openings[j].follow_up_slots)
                arcs.append((i, first_opening + 2 * j + (kind == "follow_up"), 1, cost))
    for j, o in enumerate(openings):
        arcs.append((first_opening + 2 * j, sink, o.free - o.free_follow_up, 0))
        arcs.append((first_opening + 2 * j + 1, sink, o.free_follow_up, 0))
    tails, heads, capacities, costs = (list(column) for column in zip(*arcs, strict=True))
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    for i in range(len(candidates)):
        flow.set_node_supply(i, 1)
    flow.set_node_supply(sink, -len(candidates))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow stopped with status {status}")
    placed = {}
    for a in range(flow.num_arcs()):
        head = flow.head(a)
        if flow.flow(a) and flow.tail(a) < first_opening and head != sink:
            opening = openings[(head - first_opening) // 2]
            placed[candidates[flow.tail(a)].referral_id] = opening.session_id
    return placed
