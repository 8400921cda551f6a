"""Configuration read from the environment: each setting's default and its override, a
generated secret key kept, and SQLite's lock wait."""

import importlib
import os
import subprocess
import sys

import pytest

import config
from config import ROOT, engine_options, secret_key

MB = 1024 * 1024


@pytest.mark.parametrize(("env", "expected"), [({}, "True"), ({"HTTPS": "0"}, "False")])
def test_https_is_on_unless_turned_off(env, expected):
    """Only `make run`'s plain-http development server sets HTTPS=0."""
    clean = {name: value for name, value in os.environ.items() if name != "HTTPS"}
    result = subprocess.run(
        [sys.executable, "-c", "from config import Config; print(Config.HTTPS)"],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == expected


def test_max_upload_mb_sets_the_limit(monkeypatch):
    monkeypatch.setenv("MAX_UPLOAD_MB", "25")
    try:
        assert importlib.reload(config).Config.MAX_CONTENT_LENGTH == 25 * MB
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def test_the_default_is_one_worker_per_core(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    try:
        assert importlib.reload(config).Config.SERVER_WORKERS == (os.cpu_count() or 1)
    finally:
        importlib.reload(config)


def test_notify_template_ids_come_from_their_variables(monkeypatch):
    monkeypatch.setenv("NOTIFY_TEMPLATE_SMS_REMINDER", "t-1")
    try:
        assert importlib.reload(config).Config.NOTIFY_TEMPLATE_IDS["sms_reminder"] == "t-1"
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def test_the_booking_teams_number_is_none_unless_set(monkeypatch):
    monkeypatch.delenv("BOOKING_TEAM_PHONE", raising=False)
    try:
        assert importlib.reload(config).Config.BOOKING_TEAM_PHONE == ""
        monkeypatch.setenv("BOOKING_TEAM_PHONE", " 01632 960123 ")
        assert importlib.reload(config).Config.BOOKING_TEAM_PHONE == "01632 960123"
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def test_a_generated_secret_key_is_kept_for_the_next_start(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    assert secret_key("configured") == "configured"
    first = secret_key("")
    assert len(first) == 64 and secret_key("") == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_sqlite_waits_for_the_write_lock_and_other_settings_stand():
    assert engine_options("sqlite:///x.sqlite3", {}) == {"connect_args": {"timeout": 30}}
    assert engine_options("sqlite:///x.sqlite3", {"echo": True}) == {"echo": True}
    assert engine_options("postgresql://db/app", {}) == {}
