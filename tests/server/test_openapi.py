"""The OpenAPI document: valid OpenAPI 3.1, one path per query file, typed bilingual parameters."""

from __future__ import annotations

import html

import pytest
import requests
from openapi_spec_validator import validate

from smckg.queryfiles import QueryFile, query_files
from smckg.server.openapi import KIND_SCHEMAS, openapi_document

QUERIES = query_files()
FIXED_PATHS = ("/sparql", "/api/queries", "/api/lookup", "/api/annotate", "/id/{path}", "/healthz")


@pytest.fixture(scope="module")
def document(live_server: str) -> dict:
    response = requests.get(f"{live_server}/openapi.json", timeout=30)
    assert response.status_code == 200
    return response.json()


def test_the_document_is_valid_openapi(document: dict) -> None:
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_the_service_serves_what_the_module_generates(document: dict) -> None:
    assert document == openapi_document(QUERIES)


def test_every_fixed_route_is_described(document: dict) -> None:
    assert set(FIXED_PATHS) <= set(document["paths"])


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_every_query_file_is_a_path_with_typed_parameters(document: dict, query: QueryFile) -> None:
    operation = document["paths"][f"/api/queries/{query.name}"]["get"]
    assert operation["summary"] == query.summary
    assert operation["x-summary-zh"] == query.summary_zh
    described = {p["name"]: p for p in operation["parameters"]}
    assert set(described) == {p.name for p in query.params}
    for param in query.params:
        spec = described[param.name]
        assert spec["schema"]["type"] == KIND_SCHEMAS[param.kind]["type"]
        assert spec["required"] == (param.default is None and not param.optional)
        assert spec["x-description-zh"] and spec["description"]


def test_a_broken_document_is_rejected() -> None:
    broken = openapi_document(QUERIES)
    broken["paths"]["/sparql"]["get"]["responses"] = "none"
    with pytest.raises(Exception, match="responses|not of type"):
        validate(broken)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_docs_page_lists_every_path(live_server: str, lang: str) -> None:
    response = requests.get(f"{live_server}/api/docs?lang={lang}", timeout=30)
    assert response.status_code == 200
    for path in (*FIXED_PATHS, *(f"/api/queries/{q.name}" for q in QUERIES)):
        assert f'data-path="{path}"' in response.text
    summary = QUERIES[0].summary_zh if lang == "zh" else QUERIES[0].summary
    assert summary in html.unescape(response.text)
