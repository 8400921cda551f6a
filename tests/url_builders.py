"""A pytest plugin (loaded by tests/conftest.py): the apps the tests create reuse the URL
builders that Werkzeug compiled for the first one.

For every route an app registers, Werkzeug writes and compiles two small Python functions
that build its URLs: 50 of the 58 ms that `create_app` took, and the suite creates an app for
almost every test. A builder reads its rule only through its `self` argument (the rule's
converters, at each call), so the one compiled for a rule serves any later rule that parses
to the same parts: the URLs are the same, only made sooner. tests/test_url_builders.py
checks that every route builds the same URLs with and without it.
"""

from collections.abc import Callable

import flask
from werkzeug.routing import Rule


class ReusedBuilderRule(Rule):
    """A Werkzeug rule that compiles each distinct builder once per test process."""

    _builders: dict[tuple, Callable] = {}  # shared by every app in the process, on purpose

    def _compile_builder(self, append_unknown: bool = True) -> Callable:
        defaults = self.defaults or {}
        key = (
            self.rule,
            append_unknown,
            tuple(self._trace),  # the parsed parts, host or subdomain included
            repr(sorted(defaults.items())),  # defaults are built into the code as constants
            tuple((name, type(converter)) for name, converter in self._converters.items()),
        )
        if key not in self._builders:
            self._builders[key] = super()._compile_builder(append_unknown)
        return self._builders[key]


def pytest_configure(config) -> None:
    flask.Flask.url_rule_class = ReusedBuilderRule


def pytest_unconfigure(config) -> None:
    flask.Flask.url_rule_class = Rule
