"""A Leaflet control that shows one week's layer of a tour at a time."""

from __future__ import annotations

from collections.abc import Sequence

import folium
from branca.element import MacroElement
from folium.template import Template
from markupsafe import escape


class WeekControl(MacroElement):
    """Show one of `groups` (one feature group per cycle week) and a control to pick it.

    The control holds a labelled range input (arrow keys step through weeks), previous and
    next buttons that wrap round the cycle as the tour does, and an `<output>` announcing
    the week's dates. Picking a week removes every other week's group from the map and adds
    that week's; the control's `data-week` attribute holds the 0-based week shown.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var groups = [{% for g in this.groups %}{{ g.get_name() }},{% endfor %}];
            var labels = {{ this.labels|tojson }};
            var control = L.control({position: {{ this.position|tojson }}});
            control.onAdd = function () {
                var box = L.DomUtil.create("div", "map-control week-control");
                box.innerHTML = {{ this.markup|tojson }};
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                return box;
            };
            control.addTo(map);
            var box = control.getContainer();
            var input = box.querySelector("input");
            var output = box.querySelector("output");
            function show(week) {
                groups.forEach(function (group, index) {
                    if (index === week) { map.addLayer(group); } else { map.removeLayer(group); }
                });
                input.value = String(week);
                input.setAttribute("aria-valuetext", labels[week]);
                output.textContent = labels[week];
                box.setAttribute("data-week", String(week));
            }
            function step(by) {
                show((parseInt(input.value, 10) + by + groups.length) % groups.length);
            }
            input.addEventListener("input", function () { show(parseInt(input.value, 10)); });
            box.querySelector("[data-step='-1']").addEventListener("click", function () {
                step(-1);
            });
            box.querySelector("[data-step='1']").addEventListener("click", function () {
                step(1);
            });
            show({{ this.initial }});
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        groups: Sequence[folium.FeatureGroup],
        labels: Sequence[str],
        *,
        initial: int = 0,
        position: str = "topright",
    ) -> None:
        super().__init__()
        if not groups or len(groups) != len(labels):
            raise ValueError("WeekControl needs one label for each of at least one group")
        self._name = "WeekControl"
        self.groups = list(groups)
        self.labels = list(labels)
        self.initial = int(initial) % len(groups)
        self.position = position
        self.markup = self._markup()

    def _markup(self) -> str:
        input_id = f"{self.get_name()}_week"
        return (
            '<div class="week-control__row">'
            '<button type="button" data-step="-1" aria-label="Previous week">&lsaquo;</button>'
            f'<label for="{input_id}">Week</label>'
            f'<input id="{input_id}" type="range" min="0" max="{len(self.groups) - 1}" '
            f'step="1" value="{self.initial}">'
            '<button type="button" data-step="1" aria-label="Next week">&rsaquo;</button>'
            "</div>"
            f'<output for="{input_id}" aria-live="polite">{escape(self.labels[self.initial])}'
            "</output>"
        )
