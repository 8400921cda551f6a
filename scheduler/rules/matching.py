"""Maximum bipartite matching (augmenting paths), for staffing and fixed-session checks."""

from __future__ import annotations

from collections.abc import Hashable, Sequence


def max_matching(candidates: Sequence[Sequence[Hashable]]) -> dict[int, Hashable]:
    """Match left item i to one of `candidates[i]`, each right item used at most once.

    Returns a maximum matching as {left index: right item}. Kuhn's algorithm: small inputs
    (a session's staff, the fixed sessions of an instance) make its O(V·E) cost negligible.
    """
    owner: dict[Hashable, int] = {}  # right item -> left index matched to it

    def augment(root: int) -> bool:
        """Find an augmenting path from `root` depth first, without recursion."""
        seen: set[Hashable] = set()
        stack = [(root, iter(candidates[root]))]
        path: list[Hashable] = []  # path[k]: right item that frame k hopes to take
        while stack:
            _, options = stack[-1]
            for right in options:
                if right in seen:
                    continue
                seen.add(right)
                path.append(right)
                if right not in owner:
                    for (left, _), taken in zip(stack, path, strict=True):
                        owner[taken] = left
                    return True
                stack.append((owner[right], iter(candidates[owner[right]])))
                break
            else:
                stack.pop()
                if path:
                    path.pop()
        return False

    for left in range(len(candidates)):
        augment(left)
    return {left: right for right, left in owner.items()}


def staff_matching(
    staff: Sequence[str], skills_of: Sequence[frozenset[str]]
) -> dict[int, int] | None:
    """Assign clinician j (with skills `skills_of[j]`) to staff entry i one to one.

    Returns {staff index: clinician index} covering every entry, or None when impossible.
    """
    if len(staff) != len(skills_of):
        return None
    candidates = [[j for j, skills in enumerate(skills_of) if need in skills] for need in staff]
    matched = max_matching(candidates)
    if len(matched) != len(staff):
        return None
    return {i: int(j) for i, j in matched.items()}
