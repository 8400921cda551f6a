"""The API's routes as a client meets them: its public description, unknown paths and
methods answered in FHIR's terms, and no CSRF token asked of a token-bearing client."""

from tests.fhir_api.conftest import booking_body, sessions


def test_metadata_is_a_public_capability_statement(api):
    response = api.get("/fhir/metadata")
    assert response.status_code == 200 and response.mimetype == "application/fhir+json"
    statement = response.json
    assert statement["implementation"]["url"] == "http://localhost/fhir"
    resources = {r["type"]: r for r in statement["rest"][0]["resource"]}
    assert set(resources) == {
        "HealthcareService",
        "Location",
        "Practitioner",
        "Schedule",
        "Slot",
        "Appointment",
    }
    assert {"start", "service-type", "schedule", "location"} <= {
        p["name"] for p in resources["Slot"]["searchParam"]
    }


def test_the_openapi_document_is_public(api):
    response = api.get("/fhir/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.json
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://localhost/fhir"}]
    assert {"/Slot", "/Appointment", "/Appointment/{resource_id}", "/token"} <= set(
        document["paths"]
    )


def test_the_human_page_describes_the_api_with_curl_examples(api):
    response = api.get("/fhir/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<h1>FHIR booking API</h1>" in page
    assert "curl -s http://localhost/fhir/token" in page
    assert "start=ge2027-01-04&amp;start=le2027-01-18" in page
    assert 'href="/fhir/openapi.json"' in page and 'href="/fhir/metadata"' in page
    assert "PUT http://localhost/fhir/Appointment/APPOINTMENT_ID" in page
    assert "<code>Prefer: handling=strict</code>" in page
    assert "/fhir/Appointment?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" in page
    # The worked example finds only slots a new patient can be booked into.
    assert "/fhir/Slot?status=free&amp;appointment-type=ROUTINE&amp;start=ge2027" in page
    assert "/cancelationReason" in page


def test_unknown_paths_are_404_and_wrong_methods_405(api):
    token = api.token()
    missing = api.get("/fhir/Patient/1", token)
    assert missing.status_code == 404 and missing.json["issue"][0]["code"] == "not-found"
    wrong = api.call("DELETE", "/fhir/Appointment/1", token)
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "GET, PATCH, PUT"
    assert wrong.json["issue"][0]["code"] == "not-supported"
    assert api.call("PUT", "/fhir/metadata").status_code == 405


def test_unknown_ids_are_404(api):
    token = api.token()
    for url in (
        "/fhir/Location/nowhere",
        "/fhir/HealthcareService/no_such",
        "/fhir/Practitioner/nobody",
        "/fhir/Schedule/999",
        "/fhir/Schedule/x",
        "/fhir/Slot/999-0",
        "/fhir/Slot/1-99",
        "/fhir/Slot/x",
        "/fhir/Appointment/x",
    ):
        response = api.get(url, token)
        assert response.status_code == 404, url
        assert response.json["resourceType"] == "OperationOutcome"


def test_the_api_asks_no_csrf_token(api, app, plan):
    app.config["WTF_CSRF_ENABLED"] = True
    token = api.token()  # the token endpoint takes a plain form post
    session = sessions(plan)["orthopaedics 2027-01-04"]
    response = api.post("/fhir/Appointment", booking_body(f"{session}-0"), token)
    assert response.status_code == 201
