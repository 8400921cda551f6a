"""A live server on a fresh database, Debian's chromium driven by Playwright, the desk's
clock the tests move, and axe-core's accessibility checks."""

import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from booking import clocks
from extensions import db
from tests.conftest import _config

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Flags that keep Chromium from reaching out to the network it does not have here.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


# The one finding we accept: NHS.UK frontend (like GOV.UK's, alphagov/govuk-frontend#979)
# marks a radio that reveals more questions with aria-expanded, which ARIA 1.2 does not list
# for radios (w3c/aria#1404) but screen readers announce usefully. Only that attribute, on
# such a radio, is let through; any other problem on it still counts.
AXE_RUN = """async (tags) => {
    const result = await axe.run(document, {
        runOnly: {type: "tag", values: tags}, iframes: false,
    });
    const revealing = (node) => {
        const element = document.querySelector(node.target.join(" "));
        const failed = [...node.all, ...node.any, ...node.none];
        return element !== null && element.matches("input[type=radio][aria-controls]")
            && failed.every((check) => {
                const values = check.data?.values ?? [];
                return values.length > 0
                    && values.every((value) => value.startsWith("aria-expanded="));
            });
    };
    return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.filter((n) => v.id !== "aria-allowed-attr" || !revealing(n)),
    })).filter((v) => v.nodes.length > 0).map((v) => ({
        ...v, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
}"""


def serious_violations(page) -> list[dict]:
    """Run axe-core (from the npm package) on the page; return serious and critical problems."""
    # Evaluated by the test's driver, not added as an inline <script> the page's CSP refuses.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(AXE_RUN, AXE_TAGS)
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="session")
def axe():
    """`serious_violations`: axe-core's serious and critical problems on a page."""
    return serious_violations


@contextmanager
def serving(app) -> Iterator[str]:
    """Serve the app on a free local port in a thread; yield its address."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        with app.app_context():
            db.engine.dispose()


def live_config(path: Path) -> dict:
    """The configuration of a live server on the database file at `path` (CSRF on, as served)."""
    return _config(path) | {"WTF_CSRF_ENABLED": True}


def stop_desk_clock(monkeypatch, now: list[datetime]) -> None:
    """Make the desk read its clock from `now[0]`, which the test moves on.

    The live server runs in this process, so every loaded module that imported
    booking.clocks.local_now reads the test's clock instead (call this once the app exists,
    so that its modules are loaded).
    """
    real = clocks.local_now  # read once: booking.clocks itself is among the modules patched
    for module in list(sys.modules.values()):
        if getattr(module, "local_now", None) is real:
            monkeypatch.setattr(module, "local_now", lambda: now[0])


@pytest.fixture
def live_app(migrated_template, tmp_path):
    path = tmp_path / "live.sqlite3"
    shutil.copy(migrated_template, path)
    app = create_app(live_config(path))
    with serving(app) as url:
        app.config["LIVE_URL"] = url
        yield app


@pytest.fixture
def clock(live_app, monkeypatch) -> list[datetime]:
    """The desk's clock, which the test moves on (1 December 2026, 09:00 at first)."""
    now = [datetime(2026, 12, 1, 9, 0)]
    stop_desk_clock(monkeypatch, now)
    return now


@contextmanager
def watched_page(browser) -> Iterator:
    """A page in a new browser context that fails the test if it asked another host for
    anything or the Content-Security-Policy blocked something."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else None
        ),
    )
    # Anything the Content-Security-Policy blocks is a broken page: Chromium reports it on
    # the console (for the map frames too).
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        yield page
    finally:
        context.close()
    assert outside == [], f"the page asked another host for {outside}"
    assert refused == [], f"the Content-Security-Policy blocked: {refused}"


@pytest.fixture
def page(browser):
    with watched_page(browser) as page:
        yield page


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/ for people to look at."""

    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
