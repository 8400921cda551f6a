"""The tour map shows each week's units and moves, sites by type, practices by demand."""

import pytest

from maps.style import coverage_fill
from maps.tour import build_tour_map, locality_coverage, tour_map
from maps.week_control import WeekControl
from scheduler import Plan, score
from tests.maps.page_text import outside_urls, readable

TILES = "https://tiles.intranet.example.nhs.uk/{z}/{x}/{y}.png"


def _week_control(fmap) -> WeekControl:
    return next(c for c in fmap._children.values() if isinstance(c, WeekControl))


def _units_by_week(fmap) -> list[list[str]]:
    """The unit ids whose badges each week's layer holds."""
    weeks = []
    for group in _week_control(fmap).groups:
        icons = [m.icon for m in group._children.values() if getattr(m, "icon", None)]
        badges = [i for i in icons if i.options["class_name"].startswith("unit-marker")]
        weeks.append([i.options["html"].split('data-unit="')[1].split('"')[0] for i in badges])
    return weeks


def _moves_by_week(fmap) -> list[int]:
    groups = _week_control(fmap).groups
    return [sum(type(c).__name__ == "FeatureGroup" for c in g._children.values()) for g in groups]


def test_one_layer_per_week_with_the_units_standing_then(tiny, tiny_plan):
    fmap = build_tour_map(tiny, tiny_plan)
    control = _week_control(fmap)
    assert len(control.groups) == tiny.horizon.weeks == 3
    assert _units_by_week(fmap) == [["op-1", "rad-1"], ["op-1"], ["op-1"]]
    # op-1 moves Tring -> Berkhamsted in week 3 and back in week 1 (the tour repeats);
    # rad-1 comes back on the road in week 1 without a move.
    assert _moves_by_week(fmap) == [1, 0, 1]


def test_week_labels_give_dates_and_units_off_the_road(tiny, tiny_plan):
    labels = _week_control(build_tour_map(tiny, tiny_plan, week=1)).labels
    assert labels[0] == "Week 1 of 3: Mon 4 Jan 2027 to Sun 10 Jan 2027. 2 units out."
    assert labels[1] == (
        "Week 2 of 3: Mon 11 Jan 2027 to Sun 17 Jan 2027. 1 unit out; off the road: rad-1."
    )


def test_page_has_the_week_control_on_the_chosen_week(tiny, tiny_plan):
    page = readable(tour_map(tiny, tiny_plan, week=1))
    assert 'type="range" min="0" max="2" step="1" value="1"' in page
    assert "show(1);" in page


def test_unit_popups_give_dates_services_and_moves(tiny, tiny_plan):
    page = readable(tour_map(tiny, tiny_plan))
    assert "<h2>Outpatient unit 1</h2>" in page
    assert "Week 1: Mon 4 Jan 2027 to Sun 10 Jan 2027." in page
    assert "<li>Mon 4 Jan 2027: AM Dermatology clinic ×2</li>" in page
    assert "<li>Tue 5 Jan 2027: PM Dermatology clinic</li>" in page
    assert "<li>Tue 5 Jan 2027: AM X-ray</li>" in page
    assert "Arrives from Berkhamsted Civic Centre." in page
    assert "op-1 moves from Tring Sports Centre to Berkhamsted Civic Centre" in page


def test_sites_show_hosted_types_and_visits(tiny, tiny_plan):
    page = readable(tour_map(tiny, tiny_plan))
    assert '<span class="site-box" data-site="berko">OR</span>' in page
    assert "<li>op-1: week 3</li><li>rad-1: week 1</li>" in page
    assert "<h2>Hemel &lt;Hospital&gt;</h2>" in page
    assert "<title>Tour map: tiny-maps</title>" in page


def test_practices_are_shaded_by_their_localitys_coverage(tiny, tiny_plan):
    kpis = score(tiny, tiny_plan)
    page = readable(tour_map(tiny, tiny_plan, kpis))
    for name, figures in kpis.by_locality.items():
        if figures.demand:
            served = f"The plan serves {round(100 * figures.coverage)}% of the demand from {name}."
            assert served in page
            assert f'"fillColor": "{coverage_fill(figures.coverage)}"' in page
    assert "share served not known" not in page


def test_practices_are_grey_when_coverage_is_not_known(tiny, tiny_plan):
    page = readable(tour_map(tiny, tiny_plan))
    assert "share served not known" in page
    assert '"fillColor": "#d8dde0"' in page


def test_coverage_comes_from_kpis_their_json_or_the_plan():
    json_kpis = {
        "by_locality": {
            "Tring": {"served": 3.0, "demand": 4.0, "coverage": 0.75},
            "Berkhamsted": {"served": 1.0, "demand": 4.0},
            "Hemel Hempstead": {"served": 0.0, "demand": 0.0},
        }
    }
    assert locality_coverage(json_kpis) == {"Tring": 0.75, "Berkhamsted": 0.25}
    assert locality_coverage({"coverage": 0.9}) == {}
    assert locality_coverage(None) == {}


def test_plan_kpis_are_used_when_none_are_given(tiny, tiny_plan):
    kpis = score(tiny, tiny_plan).to_json()
    with_kpis = Plan(tiny_plan.instance, tiny_plan.placements, tiny_plan.sessions, kpis=kpis)
    assert "share served not known" not in tour_map(tiny, with_kpis)


def test_tour_map_uses_only_local_assets(tiny, tiny_plan):
    page = tour_map(tiny, tiny_plan)
    assert outside_urls(page) == []
    assert "/vendor/leaflet/leaflet.js" in page
    tiled = tour_map(tiny, tiny_plan, tiles_url=TILES, tiles_attribution="Trust GIS")
    assert outside_urls(tiled, allowed=(TILES,)) == []


@pytest.mark.parametrize("week", [0, 11])
def test_small_example_renders_every_week(small, week):
    placements = Plan(small.name, (), ())
    fmap = build_tour_map(small, placements, week=week)
    control = _week_control(fmap)
    assert len(control.labels) == 12 and control.initial == week
    assert all(units == [] for units in _units_by_week(fmap))
    assert "off the road: op-1, rad-1, th-1, op-2." in control.labels[week]


def test_move_arrows_point_from_the_old_site_to_the_new(tiny, tiny_plan):
    page = readable(tour_map(tiny, tiny_plan))
    # Tring -> Berkhamsted runs east and a little south; back again runs west, a little north.
    assert "rotate(32deg)" in page
    assert "rotate(-148deg)" in page
