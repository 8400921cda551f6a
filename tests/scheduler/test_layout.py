"""scheduler/'s layout: short modules, and no import cycle between modules or packages."""

from __future__ import annotations

from tests.layout import ROOT, cycle
from tests.layout import graph as module_graph

SCHEDULER = ROOT / "scheduler"
# STYLE.md: modules of 50-300 lines.
MAX_LINES = 300


def graph() -> dict[str, set[str]]:
    return module_graph(sorted(SCHEDULER.glob("**/*.py")))


def package_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else None


def test_no_module_is_over_300_lines():
    long = {
        str(p.relative_to(SCHEDULER)): n
        for p in SCHEDULER.glob("**/*.py")
        if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_import_cycle_between_modules():
    assert cycle(graph()) == []


def test_no_import_cycle_between_packages():
    edges: dict[str, set[str]] = {}
    for module, targets in graph().items():
        source = package_of(module)
        if source is None:  # scheduler/__init__.py gathers the public API from every package
            continue
        for target in targets:
            other = package_of(target)
            if other is not None and other != source:
                edges.setdefault(source, set()).add(other)
    assert cycle(edges) == []
