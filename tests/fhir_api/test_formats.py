"""The API answers FHIR JSON only: a client that takes none of it (Accept, _format) gets 406
with an OperationOutcome in JSON; one that takes JSON among others is answered as usual."""

import pytest

SEARCH = "/fhir/Location"


@pytest.mark.parametrize("accept", ["application/fhir+xml", "application/xml, text/xml;q=0.5"])
def test_an_accept_without_json_is_406_in_json(api, accept):
    response = api.get(SEARCH, api.token(), headers={"Accept": accept})
    assert response.status_code == 406
    assert response.mimetype == "application/fhir+json"
    assert response.json["issue"][0]["code"] == "not-supported"


@pytest.mark.parametrize("asked", ["xml", "application/fhir+xml", "ttl"])
def test_a_format_other_than_json_is_406_naming_format(api, asked):
    response = api.get(f"{SEARCH}?_format={asked}", api.token())
    assert response.status_code == 406
    assert response.json["issue"][0]["expression"] == ["_format"]


TAKES_JSON = ["application/fhir+json", "application/json", "*/*", "application/xml, */*;q=0.1"]


@pytest.mark.parametrize("accept", TAKES_JSON)
def test_an_accept_that_takes_json_is_answered(api, accept):
    assert api.get(SEARCH, api.token(), headers={"Accept": accept}).status_code == 200


@pytest.mark.parametrize("asked", ["json", "application/fhir+json", "application/json"])
def test_a_json_format_is_answered(api, asked):
    assert api.get(f"{SEARCH}?_format={asked}", api.token()).status_code == 200


def test_the_human_page_is_html_whatever_is_asked(api):
    response = api.get("/fhir/", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == "text/html"
