"""A price what-if end to end: copy the scenario with its published plan and its price book,
change a price in the copy, and compare the two plans' money."""

import sqlalchemy as sa

from business.models import PriceBook
from extensions import db
from plans.models import Plan, Scenario


def test_a_copy_brings_the_published_plan_and_the_price_book(client, login, hand_book, hand_world):
    hand_world.status = "published"
    db.session.commit()
    login("ops")
    response = client.post(
        "/ops/scenarios/hand/copy", data={"with_published_plan": "1"}, follow_redirects=True
    )
    assert "with its published plan as a draft" in response.get_data(as_text=True)
    copy = db.session.get(Scenario, "hand-copy-1")
    (draft,) = copy.plans
    assert draft.status == "draft" and draft.name.endswith("(as published in Hand-worked example)")
    assert len(draft.sessions) == 6 and len(draft.placements) == 3
    book = db.session.get(PriceBook, "hand-copy-1")
    assert book.admin_per_appointment_gbp == 3.60  # the hand book's, not the reference's
    ent = next(row for row in book.services if row.service_id == "ent")
    ent.first_price_gbp = 150  # £17 more for each of 24 first attendances, less 10% and 15%
    db.session.commit()
    html = client.get(f"/ops/business/compare?a={hand_world.id}&b={draft.id}").get_data(
        as_text=True
    )
    assert "+£312.12" in html  # 24 × £17 × 0.9 × 0.85 more net income over the cycle


def test_a_copy_without_the_box_ticked_brings_no_plan(client, login, hand_book, hand_world):
    hand_world.status = "published"
    db.session.commit()
    login("ops")
    client.post("/ops/scenarios/hand/copy")
    assert db.session.scalars(sa.select(Plan).where(Plan.scenario_id == "hand-copy-1")).all() == []
