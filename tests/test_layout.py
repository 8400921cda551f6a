"""The application's layout: no import cycle between its packages, counting imports made
inside functions (a hidden import dodges nothing)."""

from __future__ import annotations

from tests.layout import ROOT, cycle, graph

# Folders that are not part of the application's import graph.
OUTSIDE = {"tests", "bench", "migrations", "node_modules", "static", "templates", "docs"}


def _app_modules():
    paths = [p for p in sorted(ROOT.glob("*.py"))]
    for folder in sorted(ROOT.iterdir()):
        if folder.is_dir() and folder.name not in OUTSIDE and (folder / "__init__.py").exists():
            paths += sorted(folder.glob("**/*.py"))
    return paths


def package_graph() -> dict[str, set[str]]:
    """Top-level package (or module) -> the others it imports."""
    edges: dict[str, set[str]] = {}
    for module, targets in graph(_app_modules()).items():
        source = module.split(".")[0]
        edges.setdefault(source, set())
        edges[source] |= {t.split(".")[0] for t in targets} - {source}
    return edges


def test_no_import_cycle_between_packages():
    assert cycle(package_graph()) == []


def test_the_graph_sees_the_packages_and_their_imports():
    edges = package_graph()
    assert {"app", "booking", "plans", "jobs", "scheduler", "accounts", "audit"} <= set(edges)
    assert "plans" in edges["booking"]  # bookings are held on a plan's sessions
    assert "scheduler" in edges["jobs"]
    assert edges["scheduler"] == set()  # the pure core imports nothing of the app


def test_the_cycle_check_finds_a_cycle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) == []


def test_no_test_module_imports_another():
    """Shared fixtures live in conftest.py and helpers in modules not named test_*."""
    tests = sorted((ROOT / "tests").glob("**/test_*.py"))
    imported = {
        module: sorted(t for t in targets if t.rpartition(".")[2].startswith("test_"))
        for module, targets in graph(tests).items()
    }
    assert {module: targets for module, targets in imported.items() if targets} == {}
    assert len(imported) == len(tests) > 100  # the check reads every test module
