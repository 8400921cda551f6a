"""The schema, the sample and the contract round trip on PostgreSQL (no SQLite-only SQL).

Runs when TEST_POSTGRES_URL names an empty database (`.ci/run` starts one); skipped otherwise.
"""

import json

import pytest
import sqlalchemy as sa

from extensions import db
from tests.database.migrations import undo_0022_with_an_undecided_run
from tests.database.races import needs_postgres, postgres_app

# The sample alone, quickly: neither planned nor given a waiting list.
LOAD_SAMPLE = ["load-sample", "--start", "2027-01-04", "--plan-seconds", "0", "--no-waiting-list"]

pytestmark = needs_postgres


@pytest.fixture
def pg_app(tmp_path):
    with postgres_app(tmp_path) as app:
        yield app


def test_sample_loads_and_round_trips_on_postgresql(pg_app, tmp_path):
    runner = pg_app.test_cli_runner()
    assert runner.invoke(args=LOAD_SAMPLE).exit_code == 0
    first = tmp_path / "first.json"
    assert (
        runner.invoke(args=["export-instance", "dacorum-sample", "-o", str(first)]).exit_code == 0
    )
    result = runner.invoke(args=["import-instance", str(first), "--scenario-id", "copy"])
    assert result.exit_code == 0, result.output
    second = tmp_path / "second.json"
    runner.invoke(args=["export-instance", "copy", "-o", str(second)])
    assert json.loads(second.read_text()) == json.loads(first.read_text()) | {"name": "copy"}
    assert db.engine.dialect.name == "postgresql"


def test_constraints_hold_on_postgresql(pg_app):
    from plans.models import Plan, Scenario

    runner = pg_app.test_cli_runner()
    runner.invoke(args=LOAD_SAMPLE)
    scenario = db.session.get(Scenario, "dacorum-sample")
    db.session.add_all([Plan(scenario=scenario, name="a", status="published")])
    db.session.commit()
    db.session.add(Plan(scenario=scenario, name="b", status="published"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_an_undecided_run_becomes_failed_when_0022_is_undone_on_postgresql(pg_app):
    undo_0022_with_an_undecided_run()
