"""scheduler/ is the pure core: it imports the standard library and ortools only."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SCHEDULER = Path(__file__).resolve().parents[2] / "scheduler"
ALLOWED = set(sys.stdlib_module_names) | {"ortools"}


def imported_packages(path: Path) -> set[str]:
    """Top-level names of the absolute imports of a module (relative ones stay inside)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_every_module_imports_only_the_standard_library_and_ortools():
    modules = sorted(SCHEDULER.glob("**/*.py"))
    assert len(modules) >= 10
    foreign = {
        str(path.relative_to(SCHEDULER)): sorted(imported_packages(path) - ALLOWED - {"scheduler"})
        for path in modules
    }
    assert {name: bad for name, bad in foreign.items() if bad} == {}


def test_the_check_catches_a_foreign_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import os\nfrom geopy.distance import geodesic\nfrom . import domain\n")
    assert imported_packages(module) - ALLOWED == {"geopy"}
