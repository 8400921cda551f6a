"""`stays.long_stays`: a unit's free weeks as long stays at its sites of most value, never
breaking pads, least visits or where the unit may stand."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from scheduler import DateRange, Placement
from scheduler.construct.stays import block_moves, long_stays
from scheduler.rules.facts import Facts
from tests.scheduler.planner_instances import MONDAY, one_clinic, op1_tour, two_sites

WEEKS = 4


def test_stays_keep_the_other_units_and_the_weeks_not_free():
    # op-1's weeks 1-3 are free, and it is worth most at a, then b: one stay at a, one at
    # b, and the two halves each way round; op-2 and op-1's week 0 stay where they are.
    instance = two_sites(weeks=WEEKS, pads_a=2, units=2)
    facts = Facts(instance)
    start = (
        Placement("op-1", "b", 0),
        *(Placement("op-1", s, w) for w, s in ((1, "b"), (2, "a"), (3, "b"))),
        *(Placement("op-2", "a", w) for w in range(WEEKS)),
    )
    free = {("op-1", w) for w in (1, 2, 3)}
    value = {("op-1", s, w): (2.0 if s == "a" else 1.0) for s in "ab" for (_, w) in free}
    tours = long_stays(facts, start, "op-1", free, value)
    rest = {p for p in start if p.unit == "op-2" or p.week == 0}
    assert all(rest <= set(tour) and len(tour) == len(start) for tour in tours)
    op1 = [tuple(p.site for p in tour if p.unit == "op-1" and p.week > 0) for tour in tours]
    assert op1 == [("a", "a", "a"), ("b", "b", "b"), ("a", "b", "b"), ("b", "a", "a")]


def test_no_stay_is_tried_that_breaks_a_sites_pads_or_least_visits():
    # op-2 fills site a's one pad all cycle: op-1 may not stand there. And site b wants a
    # week: alone, op-1 may not leave it for good, but may share the cycle with a.
    facts = Facts(two_sites(weeks=WEEKS, units=2, min_weeks_b=1))
    at_b = tuple(Placement("op-1", "b", w) for w in range(WEEKS))
    at_a = tuple(Placement("op-2", "a", w) for w in range(WEEKS))
    free = {("op-1", w) for w in range(WEEKS)}
    value = {("op-1", s, w): (2.0 if s == "a" else 1.0) for s in "ab" for w in range(WEEKS)}
    assert long_stays(facts, at_b + at_a, "op-1", free, value) == []
    alone = Facts(one_clinic(weeks=WEEKS, min_weeks_b=1))
    tours = long_stays(alone, at_b, "op-1", free, value)
    assert tours == [op1_tour("a", "a", "b", "b"), op1_tour("b", "b", "a", "a")]


def test_no_stay_puts_the_unit_where_it_may_not_stand_that_week():
    # Site a, worth most, is closed in week 2: every stay leaves the unit off the road
    # that week rather than at a (the LP would not see such a placement: it has no
    # variable for it).
    base = one_clinic(weeks=WEEKS)
    closed = DateRange(MONDAY + timedelta(days=14), MONDAY + timedelta(days=18))
    site_a = replace(base.sites[0], unavailable=(closed,))
    facts = Facts(replace(base, sites=(site_a, base.sites[1])))
    free = {("op-1", w) for w in range(WEEKS)}
    value = {("op-1", s, w): (2.0 if s == "a" else 1.0) for s in "ab" for w in range(WEEKS)}
    tours = long_stays(facts, op1_tour("b", "a", "b", "a"), "op-1", free, value)
    assert op1_tour("a", "a") + (Placement("op-1", "a", 3),) in tours
    assert all(Placement("op-1", "a", 2) not in tour for tour in tours)


def test_block_moves_shift_boundaries_move_blocks_and_give_them_away():
    # op-1 at a, a, b, b: a boundary one week either way (two would empty a block), each
    # block moved to the other site (the same as giving it to its neighbour: once).
    facts = Facts(one_clinic(weeks=WEEKS))
    free = {("op-1", w) for w in range(WEEKS)}
    moves = block_moves(facts, op1_tour("a", "a", "b", "b"), "op-1", free, ["a", "b"])
    assert moves == [
        op1_tour("a", "a", "a", "b"),
        op1_tour("a", "b", "b", "b"),
        op1_tour("b", "b", "b", "b"),
        op1_tour("a", "a", "a", "a"),
    ]


def test_block_moves_set_a_stay_in_the_middle_of_a_long_block():
    # Six weeks at a: all at b, or two or three weeks at b inside it.
    facts = Facts(one_clinic(weeks=6))
    free = {("op-1", w) for w in range(6)}
    moves = block_moves(facts, op1_tour(*"aaaaaa"), "op-1", free, ["b"])
    assert moves == [op1_tour(*"bbbbbb"), op1_tour(*"aabbaa"), op1_tour(*"abbbaa")]


def test_block_moves_keep_the_weeks_not_free_and_the_rules():
    # Site b wants a week (rule 8). With week 0 not free, moves leave it at b, so the
    # rest may all be at a; with every week free, no move may leave b for good.
    facts = Facts(one_clinic(weeks=WEEKS, min_weeks_b=1))
    free = {("op-1", w) for w in (1, 2, 3)}
    moves = block_moves(facts, op1_tour("b", "a", "a", "b"), "op-1", free, ["a", "b"])
    assert moves == [
        op1_tour("b", "a", "b", "b"),
        op1_tour("b", "b", "b", "b"),
        op1_tour("b", "a", "a", "a"),
    ]
    free = {("op-1", w) for w in range(WEEKS)}
    moves = block_moves(facts, op1_tour("a", "a", "a", "b"), "op-1", free, ["a", "b"])
    assert op1_tour("a", "a", "b", "b") in moves
    assert op1_tour("a", "a", "a", "a") not in moves
    assert all(any(p.site == "b" for p in tour) for tour in moves)
