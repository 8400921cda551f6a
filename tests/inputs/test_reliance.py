"""The data pages ask the features that rely on inputs, in the order the app gave them;
demand rows go with their practice or service, and skills no service needs are named."""

from datetime import date

import pytest
import sqlalchemy as sa
from flask import current_app

from booking.models import Referral
from extensions import db
from inputs import reliance
from inputs.entities import KINDS
from inputs.models import Clinician, Demand, Practice, Service, Site
from inputs.reliance import Usage, new_violations, remove_uses, usage
from inputs.services import DeleteRefused, NeedsConfirmation, delete_entity
from tests.inputs.conftest import audit_events, text_of


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


def test_the_app_registers_plans_referrals_analysis_and_accounts(app):
    relying = app.extensions[reliance.EXTENSION]
    names = [uses.__name__ for uses in relying.uses]
    assert names == ["plan_uses", "referral_uses", "analysis_uses", "account_uses"]
    assert relying.guard.__name__ == "guard"


def test_a_practice_with_demand_goes_with_its_demand_after_confirmation(client, login, world):
    login()
    page = text_of(client.get("/ops/data/practices/E82022/delete"))
    assert "Its 2 demand rows (referrals per week) will be deleted too." in page
    client.post("/ops/data/practices/E82022/delete", data={"confirm": "yes"})
    assert db.session.get(Practice, "E82022") is None
    remaining = db.session.scalars(sa.select(Demand.practice_id)).all()
    assert remaining == ["E82001"]
    deleted = [e.entity_id for e in audit_events("demand")]
    assert deleted == ["E82022/dermatology", "E82022/xray"]


def test_a_service_no_plan_uses_warns_of_clinicians_left_with_its_skill(world):
    db.session.add(
        Clinician(id="c-rad-1", name="B", skills=["radiographer"], availability=["Tue-AM"])
    )
    db.session.commit()
    with pytest.raises(NeedsConfirmation) as asked:
        delete_entity(KINDS["services"], "xray")
    assert asked.value.messages == [
        "Its 1 demand row (referrals per week) will be deleted too.",
        "No other service needs the skill 'radiographer', which clinicians c-rad-1 hold; "
        "change their skills, or a spreadsheet import of them will be refused.",
    ]
    delete_entity(KINDS["services"], "xray", confirmed=True)
    assert db.session.get(Service, "xray") is None


def test_practices_and_services_with_referrals_are_kept(client, login, world):
    db.session.add(
        Referral(
            nhs_number="9434765919",
            name="Ann Patient",
            date_of_birth=date(1950, 1, 1),
            postcode="HP23 6PU",
            practice_id="E82001",
            service_id="dermatology",
            referral_date=date(2027, 1, 4),
        )
    )
    db.session.commit()
    login()
    page = text_of(client.get("/ops/data/practices/E82001/delete"))
    assert "Practice E82001 is named by 1 referral (the waiting list and its history)." in page
    with pytest.raises(DeleteRefused):
        delete_entity(KINDS["services"], "dermatology", confirmed=True)
    assert db.session.get(Practice, "E82001") is not None
