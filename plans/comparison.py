"""Two plans side by side: their figures and the unit-weeks and sessions that differ."""

from dataclasses import dataclass

from plans.models import Plan

FIGURES = (
    ("coverage", "Coverage", "pct"),
    ("min_locality_coverage", "Worst locality", "pct"),
    ("mean_travel_km", "Mean patient travel (km)", "km"),
    ("moves", "Moves", "count"),
    ("sessions", "Sessions", "count"),
    ("served", "Referrals served", "count"),
    ("utilisation", "Utilisation", "pct"),
)


@dataclass(frozen=True)
class Comparison:
    figures: list[tuple[str, str, float | None, float | None]]  # label, format, a, b
    unit_weeks: list[tuple[str, int, str | None, str | None]]  # unit, week, site in a, in b
    only_a: list[tuple]  # session keys (date, period, unit, room, service)
    only_b: list[tuple]


def _session_keys(plan: Plan) -> set[tuple]:
    return {(s.date, s.period, s.unit_id, s.room, s.service_id) for s in plan.sessions}


def compare(a: Plan, b: Plan) -> Comparison:
    """Compare two plans of the same scenario."""
    kpis_a, kpis_b = a.kpis or {}, b.kpis or {}
    figures = [(label, kind, kpis_a.get(key), kpis_b.get(key)) for key, label, kind in FIGURES]
    where_a = {(p.unit_id, p.week): p.site_id for p in a.placements}
    where_b = {(p.unit_id, p.week): p.site_id for p in b.placements}
    unit_weeks = sorted(
        (unit, week, where_a.get((unit, week)), where_b.get((unit, week)))
        for unit, week in set(where_a) | set(where_b)
        if where_a.get((unit, week)) != where_b.get((unit, week))
    )
    keys_a, keys_b = _session_keys(a), _session_keys(b)
    return Comparison(figures, unit_weeks, sorted(keys_a - keys_b), sorted(keys_b - keys_a))
