"""The data pages ask the features that rely on inputs, in the order the app gave them."""

from flask import current_app

from extensions import db
from inputs import reliance
from inputs.entities import KINDS
from inputs.models import Site
from inputs.reliance import Usage, new_violations, remove_uses, usage


def test_every_registered_use_is_asked_in_order_and_removed_in_order(world):
    removed = []

    def first(kind, entity):
        return Usage(refusals=["first"], removals=[lambda: removed.append("first")])

    def second(kind, entity):
        return Usage(consequences=["second"], removals=[lambda: removed.append("second")])

    reliance.init_app(current_app, uses=(first, second))
    found = usage(KINDS["sites"], db.session.get(Site, "S01"))
    assert (found.refusals, found.consequences) == (["first"], ["second"])
    remove_uses(found)
    assert removed == ["first", "second"]


def test_without_a_guard_an_edit_is_applied_and_breaks_nothing(world):
    reliance.init_app(current_app)
    site = db.session.get(Site, "S01")
    assert new_violations(KINDS["sites"], "S01", lambda: setattr(site, "name", "Hemel")) == []
    assert site.name == "Hemel"


def test_the_app_registers_plans_and_referrals(app):
    relying = app.extensions[reliance.EXTENSION]
    assert [uses.__name__ for uses in relying.uses] == ["plan_uses", "referral_uses"]
    assert relying.guard.__name__ == "guard"
