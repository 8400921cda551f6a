"""The practice-to-site distance table of a scenario, computed once and reused."""

from functools import lru_cache

from plans.models import Scenario
from sites.geo import distance_table

Points = tuple[tuple[str, float, float], ...]


def scenario_distances(scenario: Scenario) -> dict[tuple[str, str], float]:
    """Return {(practice_id, site_id): km} for the scenario's practices and sites.

    The table is cached on the points themselves, so moving a site or a practice gives a new
    table while an unchanged scenario costs one dictionary look-up.
    """
    practices = tuple((p.id, p.lat, p.lon) for p in scenario.practices)
    sites = tuple((s.id, s.lat, s.lon) for s in scenario.sites)
    return _table(practices, sites)


@lru_cache(maxsize=32)
def _table(practices: Points, sites: Points) -> dict[tuple[str, str], float]:
    return distance_table(practices, sites)
