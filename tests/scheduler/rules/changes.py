"""Helpers of the rule tests (not a test module): a plan with items added, and what breaks."""

from __future__ import annotations

from dataclasses import replace

from scheduler import validate


def broken(instance, plan) -> dict[int, list[str]]:
    """Messages of the violations, by rule."""
    out: dict[int, list[str]] = {}
    for v in validate(instance, plan):
        out.setdefault(v.rule, []).append(v.message)
    return out


def with_sessions(plan, *sessions):
    return replace(plan, sessions=plan.sessions + sessions)


def with_placements(plan, *placements):
    return replace(plan, placements=plan.placements + placements)
