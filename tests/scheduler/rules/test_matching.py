"""Bipartite matching for staffing and fixed sessions."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.rules.matching import max_matching, staff_matching


def test_staff_are_matched_one_to_one_whatever_the_order():
    both = frozenset({"orthopaedic-surgery", "anaesthesia"})
    surgeon = frozenset({"orthopaedic-surgery"})
    # the first clinician could take either role; only one assignment works
    assert staff_matching(["orthopaedic-surgery", "anaesthesia"], [both, surgeon]) == {0: 1, 1: 0}
    assert staff_matching(["anaesthesia", "anaesthesia"], [both, surgeon]) is None
    assert staff_matching(["anaesthesia"], [both, surgeon]) is None  # wrong head count
    assert staff_matching([], []) == {}


def test_long_augmenting_chains_need_no_recursion():
    chain = [[i, i + 1] for i in range(5000)]
    assert len(max_matching(chain[::-1])) == 5000


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 4), max_size=4), max_size=5))
def test_matching_is_maximum(candidates):
    matched = max_matching(candidates)
    assert all(right in candidates[left] for left, right in matched.items())
    assert len(set(matched.values())) == len(matched)
    best = max(
        (
            sum(1 for left, right in enumerate(choice) if right in candidates[left])
            for choice in itertools.product(*[c + [None] for c in candidates])
            if len({r for r in choice if r is not None}) == sum(r is not None for r in choice)
        ),
        default=0,
    )
    assert len(matched) == best
