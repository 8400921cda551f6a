"""`climb.Climb`: other tours for a unit judged by the LP with every placement fixed, each
solved once, only a better one returned."""

from __future__ import annotations

import pytest

from scheduler.model.relaxation import Relaxation
from scheduler.rules.facts import Facts
from scheduler.search import climb as climb_module
from scheduler.search.climb import Climb
from tests.scheduler.planner_instances import one_clinic, op1_tour, two_sites

WEEKS = 4
FREE = {("op-1", w) for w in range(WEEKS)}
VALUE = {("op-1", s, w): (2.0 if s == "a" else 1.0) for s in "ab" for w in range(WEEKS)}


def fixes(monkeypatch) -> list:
    """The rotations the LP is fixed to (each before a solve), in order."""
    solved = []
    real = Relaxation.fix

    def spy(self, placements):
        solved.append(placements)
        real(self, placements)

    monkeypatch.setattr(Relaxation, "fix", spy)
    return solved


def climb_for(instance) -> Climb:
    facts = Facts(instance)
    return Climb(facts, Relaxation(facts, deterministic=True, arrivals=True), 10.0)


def test_block_moves_find_a_better_tour_where_no_long_stay_is_tried(monkeypatch):
    # Moving every week serves nothing (the clinician works Monday mornings, the setup
    # day); with no long stays, moves of one block at a time reach a tour that serves.
    monkeypatch.setattr(climb_module, "long_stays", lambda *args: [])
    climb = climb_for(one_clinic(weeks=WEEKS))
    moving = op1_tour("a", "b", "a", "b")
    start = climb.served(moving)
    assert start == pytest.approx(0.0, abs=1e-6)
    found = climb.better((start, moving), "op-1", FREE, VALUE, seed=0, done=lambda: False)
    assert found is not None
    served, rotation = found
    assert served > start + 1.0
    assert climb.served(rotation) == served
    assert climb.tried >= 1


def test_nothing_is_returned_where_nothing_serves_more():
    climb = climb_for(one_clinic(weeks=WEEKS))
    staying = op1_tour("a", "a", "a", "a")  # the best there is (2/3 of demand)
    best = (climb.served(staying), staying)
    assert climb.better(best, "op-1", FREE, VALUE, seed=0, done=lambda: False) is None
    assert climb.tried >= 1


def test_the_climb_stops_when_told():
    climb = climb_for(one_clinic(weeks=WEEKS))
    moving = op1_tour("a", "b", "a", "b")
    best = (climb.served(moving), moving)
    assert climb.better(best, "op-1", FREE, VALUE, seed=0, done=lambda: True) is None
    assert climb.tried == 0


def test_a_rotation_is_solved_once_and_margins_are_of_the_rotation_asked(monkeypatch):
    solved = fixes(monkeypatch)
    climb = climb_for(one_clinic(weeks=WEEKS))
    staying, moving = op1_tour("a", "a", "a", "a"), op1_tour("a", "b", "a", "b")
    climb.served(staying)
    climb.served(moving)
    climb.served(staying)
    assert solved == [staying, moving]
    # the LP's last solve is of `moving`: the margins of `staying` need it solved again
    worth = climb.worth(staying, FREE)
    assert solved == [staying, moving, staying]
    assert worth is not None
    climb.worth(staying, FREE)
    assert len(solved) == 3


def test_a_step_spends_at_most_its_solves(monkeypatch):
    monkeypatch.setattr(climb_module, "STEP_SOLVES", 2)
    climb = climb_for(one_clinic(weeks=8))
    moving = op1_tour(*"abababab")
    best = (climb.served(moving), moving)
    free = {("op-1", w) for w in range(8)}
    value = {("op-1", s, w): 1.0 for s in "ab" for w in range(8)}
    climb.better(best, "op-1", free, value, seed=0, done=lambda: False)
    assert climb.tried == 2


def test_block_moves_stop_after_patience_moves_in_a_row_find_no_more(monkeypatch):
    # Staying at a is the best there is: every move fails, so one is tried.
    monkeypatch.setattr(climb_module, "long_stays", lambda *args: [])
    monkeypatch.setattr(climb_module, "PATIENCE", 1)
    climb = climb_for(one_clinic(weeks=WEEKS))
    staying = op1_tour("a", "a", "a", "a")
    best = (climb.served(staying), staying)
    assert climb.better(best, "op-1", FREE, VALUE, seed=0, done=lambda: False) is None
    assert climb.tried == 1
    # without block moves, long stays only (none here): nothing is solved
    climb = climb_for(one_clinic(weeks=WEEKS))
    best = (climb.served(staying), staying)
    climb.better(best, "op-1", FREE, VALUE, seed=0, done=lambda: False, moves=False)
    assert climb.tried == 0


def test_presence_means_the_margins_need_a_solve_again(monkeypatch):
    solved = fixes(monkeypatch)
    climb = climb_for(one_clinic(weeks=WEEKS))
    staying = op1_tour("a", "a", "a", "a")
    climb.worth(staying, FREE)
    assert len(solved) == 1
    where = {(p.unit, p.week): p.site for p in staying}
    climb.presence(where, FREE)
    solved.clear()
    climb.worth(staying, FREE)
    assert solved == [staying]


def test_only_units_alone_in_their_services_move_blocks():
    assert climb_module.alone(Facts(one_clinic())) == {"op-1"}
    assert climb_module.alone(Facts(two_sites(units=2))) == set()
