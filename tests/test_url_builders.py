"""The URL builders that the test apps reuse (tests/url_builders.py) build what Werkzeug's
own would, for every route of the app."""

import flask
from werkzeug.routing import AnyConverter, IntegerConverter, PathConverter, Rule

from app import create_app
from tests.conftest import _config
from tests.url_builders import ReusedBuilderRule


def _value(converter) -> object:
    """A value for a placeholder, with characters its builder must quote where it may."""
    if isinstance(converter, IntegerConverter):
        return 7
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[-1]
    return "a/b c" if isinstance(converter, PathConverter) else "a b&c"


def _urls(app) -> dict[str, tuple[str, str]]:
    """Each route's URL, plain and with a query argument the route does not name."""
    urls = {}
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            values = {name: _value(rule._converters[name]) for name in rule.arguments}
            urls[rule.endpoint] = (
                app.url_for(rule.endpoint, **values),
                app.url_for(rule.endpoint, **values, extra="x/y z"),
            )
    return urls


def test_every_route_builds_the_urls_werkzeugs_own_builders_build(tmp_path, monkeypatch):
    first = create_app(_config(tmp_path / "first.sqlite3"))
    again = create_app(_config(tmp_path / "again.sqlite3"))  # its builders are the reused ones
    monkeypatch.setattr(flask.Flask, "url_rule_class", Rule)
    plain = create_app(_config(tmp_path / "plain.sqlite3"))
    assert {type(rule) for rule in again.url_map.iter_rules()} == {ReusedBuilderRule}
    assert {type(rule) for rule in plain.url_map.iter_rules()} == {Rule}
    expected = _urls(plain)
    assert _urls(first) == _urls(again) == expected
    assert len(expected) > 100
    assert expected["pages.vendor"][0] == "/vendor/a%20b&c/a/b%20c"
