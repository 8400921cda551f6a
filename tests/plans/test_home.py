"""The ops home's view of each scenario: its published plan, priced by whoever the app names."""

import re

from flask import current_app

from extensions import db
from plans.home import EXTENSION, MoneyHeadline, headlines, init_app
from plans.models import Scenario
from plans.scenarios import copy_scenario


def test_only_published_plans_are_priced_and_each_scenario_is_listed(app, import_tiny_plan):
    draft = import_tiny_plan()
    published = import_tiny_plan()
    published.status = "published"
    copy = copy_scenario(published.scenario)
    asked = []

    def money(plans):
        asked.append([plan.id for plan in plans])
        return {plan.id: MoneyHeadline(1.0, 0.5, ()) for plan in plans}

    init_app(app, money=money)
    found = headlines([published.scenario, copy])
    assert asked == [[published.id]] and draft.id not in asked[0]
    assert [(h.scenario.id, h.plan) for h in found] == [
        ("example-small", published),
        (copy.id, None),
    ]
    assert found[0].money == MoneyHeadline(1.0, 0.5, ())
    assert found[1].money is None


def test_nothing_is_priced_without_a_published_plan_or_a_pricer(app, import_tiny_plan):
    import_tiny_plan()
    init_app(app, money=lambda plans: 1 / 0)  # must not be called
    scenario = db.session.get(Scenario, "example-small")
    assert headlines([scenario])[0].money is None
    scenario.plans[0].status = "published"
    del current_app.extensions[EXTENSION]
    found = headlines([scenario])[0]
    assert found.plan is scenario.plans[0] and found.money is None


def test_the_home_says_once_what_the_money_lacks_linking_to_the_business_case(
    app, client, login, import_tiny_plan
):
    plan = import_tiny_plan()
    plan.status = "published"
    db.session.commit()
    lacks = ("ENT clinic: no first attendance price", "ent: no session cost")
    init_app(app, money=lambda plans: {p.id: MoneyHeadline(-1.0, -2.0, lacks) for p in plans})
    login("ops")
    html = client.get("/ops/").data.decode()
    published = html[html.index("Published plans") : html.index("<h2>Scenarios</h2>")]
    assert ">With contingencies, a year</th>" in published
    note = re.search(r'<a [^>]*href="([^"]+)">([^<]*lack[^<]*)<', published)
    assert note.group(1) == f"/ops/plans/{plan.id}/business"
    assert note.group(2) == "The money figures lack 2 prices or costs"
    assert published.count(" lack") == 1
