"""Leaflet popups, tooltips and a legend that need nothing but Leaflet."""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template
from markupsafe import escape

# A popup wide enough for a week's sessions, narrow enough for a 320 px screen.
POPUP_MAX_WIDTH_PX = 280


class HtmlPopup(MacroElement):
    """Bind a popup of ready-made HTML to the parent layer.

    Folium's own Popup builds its content with jQuery (`$(...)`); Leaflet's `bindPopup`
    takes the HTML string itself, so the maps need no jQuery.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.bindPopup(
                {{ this.html|tojson }}, {maxWidth: {{ this.max_width }}}
            );
        {% endmacro %}
        """
    )

    def __init__(self, html: str, max_width: int = POPUP_MAX_WIDTH_PX) -> None:
        super().__init__()
        self._name = "HtmlPopup"
        self.html = f'<div class="map-popup">{html}</div>'
        self.max_width = int(max_width)


class TextTooltip(MacroElement):
    """Bind a plain-text tooltip (escaped here: Leaflet treats strings as HTML)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.bindTooltip({{ this.text|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "TextTooltip"
        self.text = str(escape(text))


def annotate(layer, *, popup: str | None = None, tooltip: str | None = None):
    """Give a marker or line a popup (HTML) and a tooltip (text); return the layer."""
    if popup is not None:
        layer.add_child(HtmlPopup(popup))
    if tooltip is not None:
        layer.add_child(TextTooltip(tooltip))
    return layer


# Below this map width the key starts folded, so it does not hide a phone's whole map.
LEGEND_FOLDED_BELOW_PX = 600


class Legend(MacroElement):
    """A Leaflet control holding a key that readers can fold away (folded on narrow maps)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function () {
                var legend = L.control({position: {{ this.position|tojson }}});
                legend.onAdd = function (map) {
                    var box = L.DomUtil.create("div", "map-control map-legend");
                    box.innerHTML = {{ this.html|tojson }};
                    if ({{ this.folded|tojson }} || map.getSize().x < {{ this.folded_below }}) {
                        box.querySelector("details").open = false;
                    }
                    L.DomEvent.disableClickPropagation(box);
                    L.DomEvent.disableScrollPropagation(box);
                    return box;
                };
                legend.addTo({{ this._parent.get_name() }});
            })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        body_html: str,
        *,
        title: str = "Key",
        position: str = "bottomleft",
        folded: bool = False,
    ) -> None:
        super().__init__()
        self._name = "Legend"
        self.position = position
        self.folded = folded
        self.folded_below = LEGEND_FOLDED_BELOW_PX
        self.html = f"<details open><summary>{escape(title)}</summary>{body_html}</details>"
