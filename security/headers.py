"""Security headers on every response, and the Content-Security-Policy with its nonce.

Pages load scripts only from this app (`'self'`) or as inline blocks carrying this request's
nonce; nothing inline runs otherwise, so injected markup cannot run script. The map frames
(Folium's whole HTML pages) get a policy of their own on their routes only: Folium writes
its set-up as inline scripts, which `map_frame` stamps with the nonce, and Leaflet and
branca style the map with inline `<style>` blocks, which that policy allows.

Style attributes (`style="width: 40%"` on a bar, a locality's colour on the timeline) are
allowed everywhere through `style-src-attr`: they cannot run script, and the data they draw
comes from the server. `<style>` elements need the nonce on ordinary pages.
"""

import re
import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request

NONCE_BYTES = 18  # 144 bits, well above CSP's 128-bit minimum
# Pages with no personal data that may be cached (the public clinic pages set their own).
PUBLIC_ENDPOINTS = {"static", "pages.vendor", "pages.index", "pages.healthz"}
PUBLIC_BLUEPRINTS = {"clinics"}
HSTS_MAX_AGE_S = 31_536_000  # one year, as the NCSC and OWASP advise
SCRIPT_TAG = re.compile(r"<script(?=[\s>])")


def new_nonce() -> None:
    """Make this request's CSP nonce (before each request: `g` can outlive one request)."""
    g.csp_nonce = secrets.token_urlsafe(NONCE_BYTES)


def nonce() -> str:
    """This request's CSP nonce."""
    if "csp_nonce" not in g:
        new_nonce()
    return g.csp_nonce


def page_policy(script_nonce: str) -> str:
    """The policy of ordinary pages."""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{script_nonce}'",
            f"style-src 'self' 'nonce-{script_nonce}'",
            "style-src-attr 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


def frame_policy(script_nonce: str, tiles_url: str) -> str:
    """The policy of a map frame: Folium's inline styles, and the tile server if set."""
    tiles = _origin(tiles_url)
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{script_nonce}'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data:{' ' + tiles if tiles else ''}",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


def _origin(url: str) -> str:
    """The scheme and host of a tile URL template such as https://tiles.example/{z}/{x}/{y}."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def map_frame(document: str) -> Response:
    """Serve a Folium page under the map frames' policy, its inline scripts given the nonce."""
    stamped = SCRIPT_TAG.sub(f'<script nonce="{nonce()}"', document)
    response = Response(stamped, mimetype="text/html")
    response.headers["Content-Security-Policy"] = frame_policy(
        nonce(), current_app.config.get("MAP_TILES_URL", "")
    )
    return response


def _is_public() -> bool:
    return request.endpoint in PUBLIC_ENDPOINTS or request.blueprint in PUBLIC_BLUEPRINTS


def add_security_headers(response: Response) -> Response:
    """Set the headers every response carries; keep a policy a view (or a kept page) set."""
    headers = response.headers
    if response.status_code != 304:
        # A 304 updates the headers a browser kept with the page: a new nonce there would no
        # longer match the kept page's scripts, so the kept policy stands.
        headers.setdefault("Content-Security-Policy", page_policy(nonce()))
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "SAMEORIGIN"  # frame-ancestors for browsers without CSP 2
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    if request.is_secure:  # behind a proxy, as TRUSTED_PROXIES lets X-Forwarded-Proto say
        headers["Strict-Transport-Security"] = f"max-age={HSTS_MAX_AGE_S}; includeSubDomains"
    if not _is_public():
        # Staff pages show patients and passwords: no copy in any cache, the browser's included.
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def init_app(app: Flask) -> None:
    """Add the headers to every response and the nonce to every template (a global, so
    that imported macros see it too)."""
    app.before_request(new_nonce)
    app.after_request(add_security_headers)
    app.jinja_env.globals["csp_nonce"] = nonce
