"""The publish button: one published plan, the one it replaces said by name."""

from extensions import db
from plans.models import Plan


def test_publish_makes_one_published_plan(client, login, import_tiny_plan):
    plan = import_tiny_plan()
    login("ops")
    response = client.post(f"/ops/plans/{plan.id}/publish", follow_redirects=True)
    assert "Published “Tiny”" in response.data.decode()
    assert db.session.get(Plan, plan.id).status == "published"
    second = import_tiny_plan()
    response = client.post(f"/ops/plans/{second.id}/publish", follow_redirects=True)
    assert "It replaces “Tiny”, now a draft." in response.data.decode()
    db.session.expire_all()
    assert db.session.get(Plan, plan.id).status == "draft"
    assert db.session.get(Plan, second.id).status == "published"
