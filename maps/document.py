"""Wrap a map in a whole, accessible HTML page."""

from __future__ import annotations

import re

from branca.element import Figure
from jinja2 import Template

# Folium's viewport forbids zooming (user-scalable=no), which WCAG 1.4.4 and axe-core's
# meta-viewport rule fail; pages must let people zoom.
FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
ZOOMABLE_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0">'


class MapDocument(Figure):
    """A whole HTML page for one map: in English, titled, zoomable, with the maps' styles.

    The maps' stylesheet comes after Leaflet's, so that its rules win over Leaflet's. The
    map sits in a `<main>` under a heading only screen readers see, as axe-core asks of a
    whole page.
    """

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        "{{ this.header.render(**kwargs) }}\n"
        "<title>{{ this.title|e }}</title>\n"
        "<style>{{ this.css }}</style>\n"
        "</head>\n"
        "<body>\n"
        '<main class="map-page">\n'
        '<h1 class="map-visually-hidden">{{ this.title|e }}</h1>\n'
        "{{ this.html.render(**kwargs) }}\n"
        "</main>\n"
        "<script>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</body>\n"
        "</html>\n"
    )

    def __init__(self, title: str, css: str = "") -> None:
        super().__init__(title=title)
        self._name = "MapDocument"
        self.css = css

    def render(self, **kwargs) -> str:
        """Render the page, with a viewport that lets people zoom."""
        return FOLIUM_VIEWPORT.sub(ZOOMABLE_VIEWPORT, super().render(**kwargs), count=1)
