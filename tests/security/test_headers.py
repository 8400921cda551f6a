"""Security headers and the Content-Security-Policy on every page of the app."""

import re

import pytest

from security.headers import frame_policy, page_policy
from tests.site_pages import controls_of

FRAMES = {"maps.tour_frame", "maps.demand_frame", "clinics.site_map", "clinics.search_map"}
PUBLIC = {"pages.index", "pages.healthz", "pages.vendor"}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>", re.IGNORECASE)


def _directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";")) if part}


@pytest.fixture
def visited(site_pages):
    return site_pages[1]


@pytest.fixture
def visitor(site_pages):
    """The signed-in admin's client that visited every page."""
    return site_pages[2]


def test_every_response_carries_the_headers(visited):
    for _, url, response in visited:
        headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["Referrer-Policy"] == "same-origin", url
        policy = _directives(headers["Content-Security-Policy"])
        assert policy["frame-ancestors"] == "frame-ancestors 'self'", url
        assert "'unsafe-inline'" not in policy["script-src"], url
        assert "'unsafe-eval'" not in policy["script-src"], url
        assert policy["object-src"] == "object-src 'none'", url
        assert "Strict-Transport-Security" not in headers, url  # plain HTTP in tests


def test_every_text_response_names_its_charset(visited):
    for _, url, response in visited:
        if response.mimetype.startswith("text/") or response.mimetype == "application/json":
            assert response.mimetype_params.get("charset", "utf-8").lower() == "utf-8", url
            assert "charset=" in response.headers["Content-Type"] or response.is_json, url


def test_downloads_are_attachments(visited):
    downloads = [
        (url, response)
        for _, url, response in visited
        if response.mimetype not in ("text/html", "text/css", "application/javascript")
        and not url.startswith(("/healthz", "/vendor/", "/ops/jobs/", "/fhir/"))  # data, not files
    ]
    assert len(downloads) >= 8
    for url, response in downloads:
        assert response.headers["Content-Disposition"].startswith("attachment"), url


def test_pages_run_no_inline_script_without_the_nonce(visited):
    for _, url, response in visited:
        if response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        policy = _directives(response.headers["Content-Security-Policy"])
        nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
        for attributes in INLINE_SCRIPT.findall(html):
            assert f'nonce="{nonce}"' in attributes, f"{url}: <script{attributes}>"
        handlers = [
            (tag, name) for tag, name, _ in controls_of(html).attribute_values if name[:2] == "on"
        ]
        assert handlers == [], f"{url}: inline event handlers {handlers}"
        assert "javascript:" not in html, url


def test_ordinary_pages_get_the_strict_policy_and_frames_their_own(visited):
    for endpoint, url, response in visited:
        policy = _directives(response.headers["Content-Security-Policy"])
        if endpoint in FRAMES:
            assert policy["style-src"] == "style-src 'self' 'unsafe-inline'", url
            assert 'nonce="' in response.get_data(as_text=True), url
        else:
            assert "'unsafe-inline'" not in policy["style-src"], url
    assert FRAMES <= {endpoint for endpoint, _, _ in visited}


def test_staff_pages_are_never_stored_in_a_cache(visited):
    staff = [
        (endpoint, url, response)
        for endpoint, url, response in visited
        if endpoint not in PUBLIC and not endpoint.startswith("clinics.")
    ]
    assert len(staff) > 30
    for _, url, response in staff:
        assert response.headers["Cache-Control"] == "no-store", url


def test_the_patient_facing_pages_keep_their_own_caching(client):
    response = client.get("/services")
    assert "no-store" not in response.headers.get("Cache-Control", "")


def test_the_sign_in_page_is_not_stored(client):
    assert client.get("/login").headers["Cache-Control"] == "no-store"


def test_each_response_has_its_own_nonce(client):
    first = client.get("/login").headers["Content-Security-Policy"]
    second = client.get("/login").headers["Content-Security-Policy"]
    assert first != second


def test_hsts_over_https(client):
    response = client.get("/login", base_url="https://mobile-clinics.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_frame_policy_lets_the_tile_server_in_and_nothing_else():
    policy = _directives(frame_policy("n", "https://tiles.example.nhs.uk/{z}/{x}/{y}.png"))
    assert policy["img-src"] == "img-src 'self' data: https://tiles.example.nhs.uk"
    assert _directives(frame_policy("n", ""))["img-src"] == "img-src 'self' data:"


def test_the_page_policy_names_the_nonce():
    assert "script-src 'self' 'nonce-abc'" in page_policy("abc")


def test_a_kept_map_frame_is_served_with_the_policy_its_scripts_were_made_for(client, world):
    """The public pages' cache keeps a frame's body: its nonces must match its policy."""
    url = f"/sites/{world.site_id}/map"
    first, second = client.get(url), client.get(url)
    for response in (first, second):
        policy = _directives(response.headers["Content-Security-Policy"])
        assert policy["style-src"] == "style-src 'self' 'unsafe-inline'"
        nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
        html = response.get_data(as_text=True)
        assert all(f'nonce="{nonce}"' in a for a in INLINE_SCRIPT.findall(html)), url
    revalidated = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert revalidated.status_code == 304
    assert "Content-Security-Policy" not in revalidated.headers  # the kept policy stands


def test_no_session_token_travels_in_a_url(visitor, visited):
    cookie = visitor.get_cookie("session")
    assert cookie is not None and len(cookie.value) > 20
    token = max(cookie.value.split("."), key=len)  # the payload, or its compressed form
    for _, url, response in visited:
        assert token not in url and token not in response.headers.get("Location", ""), url
        if response.mimetype == "text/html":
            links = [
                v
                for _, name, v in controls_of(response.get_data(as_text=True)).attribute_values
                if name in ("href", "src", "action")
            ]
            assert not any(token in link for link in links), url
