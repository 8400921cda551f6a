"""Popups, tooltips and the legend are bound with Leaflet alone, and escape what they show."""

import folium

from maps.assets import make_map, render_page
from maps.elements import HtmlPopup, Legend, TextTooltip, annotate
from tests.maps.page_text import readable


def _marker_page(**texts) -> str:
    fmap = make_map(title="A map")
    annotate(folium.CircleMarker((51.75, -0.5), radius=5), **texts).add_to(fmap)
    return render_page(fmap)


def test_popup_html_is_bound_without_jquery():
    page = _marker_page(popup="<b>Tring</b>")
    assert ".bindPopup(" in page
    assert "$(" not in page
    assert '<div class="map-popup"><b>Tring</b></div>' in readable(page)


def test_popup_cannot_close_the_script_it_lives_in():
    page = _marker_page(popup="</script><script>alert(1)</script>")
    assert "</script><script>alert(1)" not in page


def test_tooltip_text_is_shown_as_text():
    assert TextTooltip("A & <B>").text == "A &amp; &lt;B&gt;"
    assert ".bindTooltip(" in _marker_page(tooltip="Site")


def test_popup_wraps_its_html():
    assert HtmlPopup("<p>x</p>").html == '<div class="map-popup"><p>x</p></div>'


def test_legend_is_a_foldable_control():
    fmap = make_map(title="A map")
    fmap.add_child(Legend("<p>Circles are practices</p>", title="Key <1>", folded=True))
    page = readable(render_page(fmap))
    assert "<details open><summary>Key &lt;1&gt;</summary><p>Circles are practices</p>" in page
    assert "if (true ||" in page
