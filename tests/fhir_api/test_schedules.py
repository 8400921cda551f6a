"""Schedules (one per clinic session) and free Slots, searched and read."""

from datetime import datetime

from booking.models import SessionCancellation, SessionSlot
from booking.service import book
from extensions import db
from inputs.models import Clinician
from plans.models import ClinicSession
from tests.booking.conftest import FAR_SITE, NEAR_SITE, NOW
from tests.fhir_api.conftest import sessions

WEEK = "start=ge2027-01-04&start=le2027-01-10"


def _slots(api, query: str, token: str | None = None) -> dict:
    response = api.get(f"/fhir/Slot?{query}", token or api.token())
    assert response.status_code == 200, response.json
    return response.json


def _ids(found: dict) -> list[str]:
    return [entry["resource"]["id"] for entry in found.get("entry", [])]


def test_free_slots_of_a_week_soonest_first(api, plan):
    found = _slots(api, f"status=free&{WEEK}")
    assert found["total"] == 12 + 12 + 14
    starts = [e["resource"]["start"] for e in found["entry"]]
    assert starts == sorted(starts) and starts[0] == "2027-01-04T09:00:00+00:00"
    first = found["entry"][0]
    monday = sessions(plan)["orthopaedics 2027-01-04"]
    assert first["fullUrl"] == f"http://localhost/fhir/Slot/{monday}-0"
    assert first["resource"]["schedule"] == {"reference": f"Schedule/{monday}"}
    assert first["resource"]["end"] == "2027-01-04T09:20:00+00:00"  # 12 slots in four hours


def test_slots_are_found_by_service_site_and_schedule(api, plan):
    token, ids = api.token(), sessions(plan)
    assert _slots(api, f"{WEEK}&service-type=orthopaedics", token)["total"] == 24
    system = "urn:dacorum-mobile-clinics:service"
    assert _slots(api, f"{WEEK}&service-type={system}|ophthalmology", token)["total"] == 14
    assert _slots(api, f"{WEEK}&service-type=other|orthopaedics", token)["total"] == 0
    assert _slots(api, f"{WEEK}&location=Location/{FAR_SITE}", token)["total"] == 12
    assert _slots(api, f"{WEEK}&location={NEAR_SITE}", token)["total"] == 26
    assert _slots(api, f"{WEEK}&schedule.actor=Location/{FAR_SITE}", token)["total"] == 12
    monday = ids["orthopaedics 2027-01-04"]
    assert _slots(api, f"{WEEK}&schedule=Schedule/{monday}", token)["total"] == 12
    both = f"{WEEK}&service-type=ophthalmology&location={FAR_SITE}"
    assert _slots(api, both, token)["total"] == 0


def test_a_day_range_covers_the_whole_last_day(api, plan):
    found = _slots(api, "start=ge2027-01-05&start=le2027-01-05")
    assert found["total"] == 12
    assert {e["resource"]["start"][:10] for e in found["entry"]} == {"2027-01-05"}
    afternoon = _slots(api, "start=ge2027-01-05T15:00:00Z&start=lt2027-01-05T16:00:00Z")
    assert afternoon["total"] == 3  # 13:30-17:30 in 12 slots: 15:10, 15:30, 15:50


def test_booked_slots_are_not_free_until_cancelled(api, plan):
    monday = sessions(plan)["orthopaedics 2027-01-04"]
    booking = book(api.desk.referral().id, monday, now=NOW)  # takes slot 0
    token = api.token()
    assert f"{monday}-0" not in _ids(_slots(api, WEEK, token))
    assert api.get(f"/fhir/Slot/{monday}-0", token).json["status"] == "busy"
    booking.status = "cancelled"
    db.session.commit()
    assert f"{monday}-0" in _ids(_slots(api, WEEK, token))


def test_slot_ids_stay_the_same(api, plan):
    token = api.token()
    before = _ids(_slots(api, WEEK, token))
    referral = api.desk.referral(service_id="ophthalmology")
    book(referral.id, sessions(plan)["ophthalmology 2027-01-06"], now=NOW)
    after = _ids(_slots(api, WEEK, token))
    assert len(after) == len(before) - 1 and set(after) < set(before)


def test_begun_and_cancelled_sessions_offer_no_slot(api, plan, monkeypatch):
    token, ids = api.token(), sessions(plan)
    db.session.add(
        SessionCancellation(
            session_id=ids["ophthalmology 2027-01-06"], reason="other", detail="flood", actor="test"
        )
    )
    db.session.commit()
    monkeypatch.setattr("fhir_api.views.local_now", lambda: datetime(2027, 1, 4, 10, 0))
    found = _slots(api, WEEK, token)
    assert found["total"] == 12  # only Tuesday's: Monday's began, Wednesday's was called off
    monday = ids["orthopaedics 2027-01-04"]
    assert api.get(f"/fhir/Slot/{monday}-5", token).json["status"] == "busy-unavailable"
    assert api.get(f"/fhir/Schedule/{ids['ophthalmology 2027-01-06']}", token).status_code == 404


def test_follow_up_slots_are_typed_and_searchable(api, plan):
    monday = sessions(plan)["orthopaedics 2027-01-04"]
    db.session.get(SessionSlot, (monday, 11)).kind = "follow_up"
    db.session.commit()
    found = _slots(api, f"{WEEK}&appointment-type=FOLLOWUP")
    assert _ids(found) == [f"{monday}-11"]
    coding = found["entry"][0]["resource"]["appointmentType"]["coding"][0]
    assert coding["code"] == "FOLLOWUP"
    assert _slots(api, f"{WEEK}&appointment-type=ROUTINE")["total"] == 37


def test_pages_of_slots(api, plan):
    token = api.token()
    first = _slots(api, f"{WEEK}&_count=10", token)
    assert first["total"] == 38 and len(first["entry"]) == 10
    following = next(link["url"] for link in first["link"] if link["relation"] == "next")
    assert "_offset=10" in following
    assert following.count("start=") == 2  # both bounds of the range go on
    response = api.get(following.removeprefix("http://localhost"), token)
    assert response.status_code == 200, response.json
    second = response.json
    assert len(second["entry"]) == 10 and set(_ids(second)).isdisjoint(_ids(first))
    last = _slots(api, f"{WEEK}&_count=10&_offset=30", token)
    assert len(last["entry"]) == 8 and [link["relation"] for link in last["link"]] == ["self"]


def test_ranges_over_two_weeks_or_missing_a_bound_are_422_naming_start(api, plan):
    token = api.token()
    for query in (
        "start=ge2027-01-04&start=le2027-01-19",
        "start=ge2027-01-04",
        "start=le2027-01-18",
        "status=free",
        "start=ge2027-01-04&start=ge2027-01-05&start=le2027-01-06",
        "start=ge2027-01-10&start=le2027-01-04",
        "start=ge2027-02-30&start=le2027-03-01",
        "start=sa2027-01-04&start=le2027-01-05",
    ):
        response = api.get(f"/fhir/Slot?{query}", token)
        assert response.status_code == 422, query
        assert response.json["issue"][0]["expression"] == ["start"], query
    busy = api.get(f"/fhir/Slot?status=busy&{WEEK}", token)
    assert busy.status_code == 422 and busy.json["issue"][0]["expression"] == ["status"]
    assert _slots(api, "start=ge2027-01-04&start=le2027-01-18", token)["total"] == 38


def test_schedules_are_the_sessions_with_their_service_site_and_clinicians(api, plan):
    ids = sessions(plan)
    monday = db.session.get(ClinicSession, ids["orthopaedics 2027-01-04"])
    monday.clinicians.append(db.session.get(Clinician, "c-orthopaedic-surgery-1"))
    db.session.commit()
    token = api.token()
    assert api.get("/fhir/Schedule?date=ge2027-01-04&date=le2027-01-10", token).json["total"] == 3
    schedule = api.get(f"/fhir/Schedule/{monday.id}", token).json
    assert schedule["planningHorizon"] == {
        "start": "2027-01-04T09:00:00+00:00",
        "end": "2027-01-04T13:00:00+00:00",
    }
    assert [a["reference"] for a in schedule["actor"]] == [
        "HealthcareService/orthopaedics",
        f"Location/{NEAR_SITE}",
        "Practitioner/c-orthopaedic-surgery-1",
    ]
    week = "/fhir/Schedule?date=ge2027-01-04&date=le2027-01-10"
    by_clinician = f"{week}&actor=Practitioner/c-orthopaedic-surgery-1"
    assert [e["resource"]["id"] for e in api.get(by_clinician, token).json["entry"]] == [
        str(monday.id)
    ]
    by_site = f"{week}&actor=Location/{FAR_SITE}"
    assert api.get(by_site, token).json["total"] == 1
    assert api.get("/fhir/Schedule?actor=Location/x", token).status_code == 422
