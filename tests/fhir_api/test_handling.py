"""Unknown search parameters: ignored and left out of the Bundle's links, or, when the client
prefers strict handling, refused with 400 naming each."""

from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from audit.models import AuditEvent
from extensions import db
from fhir_api.handling import search_args, strict
from fhir_api.outcomes import FhirError

WEEK = "status=free&start=ge2027-01-04&start=le2027-01-10"
STRICT = {"Prefer": "handling=strict"}
SEARCHES = [
    "/fhir/HealthcareService?name=ortho",
    "/fhir/Location?_id=x",
    "/fhir/Practitioner?name=a",
    "/fhir/Schedule?date=ge2027-01-04&date=le2027-01-10",
    f"/fhir/Slot?{WEEK}",
    "/fhir/Appointment?status=booked",
]


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _link(found: dict, relation: str) -> str:
    return next(link["url"] for link in found["link"] if link["relation"] == relation)


def test_strict_handling_is_read_from_the_prefer_header():
    assert strict("handling=strict") and strict('return=minimal; handling="strict"')
    assert strict("respond-async, Handling=Strict")
    assert not strict(None) and not strict("handling=lenient") and not strict("strict")


def test_only_known_parameters_are_kept_in_their_order():
    args = MultiDict([("start", "ge1"), ("foo", "x"), ("start", "le2"), ("_count", "5")])
    kept = search_args("Slot", args, None)
    assert list(kept.items(multi=True)) == [("start", "ge1"), ("start", "le2"), ("_count", "5")]
    with pytest.raises(FhirError) as caught:
        search_args("Slot", args | MultiDict([("bar", "y")]), "handling=strict")
    assert caught.value.status == 400
    assert [issue.expression for issue in caught.value.issues] == ["foo", "bar"]
    assert search_args("Appointment", MultiDict([("patient:identifier", "1")]), "handling=strict")


def test_unknown_parameters_are_ignored_and_left_out_of_the_links(api, plan):
    token = api.token()
    plain = api.get(f"/fhir/Slot?{WEEK}&_count=10", token).json
    odd = api.get(f"/fhir/Slot?{WEEK}&_format=json&colour=blue&_count=10", token).json
    assert odd["total"] == plain["total"] == 38 and odd["entry"] == plain["entry"]
    assert _query(_link(odd, "self")) == {
        "status": ["free"],
        "start": ["ge2027-01-04", "le2027-01-10"],
        "_count": ["10"],
    }
    assert _query(_link(odd, "next")) == _query(_link(odd, "self")) | {"_offset": ["10"]}
    assert _link(odd, "self").startswith("http://localhost/fhir/Slot?")


@pytest.mark.parametrize("url", SEARCHES)
def test_with_strict_handling_an_unknown_parameter_is_400_naming_it(api, plan, url):
    token = api.token()
    response = api.get(f"{url}&colour=blue", token, headers=STRICT)
    assert response.status_code == 400
    assert response.json["resourceType"] == "OperationOutcome"
    assert [issue["expression"] for issue in response.json["issue"]] == [["colour"]]
    assert "colour" in response.json["issue"][0]["diagnostics"]
    known = api.get(url, token, headers=STRICT)
    assert known.status_code == 200, known.json
    assert _query(_link(known.json, "self")) == _query(url)
    lenient = api.get(f"{url}&colour=blue", token, headers={"Prefer": "handling=lenient"})
    assert lenient.status_code == 200


def test_a_refused_search_of_appointments_is_not_audited_as_a_search(api, plan):
    token = api.token()
    assert api.get("/fhir/Appointment?colour=blue", token, headers=STRICT).status_code == 400
    searches = sa.select(AuditEvent).where(AuditEvent.action == "search")
    assert db.session.scalars(searches).all() == []
    assert api.get("/fhir/Appointment?colour=blue", token).status_code == 200
    assert len(db.session.scalars(searches).all()) == 1
