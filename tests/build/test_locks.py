"""The lock files: every package pinned with hashes, and each as fresh as its hand-written list."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.\[\]-]+)==([^\s\\;]+)")
LOCKS = {
    "requirements.txt": ["requirements.in"],
    "requirements-test.txt": ["requirements-test.in", "requirements.in"],
}


def _name(text: str) -> str:
    """The normalised project name (PEP 503), without extras."""
    return re.sub(r"[-_.]+", "-", text.split("[")[0]).lower()


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        if match := PIN.match(line):
            pins[_name(match.group(1))] = match.group(2)
    return pins


def _entries(path: Path) -> list[list[str]]:
    """The lock's requirements, each with its continuation lines."""
    entries: list[list[str]] = []
    for line in path.read_text().splitlines():
        if PIN.match(line):
            entries.append([line])
        elif line.startswith("    --hash=") and entries:
            entries[-1].append(line)
    return entries


@pytest.mark.parametrize("lock", LOCKS)
def test_every_package_in_a_lock_is_pinned_with_a_hash(lock):
    entries = _entries(ROOT / lock)
    assert len(entries) > 10
    for entry in entries:
        assert any("--hash=sha256:" in line for line in entry[1:]), entry[0]
    text = (ROOT / lock).read_text()
    loose = [
        line for line in text.splitlines() if re.match(r"^[A-Za-z]", line) and "==" not in line
    ]
    assert loose == []


@pytest.mark.parametrize("lock, sources", LOCKS.items())
def test_a_lock_holds_what_its_list_asks_for(lock, sources):
    """Edit a requirements .in file without `make lock` and this fails."""
    locked = _pins(ROOT / lock)
    for source in sources:
        for name, version in _pins(ROOT / source).items():
            assert locked.get(name) == version, (
                f"{source} asks for {name}=={version}; run make lock"
            )


def test_the_test_lock_agrees_with_the_runtime_lock():
    runtime, test = _pins(ROOT / "requirements.txt"), _pins(ROOT / "requirements-test.txt")
    assert {name: test.get(name) for name in runtime} == runtime


def test_the_makefile_installs_with_hashes_required():
    makefile = (ROOT / "Makefile").read_text()
    installs = [line for line in makefile.splitlines() if "pip install" in line]
    assert installs and all("--require-hashes" in line for line in installs)
