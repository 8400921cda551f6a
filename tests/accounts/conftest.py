"""Fixtures for the account tests: a clock that stands still, apps with other settings,
and the security log's lines (every test hashes passwords cheaply: tests/conftest.py)."""

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from accounts import clock as account_clock
from app import create_app
from tests.conftest import _config


class FrozenClock:
    """A clock that moves only when told to."""

    def __init__(self):
        self.moment = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment

    def advance(self, **delta) -> None:
        self.moment += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> FrozenClock:
    frozen = FrozenClock()
    monkeypatch.setattr(account_clock, "now", frozen.now)
    return frozen


@pytest.fixture
def make_app(migrated_template, tmp_path):
    """Build another app on its own fresh database with some settings changed."""

    def make(**overrides):
        path = tmp_path / f"app{len(list(tmp_path.glob('app*.sqlite3')))}.sqlite3"
        shutil.copy(migrated_template, path)
        return create_app(_config(path) | overrides)

    return make


@pytest.fixture
def security_events(app):
    """Return the security log's events so far, each parsed from its JSON line."""

    def read(event: str | None = None) -> list[dict]:
        path = Path(app.config["SECURITY_LOG_PATH"])
        lines = path.read_text().splitlines() if path.exists() else []
        events = [json.loads(line) for line in lines]
        return [entry for entry in events if event is None or entry["event"] == event]

    return read
