"""Access control on every route: anonymous people reach only the public pages, and each
role only its own part of the staff side (ASVS V4)."""

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter

from tests.site_pages import API_PREFIX, STAFF_PARTS, part_of, route_urls

# The parts of the staff side a commissioner must never reach; referral patterns are theirs.
NOT_FOR_COMMISSIONERS = ("/ops/", "/booking/", "/admin/", "/audit/")
COMMISSIONERS_OWN = ("/ops/referrals", "/booking/reports/choice")


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


def _made_up_arguments(rule) -> dict:
    """Placeholder values of the kind each converter takes (werkzeug keeps them private)."""
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            values[name] = 1
        elif isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = "x"
    return values


def test_a_commissioner_is_refused_every_page_but_referral_patterns(app, client, login):
    """Every GET page of the other parts answers 403. The role is checked before anything is
    looked up, so a made-up id answering 404 would mean the check had let them through."""
    login("commissioner")
    with app.test_request_context():
        urls = [
            app.url_for(rule.endpoint, **_made_up_arguments(rule))
            for rule in app.url_map.iter_rules()
            if "GET" in rule.methods
            and rule.rule.startswith(NOT_FOR_COMMISSIONERS)
            and not rule.rule.startswith(COMMISSIONERS_OWN)
        ]
    assert {"/ops/", "/ops/data/", "/booking/", "/admin/users", "/audit/"} <= set(urls)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, (url, response.status_code)
    assert client.get("/staff").status_code == 200


def test_every_form_post_needs_the_csrf_token(app, client, routes):
    app.config["WTF_CSRF_ENABLED"] = True
    # The API's calls carry a bearer token, not a cookie: tests/fhir_api checks they need it.
    posts = [url for method, url in routes if method == "POST" and not url.startswith(API_PREFIX)]
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


def test_a_practice_account_is_refused_every_other_part(client, login, routes):
    """A GP practice reaches its own pages and its account's, and no other part."""
    login("practice", practice="E82102")
    for method, url in routes:
        part = part_of(url)
        if (part in STAFF_PARTS and "practice" not in STAFF_PARTS[part]) or url == "/audit/":
            response = client.open(url, method=method)
            assert response.status_code == 403, (method, url, response.status_code)
