"""The LPs are built in one order whatever Python's hash seed, so one worker repeats a run.

Python salts the hashes of strings per process. A set of names iterated while building
an LP ordered its rows differently in each process, and among equal optima GLOP then
picked another: the same seed gave another plan in another process.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess  # nosec B404 - runs this interpreter on a script of this test's own
import sys
from pathlib import Path

from bench.generate import generate_family

ROOT = Path(__file__).resolve().parents[3]

# Builds the relaxation (with and without setup days) and the allocation LP of the
# manager's rotation, and prints a digest of each model's LP text.
SCRIPT = """
import hashlib, sys
from scheduler import read_instance
from scheduler.construct.allocation import Allocation
from scheduler.construct.baseline import baseline_plan
from scheduler.construct.roster import Roster, book_fixed
from scheduler.model.relaxation import Relaxation
from scheduler.model.weights import Weights
from scheduler.rules.facts import Facts

instance = read_instance(sys.argv[1])
facts = Facts(instance)
weights = Weights().with_services((k.id for k in instance.services), None)
roster = Roster(facts, baseline_plan(facts, repair_time_s=1.0).placements)
book_fixed(roster)
models = [
    Relaxation(facts, True, weights=weights).lin,
    Relaxation(facts, True, arrivals=True, weights=weights).lin,
    Allocation(roster, True).lin,
]
for lin in models:
    text = lin.solver.ExportModelAsLpFormat(False)
    print(hashlib.sha256(text.encode()).hexdigest())
"""


def _digests(path: Path, hash_seed: str) -> list[str]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(  # noqa: S603 - this interpreter, this test's script
        [sys.executable, "-c", SCRIPT, str(path)],
        check=True,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stdout.split()


def test_the_lps_are_the_same_in_every_process(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(generate_family("loaded", 1, shrink=True)))
    first, second = _digests(path, "1"), _digests(path, "2")
    assert len(first) == 3
    assert first == second
    assert len(set(first)) == 3  # three different models, each digested
    assert all(len(d) == len(hashlib.sha256().hexdigest()) for d in first)
