"""The week control shows one week's layer and labels it; it needs a label per week."""

import folium
import pytest

from maps.assets import make_map, render_page
from maps.week_control import WeekControl
from tests.maps.page_text import readable


def _groups(fmap, count):
    return [folium.FeatureGroup(show=False).add_to(fmap) for _ in range(count)]


def test_control_is_a_labelled_range_over_the_weeks():
    fmap = make_map(title="t")
    control = WeekControl(_groups(fmap, 4), ["w1", "w2", "w3", "w4"], initial=2)
    fmap.add_child(control)
    page = readable(render_page(fmap))
    assert 'type="range" min="0" max="3" step="1" value="2"' in page
    assert f'<label for="{control.get_name()}_week">Week</label>' in page
    assert 'aria-label="Previous week"' in page and 'aria-label="Next week"' in page
    assert '<output for="' in page and ">w3</output>" in page
    assert 'var labels = ["w1", "w2", "w3", "w4"];' in page
    assert "show(2);" in page


def test_week_groups_start_hidden_for_the_control_to_show():
    fmap = make_map(title="t")
    groups = _groups(fmap, 2)
    fmap.add_child(WeekControl(groups, ["a", "b"]))
    page = render_page(fmap)
    for group in groups:
        assert f"{group.get_name()}.addTo(" not in page


def test_initial_week_wraps_round_the_cycle():
    fmap = make_map(title="t")
    assert WeekControl(_groups(fmap, 3), ["a", "b", "c"], initial=-1).initial == 2


def test_control_needs_one_label_per_week():
    fmap = make_map(title="t")
    with pytest.raises(ValueError):
        WeekControl(_groups(fmap, 2), ["only one"])
    with pytest.raises(ValueError):
        WeekControl([], [])
