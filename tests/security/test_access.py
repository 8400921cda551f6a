"""Access control on every route: anonymous people reach only the public pages, and each
role only its own part of the staff side (ASVS V4)."""

import pytest

from tests.site_pages import STAFF_PARTS, part_of, route_urls


@pytest.fixture
def routes(app, world):
    return route_urls(app, world)


def test_every_route_belongs_to_a_known_part(routes):
    unknown = [(method, url) for method, url in routes if part_of(url) is None]
    assert unknown == []


def test_anonymous_people_reach_only_public_pages(client, routes):
    for method, url in routes:
        if part_of(url) == "public":
            continue
        response = client.open(url, method=method)
        assert response.status_code in (302, 401, 403), (method, url, response.status_code)
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/login"), (method, url)


@pytest.mark.parametrize("role", ["ops", "booking"])
def test_each_role_is_refused_the_other_parts(client, login, routes, role):
    login(role)
    for method, url in routes:
        part = part_of(url)
        if part in STAFF_PARTS and role not in STAFF_PARTS[part]:
            response = client.open(url, method=method)
            assert response.status_code == 403, (role, method, url, response.status_code)


def test_every_form_post_needs_the_csrf_token(app, client, routes):
    app.config["WTF_CSRF_ENABLED"] = True
    posts = [url for method, url in routes if method == "POST"]
    assert len(posts) > 15
    for url in posts:
        response = client.post(url, data={"anything": "1"})
        assert response.status_code == 400, (url, response.status_code)
        assert b"CSRF" in response.data or b"problem" in response.data.lower(), url


@pytest.mark.parametrize(
    "path",
    [
        "/vendor/leaflet/../../package.json",
        "/vendor/leaflet/..%2f..%2fpackage.json",
        "/vendor/nhsuk-frontend/%2e%2e/%2e%2e/%2e%2e/%2e%2e/config.py",
        "/vendor/unknown/leaflet.js",
        "/static/../config.py",
        "/static/..%2fconfig.py",
    ],
)
def test_no_file_outside_the_asset_folders_is_served(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"SECRET_KEY" not in response.data and b"dependencies" not in response.data
