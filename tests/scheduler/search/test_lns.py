"""The large-neighbourhood search's loop (`lns.search`), run with stand-ins for the repair
and the run so that each rule of the loop can be watched; and a run of `solve` that repeats
and never loses to its starting plan."""

from __future__ import annotations

from collections import defaultdict

from bench.generate import generate_family
from scheduler import Plan, baseline, read_instance, score, solve, validate
from scheduler.model.weights import Weights
from scheduler.rules.facts import Facts
from scheduler.search import lns as lns_module
from scheduler.search.candidates import Run
from scheduler.search.lns import (
    OFFER_EVERY,
    STEP_LEAST_S,
    STEP_MOST_S,
    STEP_SHARE,
    SWEEP_WEEKS,
    search,
    sweep,
)
from scheduler.search.neighbourhoods import KINDS, Neighbourhood
from scheduler.search.solve import merit
from tests.scheduler.planner_instances import one_clinic


class Steps:
    """Stand-ins for a run: the best plan, offers that succeed as told, and the clock.

    `seconds_left[i]` is what the clock says before step i (none left past the list).
    """

    def __init__(self, improves=(), seconds_left=()) -> None:
        self.best = Plan("p0", (), ())
        self.improves = list(improves)
        self.seconds_left = list(seconds_left)
        self.drawn_from: list[Plan] = []
        self.repaired: list[tuple[Plan, float]] = []
        self.offered: list[Plan] = []
        self.learnt: list[bool] = []
        self.draws_left: int | None = None

    def repair(self, plan: Plan, hood: Neighbourhood, budget_s: float) -> Plan:
        self.repaired.append((plan, budget_s))
        return Plan(f"p{len(self.repaired)}", (), ())

    def draw(self, plan: Plan) -> Neighbourhood | None:
        self.drawn_from.append(plan)
        if self.draws_left is not None:
            if self.draws_left == 0:
                return None
            self.draws_left -= 1
        return Neighbourhood("sessions", (0, 1), frozenset())

    def offer(self, plan: Plan, source: str) -> bool:
        assert source == "neighbourhood: sessions"
        self.offered.append(plan)
        kept = self.improves.pop(0) if self.improves else False
        if kept:
            self.best = plan
        return kept

    def left(self) -> float:
        done = len(self.repaired)
        return self.seconds_left[done] if done < len(self.seconds_left) else 0.0

    def learn(self, hood: Neighbourhood, improved: bool) -> None:
        self.learnt.append(improved)

    def run(self, *, steps: int | None, step_s: float = 2.0, longest_s: float = 0.0):
        return search(
            self.repair,
            self.draw,
            best=lambda: self.best,
            offer=self.offer,
            left=self.left,
            steps=steps,
            step_s=step_s,
            learn=self.learn,
            longest_s=longest_s,
        )


def test_search_runs_exactly_the_steps_it_is_given():
    steps = Steps()  # no time left: a fixed number of steps ignores the clock
    taken = steps.run(steps=5)
    assert len(taken) == 5 and len(steps.repaired) == 5
    assert all(budget == 2.0 for _, budget in steps.repaired)
    assert [(kind, weeks) for kind, weeks, _, _ in taken] == [("sessions", 2)] * 5


def test_search_stops_when_there_is_nothing_left_to_draw():
    steps = Steps()
    steps.draws_left = 2
    assert len(steps.run(steps=10)) == 2
    assert len(steps.repaired) == 2
    steps = Steps(seconds_left=[100.0] * 10)
    steps.draws_left = 3
    assert len(steps.run(steps=None)) == 3


def test_search_stops_when_less_than_half_a_step_is_left():
    steps = Steps(seconds_left=[10.0, 1.5, 0.99, 100.0])
    taken = steps.run(steps=None, step_s=2.0)
    assert len(taken) == 2
    # The step's budget is the time left, at most a step.
    assert [budget for _, budget in steps.repaired] == [2.0, 1.5]


def test_search_starts_no_step_with_less_time_left_than_the_longest_step_took(monkeypatch):
    clock = [0.0]

    class Clock:
        @staticmethod
        def monotonic() -> float:
            return clock[0]

    class Slow(Steps):
        def repair(self, plan, hood, budget_s):
            clock[0] += 3.0  # a step overrunning its 2 s budget
            return super().repair(plan, hood, budget_s)

    monkeypatch.setattr(lns_module, "time", Clock)
    steps = Slow(seconds_left=[10.0, 2.5, 100.0])
    taken = steps.run(steps=None, step_s=2.0)
    assert len(taken) == 1  # 2.5 s would do for 3/4 of a step, not for the 3 s one took
    assert taken[0][3] == 3.0


def test_search_starts_no_step_with_less_time_left_than_the_runs_longest_step():
    # the sweep's weeks took up to 4 s: with 3.6 s left no neighbourhood begins
    steps = Steps(seconds_left=[3.6, 100.0])
    assert steps.run(steps=None, step_s=2.0, longest_s=4.0) == []
    steps = Steps(seconds_left=[4.5, 0.0])
    assert len(steps.run(steps=None, step_s=2.0, longest_s=4.0)) == 1


def test_what_offer_answers_is_what_learn_receives():
    answers = [True, False, False, True, False]
    steps = Steps(improves=answers)
    taken = steps.run(steps=5)
    assert steps.learnt == answers
    assert [improved for _, _, improved, _ in taken] == answers


def test_a_repair_with_nothing_to_offer_is_a_failure():
    steps = Steps(improves=[True] * 3)
    steps.repair = lambda plan, hood, budget_s: None
    taken = steps.run(steps=3)
    assert steps.offered == [] and steps.learnt == [False] * 3
    assert [improved for _, _, improved, _ in taken] == [False] * 3


def test_each_step_starts_from_the_best_plan():
    steps = Steps(improves=[False, True, False, True, False])
    steps.run(steps=5)
    names = [plan.instance for plan, _ in steps.repaired]
    # p2 and p4 (the results of steps 2 and 4) became the best.
    assert names == ["p0", "p0", "p2", "p2", "p4"]
    assert [plan.instance for plan in steps.drawn_from] == names


# the sweep: a few weeks at a time, each step from the last step's plan


class SweepRun:
    """Stand-in for `candidates.Run`: the best plan, offers kept as told, a clock that
    never runs out, two workers."""

    workers, time_limit_s, score_s = 2, 600.0, 0.0

    def __init__(self, weeks: int, improves=()) -> None:
        self.unswept = list(range(weeks))
        self.best = (Plan("p0", (), ()), None)
        self.improves = list(improves)
        self.offered: list[str] = []
        self.statistics = defaultdict(list)

    def offer(self, plan: Plan, source: str) -> bool:
        assert source == "sweep: sessions"
        self.offered.append(plan.instance)
        kept = self.improves.pop(0) if self.improves else True
        if kept:
            self.best = (plan, None)
        return kept

    def elapsed(self) -> float:
        return 0.0

    def left(self) -> float:
        return self.time_limit_s

    def reserve_s(self) -> float:
        return 0.0


def _chunks(weeks: int) -> list[tuple[int, ...]]:
    """The weeks of a sweep over `weeks` weeks, step by step."""
    return [tuple(range(i, min(weeks, i + SWEEP_WEEKS))) for i in range(0, weeks, SWEEP_WEEKS)]


def _after(plan: Plan, hood) -> Plan:
    return Plan(f"{plan.instance}+{'.'.join(map(str, hood.weeks))}", (), ())


def test_the_sweep_chains_steps_of_a_few_weeks_and_offers_every_few():
    chunks = _chunks(SWEEP_WEEKS * (OFFER_EVERY + 1))  # one offer's steps and one more
    run = SweepRun(weeks=SWEEP_WEEKS * (OFFER_EVERY + 1), improves=[False, True])
    repaired = []

    def repair(plan, hood, budget_s):
        assert hood.kind == "sessions" and hood.quick and not hood.units
        repaired.append((plan.instance, hood.weeks))
        return _after(plan, hood)

    sweep(run, repair, ends=600.0)
    # every week once, SWEEP_WEEKS a step, in order
    assert [weeks for _, weeks in repaired] == chunks
    assert all(len(weeks) == SWEEP_WEEKS for weeks in chunks)
    names = ["p0"]
    for weeks in chunks[:OFFER_EVERY]:
        names.append(f"{names[-1]}+{'.'.join(map(str, weeks))}")
    # Each step starts from the last step's plan; the first offer loses, so the sweep
    # goes on from the best plan (p0), and the rest is offered at the end.
    assert [plan for plan, _ in repaired] == names[:OFFER_EVERY] + ["p0"]
    last = "p0+" + ".".join(map(str, chunks[-1]))
    assert run.offered == [names[-1], last]
    assert run.best[0].instance == last and run.unswept == []
    steps = run.statistics["steps"]
    assert [step[2] for step in steps] == [False] * OFFER_EVERY + [True]
    assert [step[1] for step in steps] == [SWEEP_WEEKS] * (OFFER_EVERY + 1)


def test_the_sweep_stops_at_its_end_time_and_offers_what_it_has():
    run = SweepRun(weeks=4 * SWEEP_WEEKS)
    # the clock is read twice a step (may it begin; its budget): two steps, then past the end
    clock = iter([0.0, 0.0, 0.0, 0.0, 700.0])
    run.elapsed = lambda: next(clock, 700.0)
    sweep(run, lambda plan, hood, s: _after(plan, hood), ends=600.0)
    first, second = _chunks(4 * SWEEP_WEEKS)[:2]
    both = f"p0+{'.'.join(map(str, first))}+{'.'.join(map(str, second))}"
    first_only = f"p0+{'.'.join(map(str, first))}"
    assert run.offered == ([both] if OFFER_EVERY >= 2 else [first_only, both])
    assert run.unswept == list(range(2 * SWEEP_WEEKS, 4 * SWEEP_WEEKS))


def test_the_sweep_takes_every_week_once_when_they_do_not_divide_into_steps():
    weeks = 2 * SWEEP_WEEKS + 1
    run, seen = SweepRun(weeks=weeks), []

    def repair(plan, hood, budget_s):
        seen.append(hood.weeks)
        return _after(plan, hood)

    sweep(run, repair, ends=600.0)
    assert seen == _chunks(weeks) and seen[-1] == (weeks - 1,)
    assert [step[1] for step in run.statistics["steps"]] == [len(w) for w in seen]


def test_a_sweep_step_with_nothing_to_offer_is_recorded_and_the_next_starts_from_the_last_plan():
    weeks = 3 * SWEEP_WEEKS
    run, repaired = SweepRun(weeks=weeks), []

    def repair(plan, hood, budget_s):
        repaired.append(plan.instance)
        return None if hood.weeks[0] == SWEEP_WEEKS else _after(plan, hood)  # the 2nd fails

    sweep(run, repair, ends=600.0)
    first, _, third = _chunks(weeks)
    after_first = f"p0+{'.'.join(map(str, first))}"
    assert repaired == ["p0", after_first, after_first]
    assert run.best[0].instance == f"{after_first}+{'.'.join(map(str, third))}"
    failed = [step for step in run.statistics["steps"] if not step[2]]
    assert [(kind, n) for kind, n, *_ in failed] == [("sweep", SWEEP_WEEKS)]
    assert len(run.statistics["steps"]) == 3 and run.unswept == []


def test_after_the_sweep_steps_are_staffed_quickly_with_the_usual_budget(monkeypatch):
    instance = read_instance(generate_family("fleet-bound", 4, shrink=True))
    run = Run(Facts(instance), Weights(), 60.0, 0, 2, None)
    run.offer(baseline(instance), "manager's rotation")
    calls = {}

    def fake_search(repair, draw, **kwargs):
        calls.update(kwargs, hood=draw(run.best[0]))
        return []

    monkeypatch.setattr(lns_module, "search", fake_search)
    lns_module.improve(run, None)  # no sweep: steps staffed by CP-SAT
    assert not calls["hood"].quick
    usual = calls["step_s"]
    run.unswept = []  # the sweep ran (120 sites)
    lns_module.improve(run, None)
    assert calls["hood"].quick and calls["step_s"] == usual
    assert usual == min(STEP_MOST_S, max(STEP_LEAST_S, STEP_SHARE * 60.0))


# solve, end to end


def test_solve_repeats_and_never_loses_to_the_starting_plan():
    instance = read_instance(generate_family("fleet-bound", 4, shrink=True))
    first = solve(instance, time_limit_s=5, workers=1, seed=3)
    second = solve(instance, time_limit_s=5, workers=1, seed=3)
    assert first.plan is not None and second.plan is not None
    assert first.plan.placements == second.plan.placements
    assert first.plan.sessions == second.plan.sessions
    steps = first.statistics["steps"]
    assert steps and all(kind in KINDS for kind, *_ in steps)
    assert [s[:3] for s in steps] == [s[:3] for s in second.statistics["steps"]]
    assert validate(instance, first.plan) == []
    assert merit(score(instance, first.plan)) >= merit(score(instance, baseline(instance)))


def test_one_worker_searches_for_a_quarter_of_the_limit_in_counted_steps():
    # One worker counts its steps so that runs repeat: a quarter of the limit (LNS_SHARE)
    # at about a second a step on this instance (1 s plus 0.4 ms for each of its 8
    # unit-site-weeks), the rest being the rounds' (half, before the seventh session).
    instance = one_clinic(weeks=4)
    steps = {
        limit: len(solve(instance, time_limit_s=limit, workers=1, seed=0).statistics["steps"])
        for limit in (20.0, 40.0)
    }
    assert steps == {20.0: 4, 40.0: 9}


def test_a_sweep_from_a_given_plan_goes_on_from_its_own_plan_when_an_offer_loses():
    # The unit tours' rotation, its rooms filled as the manager fills them, may score below
    # the best plan until most of its weeks are swept: the sweep keeps to it.
    weeks = SWEEP_WEEKS * (2 * OFFER_EVERY + 1)  # two offers' steps (from a start) and one
    run, repaired = SweepRun(weeks=weeks, improves=[False, True]), []

    def repair(plan, hood, budget_s):
        repaired.append(plan.instance)
        return _after(plan, hood)

    sweep(run, repair, ends=600.0, start=Plan("tours", (), ()))
    chunks = _chunks(weeks)
    names = ["tours"]
    for weeks_of_step in chunks:
        names.append(f"{names[-1]}+{'.'.join(map(str, weeks_of_step))}")
    assert repaired == names[:-1]  # every step from the last one's plan, never from p0
    assert run.offered == [names[2 * OFFER_EVERY], names[-1]]
    assert run.best[0].instance == names[-1]
