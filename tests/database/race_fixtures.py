"""Fixtures for race tests, on SQLite and on PostgreSQL in turn.

A test module loads them with `pytest_plugins = ["tests.database.race_fixtures"]`.
"""

import pytest

from tests.booking.conftest import Desk
from tests.data import INSTANCES
from tests.database.races import needs_postgres, postgres_app


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=needs_postgres)])
def race_app(request, tmp_path):
    """The app under test, on each database in turn, with its app context pushed."""
    if request.param == "sqlite":
        yield request.getfixturevalue("app")
    else:
        with postgres_app(tmp_path) as app:
            yield app


@pytest.fixture
def race_desk(race_app):
    """The booking desk's test data (tests/booking/conftest.py) on the race's database."""
    runner = race_app.test_cli_runner()
    result = runner.invoke(args=["import-instance", str(INSTANCES / "example-small.json")])
    assert result.exit_code == 0, result.output
    return Desk()
