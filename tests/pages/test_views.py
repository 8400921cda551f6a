"""The public landing page, health check, assets and error pages."""

import re

from plans.models import Scenario


def test_landing_page_is_public(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Hospital clinics that come to you" in response.data


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"Page not found" in response.data


def test_vendored_assets_are_served_by_the_app(client):
    response = client.get("/vendor/nhsuk-frontend/nhsuk-frontend.min.js")
    assert response.status_code == 200
    assert b"initAll" in response.data
    assert client.get("/vendor/nothing/x.js").status_code == 404
    css = client.get("/static/build/app.css")
    assert css.status_code == 200
    assert b"nhsuk-header" in css.data


def test_pages_load_nothing_from_another_host(client):
    html = client.get("/").data.decode() + client.get("/login").data.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(s.startswith(("/", "#")) for s in sources), sources
    css = client.get("/static/build/app.css").data.decode()
    assert "http://" not in css and "https://" not in css


def test_sample_banner_shows_only_with_sample_data(app, client):
    assert b"Sample data" not in client.get("/").data
    from datetime import date

    from extensions import db

    db.session.add(
        Scenario(
            id="s",
            name="s",
            start=date(2027, 1, 4),
            weeks=12,
            weekdays=["Mon"],
            periods=["AM"],
            closed_dates=[],
            is_sample=True,
            extras={},
            fixed={},
        )
    )
    db.session.commit()
    assert b"Sample data" in client.get("/").data


def test_server_error_page_is_friendly(app, client):
    def broken():
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.add_url_rule("/broken", view_func=broken)
    response = client.get("/broken")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.data
    assert b"boom" not in response.data
