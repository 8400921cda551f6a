"""Deleting what plans, scenarios and demand rely on: refused, or confirmed and tidied."""

from datetime import date

import pytest
import sqlalchemy as sa

from booking.models import Referral
from extensions import db
from inputs.entities import KINDS
from inputs.models import Clinician, Demand, Practice, Service, Site
from inputs.services import DeleteRefused, NeedsConfirmation, delete_entity
from plans.models import ClinicSession, Placement, Plan, Scenario
from tests.inputs.conftest import audit_events, text_of


def test_a_site_in_a_published_plan_cannot_be_deleted(client, login, plans):
    login()
    page = text_of(client.get("/ops/data/sites/S01/delete"))
    assert "You cannot delete site S01" in page
    assert (
        "Site S01 is used by 2 unit-weeks and 4 sessions of the published plan 'Spring' "
        "of scenario 'Spring tour'."
    ) in page
    assert "<form" not in page.split("<main")[1]  # no delete button at all
    response = client.post("/ops/data/sites/S01/delete", data={"confirm": "yes"})
    assert response.status_code == 302 and response.location.endswith("/S01/delete")
    assert "Nothing was deleted" in text_of(client.get(response.location))
    assert db.session.get(Site, "S01") is not None
    assert audit_events() == []


@pytest.mark.parametrize(
    ("kind", "entity_id", "reason"),
    [
        ("units", "op-1", "Unit op-1 is used by 2 unit-weeks and 4 sessions of the published"),
        ("services", "dermatology", "Service dermatology is used by 4 sessions of the published"),
        ("clinicians", "c-derm-1", "Clinician c-derm-1 is used by 4 sessions of the published"),
    ],
)
def test_everything_a_published_plan_uses_is_kept(plans, kind, entity_id, reason):
    with pytest.raises(DeleteRefused) as refused:
        delete_entity(KINDS[kind], entity_id, confirmed=True)
    assert refused.value.reasons[0].startswith(reason)
    assert db.session.get(KINDS[kind].table.model, entity_id) is not None


def test_a_site_in_a_draft_goes_from_the_draft_and_the_scenario_after_confirmation(
    client, login, plans
):
    published, draft = plans
    login()
    page = text_of(client.get("/ops/data/sites/S02/delete"))
    assert (
        "It will be removed from 1 unit-week and 2 sessions of the draft plan 'Spring what-if'"
    ) in page
    assert "It will be taken out of the scenario 'Spring tour'." in page
    assert 'name="confirm" value="yes"' in page
    # A post without the confirmation (a stale page) changes nothing.
    response = client.post("/ops/data/sites/S02/delete")
    assert response.location.endswith("/S02/delete")
    assert db.session.get(Site, "S02") is not None
    response = client.post("/ops/data/sites/S02/delete", data={"confirm": "yes"})
    assert response.location.endswith("/ops/data/sites/")
    db.session.expire_all()
    assert db.session.get(Site, "S02") is None
    assert [s.id for s in db.session.get(Scenario, "spring").sites] == ["S01"]
    draft = db.session.get(Plan, draft.id)
    assert [(p.site_id, p.week) for p in draft.placements] == [("S01", 0)]
    assert len(draft.sessions) == 2
    assert len(db.session.get(Plan, published.id).sessions) == 4
    actions = [(e.action, e.entity_type, e.entity_id) for e in audit_events()]
    assert actions == [
        ("remove_from_draft", "plan", str(draft.id)),
        ("remove_member", "scenario", "spring"),
        ("delete", "site", "S02"),
    ]


def test_a_clinician_in_drafts_only_is_taken_off_their_sessions(plans):
    published, draft = plans
    published.status = "draft"
    db.session.commit()
    with pytest.raises(NeedsConfirmation) as asked:
        delete_entity(KINDS["clinicians"], "c-derm-1")
    assert "It will be taken off 4 sessions of the draft plan 'Spring'" in asked.value.messages[0]
    delete_entity(KINDS["clinicians"], "c-derm-1", confirmed=True)
    assert db.session.get(Clinician, "c-derm-1") is None
    sessions = db.session.scalars(sa.select(ClinicSession)).all()
    assert len(sessions) == 8 and all(s.clinicians == [] for s in sessions)


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


def test_fixed_items_of_a_scenario_keep_their_entities(world):
    world.fixed = {"placements": [{"unit": "op-1", "site": "S02", "week": 3}]}
    db.session.commit()
    for kind, entity_id in (("sites", "S02"), ("units", "op-1")):
        with pytest.raises(DeleteRefused) as refused:
            delete_entity(KINDS[kind], entity_id, confirmed=True)
        assert "one of the fixed items of scenario 'Spring tour'" in refused.value.reasons[0]


def test_a_database_refusal_is_reported_not_raised(world, monkeypatch):
    """A reference the checks do not know about still ends in words, not a crash."""
    from inputs import services

    monkeypatch.setattr(services, "usage", lambda kind, entity: services.Usage())
    with pytest.raises(DeleteRefused) as refused:
        delete_entity(KINDS["sites"], "S01")  # still a member of the scenario
    assert refused.value.reasons[0].startswith("Site S01 cannot be deleted: the database refused")
    assert db.session.get(Site, "S01") is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Placement)) == 0


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
