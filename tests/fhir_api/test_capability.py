"""The CapabilityStatement: what the server offers, matching its routes."""

from fhir_api.capability import RESOURCES, capability_statement
from tests.fhir_api.conftest import assert_valid


def test_the_statement_is_a_valid_r4_capability_statement():
    statement = capability_statement("https://clinics.example/fhir")
    assert_valid(statement)
    assert statement["fhirVersion"] == "4.0.1" and statement["kind"] == "instance"
    security = statement["rest"][0]["security"]
    assert security["service"][0]["coding"][0]["code"] == "OAuth"
    assert "https://clinics.example/fhir/token" in security["description"]


def test_every_resource_it_names_has_its_routes(app):
    rules: dict[str, set] = {}
    for rule in app.url_map.iter_rules():
        rules.setdefault(rule.rule, set()).update(rule.methods)
    for spec in RESOURCES:
        if "search-type" in spec.interactions:
            assert "GET" in rules[f"/fhir/{spec.type}"], spec.type
        if "read" in spec.interactions:
            assert "GET" in rules[f"/fhir/{spec.type}/<resource_id>"], spec.type
        if "create" in spec.interactions:
            assert "POST" in rules[f"/fhir/{spec.type}"], spec.type
        if "patch" in spec.interactions:
            assert "PATCH" in rules[f"/fhir/{spec.type}/<resource_id>"], spec.type
        if "update" in spec.interactions:
            assert "PUT" in rules[f"/fhir/{spec.type}/<resource_id>"], spec.type


def test_ranges_are_required_where_the_api_refuses_a_search_without_one():
    required = {(s.type, p.name) for s in RESOURCES for p in s.params if p.required}
    assert required == {("Slot", "start"), ("Schedule", "date")}
