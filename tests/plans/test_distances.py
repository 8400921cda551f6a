"""The scenario distance table."""

from geopy.distance import geodesic

from extensions import db
from inputs.models import Site
from plans.distances import _table, scenario_distances
from plans.models import Scenario
from sample.loading import load_sample


def test_table_covers_every_practice_and_site_and_is_computed_once(app):
    from datetime import date

    load_sample(date(2027, 1, 4))
    scenario = db.session.get(Scenario, "dacorum-sample")
    _table.cache_clear()
    table = scenario_distances(scenario)
    assert len(table) == len(scenario.practices) * len(scenario.sites)
    practice, site = scenario.practices[0], scenario.sites[0]
    expected = geodesic((practice.lat, practice.lon), (site.lat, site.lon)).km
    assert abs(table[practice.id, site.id] - expected) < 1e-6
    assert scenario_distances(scenario) is table
    assert _table.cache_info().hits == 1
    db.session.get(Site, site.id).lat += 0.01
    moved = scenario_distances(scenario)
    assert moved is not table and moved[practice.id, site.id] != table[practice.id, site.id]
