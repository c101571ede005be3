"""The OpenAPI document is complete and true: every route is in it, and schemathesis finds real
responses conforming to it, with no 5xx, for generated requests to every operation."""
from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import FactsBuilder, review_fixture
from tests.test_api_access import secret_doc
from tests.test_api_helpers import auth, make_app, services, write

HTTP_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def openapi_path(rule: str) -> str:
    """/api/v1/entities/<id:entity_id> -> /api/v1/entities/{entity_id}"""
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("openapi"))
    throwaway = FactsBuilder("bbscp/throwaway", "bbscp", texts=["A note to delete."], kind="note")
    write(app, review_fixture("bbscp"), secret_doc("lscp", "restricted", "quokkaling"), throwaway.facts())
    headers = auth(app, "admin", "bbscp", name="schemathesis")
    yield app, headers
    services(app).close()


def test_every_api_route_is_in_the_openapi_document(api):
    app, headers = api
    doc = app.test_client().get("/api/openapi.json").json
    assert doc["openapi"].startswith("3.")
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/api/v1")]
    assert len(rules) >= 20
    for rule in rules:
        path = openapi_path(rule.rule)
        assert path in doc["paths"], f"{rule.rule} is not documented"
        for method in rule.methods & HTTP_METHODS:
            op = doc["paths"][path].get(method.lower())
            assert op, f"{method} {path} is not documented"
            assert "200" in op["responses"] or "201" in op["responses"]
            for name in rule.arguments:
                assert name in {p["name"] for p in op["parameters"] if p["in"] == "path"}, (path, name)
    documented = {(p, m.upper()) for p, ops in doc["paths"].items() for m in ops}
    served = {(openapi_path(r.rule), m) for r in rules for m in r.methods & HTTP_METHODS}
    assert documented == served  # nothing documented that does not exist either
    for name in re.findall(r'"#/components/schemas/([^"]+)"', str(doc).replace("'", '"')):
        assert name in doc["components"]["schemas"]


def operations(app) -> list:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def fuzz(app, headers: dict[str, str], max_examples: int, marker: str | None = None) -> int:
    """Generated requests for every operation; returns how many were sent.

    (schemathesis.pytest.from_fixture does not work with pytest 9, so hypothesis is driven here.)"""
    sent = 0
    ops = operations(app)
    assert len(ops) >= 20
    for op in ops:
        @given(case=op.as_strategy())
        @settings(max_examples=max_examples, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            nonlocal sent
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            sent += 1
            if marker:
                assert marker not in response.text, f"{case.method} {case.formatted_path}"

        run()
    return sent


def test_generated_requests_conform_and_never_5xx(api):
    app, headers = api
    assert fuzz(app, headers, max_examples=40) > 300


def test_a_practitioner_never_sees_restricted_material_and_never_gets_5xx(api):
    app, _headers = api
    # restricted material of another tenant never appears in any response to any generated request
    assert fuzz(app, auth(app, "practitioner", "bbscp"), max_examples=10, marker="quokkaling") > 100
