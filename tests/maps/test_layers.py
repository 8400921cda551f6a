"""Sites, practices and locality names are drawn once each, sized and placed by the data."""

import folium

from maps.assets import make_map, render_page
from maps.layers import add_locality_labels, add_practices, add_sites, demand_by_practice, fit_to
from tests.maps.page_text import readable


def test_demand_adds_up_by_practice_for_all_services_or_one(tiny):
    assert demand_by_practice(tiny) == {
        "P1": {"derm": 4.0, "xray": 1.0},
        "P2": {"derm": 2.5},
        "P3": {"xray": 9.0},
    }
    assert demand_by_practice(tiny, "xray") == {"P1": {"xray": 1.0}, "P2": {}, "P3": {"xray": 9.0}}


def test_practices_are_circles_sized_by_demand(tiny):
    fmap = make_map(title="t")
    group = add_practices(
        fmap,
        tiny,
        demand_by_practice(tiny),
        fill=lambda p: "#123456",
        popup=lambda p: p.name,
        tooltip=lambda p, total: f"{p.id} {total}",
    )
    circles = {c.location[0]: c for c in group._children.values()}
    assert len(circles) == 3
    radius = {p.id: circles[p.lat].options["radius"] for p in tiny.practices}
    assert radius["P3"] > radius["P1"] > radius["P2"]
    assert all(c.options["fillColor"] == "#123456" for c in circles.values())


def test_sites_are_letter_boxes_and_can_be_faded(tiny):
    fmap = make_map(title="t")
    add_sites(fmap, tiny.sites, popup=lambda s: s.id, faded=lambda s: s.id == "hemel")
    page = readable(render_page(fmap))
    assert '<span class="site-box" data-site="berko">OR</span>' in page
    assert '<span class="site-box site-box--faded" data-site="hemel">T</span>' in page
    assert page.count('"className": "site-marker"') == 3


def test_each_locality_is_named_once(tiny):
    fmap = make_map(title="t")
    add_locality_labels(fmap, tiny)
    page = readable(render_page(fmap))
    for name in ("Tring", "Berkhamsted", "Hemel Hempstead"):
        assert page.count(f'<span class="locality-label">{name}</span>') == 1


def test_fit_to_covers_every_point():
    fmap = folium.Map(tiles=None)
    fit_to(fmap, [(51.7, -0.6), (51.8, -0.4)])
    bounds = [c for c in fmap._children.values() if type(c).__name__ == "FitBounds"]
    assert bounds[0].bounds == [[51.7, -0.6], [51.8, -0.4]]
    empty = folium.Map(tiles=None)
    fit_to(empty, [])
    assert not any(type(c).__name__ == "FitBounds" for c in empty._children.values())
