"""Planning for money: the solve form's second aim, through a real run of the planner."""

import pytest
import sqlalchemy as sa

from extensions import db
from jobs.models import SolveJob
from jobs.runner import run_solve_job
from plans.models import Plan


def test_a_run_by_contribution_keeps_its_weights_and_names_its_plan(
    client, login, hand_book, hand_world
):
    login("ops")
    response = client.post(
        "/ops/scenarios/hand/solve",
        data={"time_limit_s": "2", "seed": "0", "hint": "0", "objective": "contribution"},
    )
    assert response.status_code == 302
    job = db.session.scalar(sa.select(SolveJob))
    # Both clinics earn per slot; the weights average 1 and ENT's is the larger
    assert sum(job.service_weights.values()) == pytest.approx(2.0)
    assert job.service_weights["ent"] > job.service_weights["dermatology"]
    run_solve_job(job.id)
    db.session.expire_all()
    done = db.session.get(SolveJob, job.id)
    assert done.status == "done", done.message
    plan = db.session.get(Plan, done.plan_id)
    assert plan.name.endswith("(by contribution)")
    assert plan.service_weights == job.service_weights
    page = client.get(f"/ops/plans/{hand_world.id}/business").get_data(as_text=True)
    assert plan.name in page and "Money" in page  # the other plan, and what it aimed for


def test_planning_for_money_without_a_price_is_refused_by_name(
    client, login, hand_book, hand_world
):
    hand_book.services[0].first_price_gbp = None
    db.session.commit()
    login("ops")
    response = client.post(
        "/ops/scenarios/hand/solve",
        data={"time_limit_s": "2", "seed": "0", "hint": "0", "objective": "contribution"},
    )
    assert response.status_code == 400
    assert "Dermatology clinic (no first attendance price)" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(SolveJob)) is None
