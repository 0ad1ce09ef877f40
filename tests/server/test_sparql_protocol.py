"""The SPARQL 1.1 Protocol at /sparql, live: methods, media types, negotiation, errors, clients."""

from __future__ import annotations

import csv
import io
import json

import pytest
import requests
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import JSON, XML, SPARQLWrapper

from smckg.vocab import iri

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
KAIFENG = iri("case/kaifeng-future-city")
EXAMPLE = """PREFIX smc:   <https://w3id.org/smc-dt/ontology#>
PREFIX skos:  <http://www.w3.org/2004/02/skos/core#>
SELECT ?case ?en ?zh WHERE {
  ?case a smc:Case ; smc:hasTransition ?t ;
        skos:prefLabel ?en, ?zh .
  ?t smc:inArea <https://w3id.org/smc-dt/id/area/governance> ;
     smc:fromPhase <https://w3id.org/smc-dt/id/phase/1> ;
     smc:toPhase   <https://w3id.org/smc-dt/id/phase/2> .
  FILTER(lang(?en) = "en" && lang(?zh) = "zh")
}"""
CONSTRUCT = f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT {{ ?case skos:prefLabel ?label }} WHERE {{
  BIND(<{KAIFENG}> AS ?case) ?case skos:prefLabel ?label }}"""
RESULT_PARSERS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/tab-separated-values": "tsv",
}
GRAPH_PARSERS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}


def post(base: str, query: str, accept: str | None = None, **headers: str) -> requests.Response:
    if accept:
        headers["Accept"] = accept
    return requests.post(f"{base}/sparql", data={"query": query}, headers=headers, timeout=30)


def answer_rows(result: Result) -> set[tuple[object, ...]]:
    return {tuple(row) for row in result}


@pytest.fixture(scope="module")
def expected(kg: Graph) -> set[tuple[object, ...]]:
    """The example question answered by rdflib on the built KG, not by our service."""
    rows = answer_rows(kg.query(EXAMPLE))
    assert {row[0] for row in rows} == {KAIFENG}
    return rows


def test_example_by_get_post_form_and_post_direct(live_server: str, expected: set) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    responses = [
        requests.get(f"{live_server}/sparql", params={"query": EXAMPLE}, headers=accept, timeout=30),
        requests.post(f"{live_server}/sparql", data={"query": EXAMPLE}, headers=accept, timeout=30),
        requests.post(f"{live_server}/sparql", data=EXAMPLE.encode(), timeout=30,
                      headers={**accept, "Content-Type": "application/sparql-query"}),
    ]
    for response in responses:
        assert response.status_code == 200
        assert answer_rows(Result.parse(io.BytesIO(response.content), format="json")) == expected
    (row,) = expected
    assert row[1].language == "en" and row[2].language == "zh"


@pytest.mark.parametrize("media_type", list(RESULT_PARSERS))
def test_select_in_each_results_format(live_server: str, expected: set, media_type: str) -> None:
    response = post(live_server, EXAMPLE, media_type)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    parsed = Result.parse(io.BytesIO(response.content), format=RESULT_PARSERS[media_type])
    assert answer_rows(parsed) == expected


def test_select_as_csv(live_server: str, expected: set) -> None:
    response = post(live_server, EXAMPLE, "text/csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = list(csv.reader(io.StringIO(response.text)))
    assert header == ["case", "en", "zh"]
    assert {tuple(row) for row in rows} == {tuple(str(term) for term in row) for row in expected}


@pytest.mark.parametrize("media_type", ["application/sparql-results+json",
                                        "application/sparql-results+xml"])
def test_ask_in_json_and_xml(live_server: str, media_type: str) -> None:
    for query, truth in [(f"ASK {{ <{KAIFENG}> ?p ?o }}", True), ("ASK { <urn:no> ?p ?o }", False)]:
        response = post(live_server, query, media_type)
        fmt = RESULT_PARSERS[media_type]
        assert Result.parse(io.BytesIO(response.content), format=fmt).askAnswer is truth


@pytest.mark.parametrize("media_type", list(GRAPH_PARSERS))
def test_construct_in_each_rdf_syntax(live_server: str, kg: Graph, media_type: str) -> None:
    response = post(live_server, CONSTRUCT, media_type)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    parsed = Graph().parse(data=response.content, format=GRAPH_PARSERS[media_type])
    assert isomorphic(parsed, kg.query(CONSTRUCT).graph)


def test_describe_returns_the_resource(live_server: str) -> None:
    response = post(live_server, f"DESCRIBE <{KAIFENG}>", "application/n-triples")
    graph = Graph().parse(data=response.text, format="nt")
    assert (URIRef(KAIFENG), RDF.type, URIRef("https://w3id.org/smc-dt/ontology#Case")) in graph


@pytest.mark.parametrize(
    ("accept", "expected_type"),
    [
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("application/sparql-results+json;q=0.1, text/*;q=0.8", "text/csv"),
        ("text/csv;q=0, text/*", "text/tab-separated-values"),
        ("*/*", "application/sparql-results+json"),
        ("image/png, application/json;q=0.2", "application/sparql-results+json"),
    ],
)
def test_quality_values_choose_the_format(live_server: str, accept: str, expected_type: str) -> None:
    response = post(live_server, EXAMPLE, accept)
    assert response.headers["Content-Type"].split(";")[0] == expected_type
    assert "Accept" in response.headers["Vary"]


def test_nothing_acceptable_is_406_listing_the_types(live_server: str) -> None:
    response = post(live_server, EXAMPLE, "image/png, text/html")
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text and "text/csv" in response.text
    assert "Accept 请求头" in response.text
    graph_406 = post(live_server, CONSTRUCT, "text/csv")
    assert graph_406.status_code == 406 and "text/turtle" in graph_406.text


def test_a_malformed_query_is_400_with_line_and_column(live_server: str) -> None:
    response = post(live_server, "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                                 "SELECT ?x WHERE {\n  ?x skos:prefLabel \n}", "application/json")
    assert response.status_code == 400
    error = response.json()
    assert error["error"] == "QuerySyntaxError" and error["where"] == "line 4, column 1"  # the engine's "}"
    assert "第 4 行第 1 列" in error["zh"]


@pytest.mark.parametrize(
    ("request_kwargs", "status"),
    [
        ({"method": "PUT", "data": {"query": "ASK {}"}}, 405),
        ({"method": "POST", "data": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
        ({"method": "POST", "data": "ASK {}".encode("utf-16"),
          "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"}}, 415),
        ({"method": "GET", "params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
        ({"method": "POST", "data": {"other": "x"}}, 400),
    ],
)
def test_protocol_misuse_is_refused(live_server: str, request_kwargs: dict, status: int) -> None:
    response = requests.request(url=f"{live_server}/sparql", timeout=30, **request_kwargs)
    assert response.status_code == status
    assert response.text.count("\n") >= 3  # status line, English, Chinese
    if status == 405:
        assert "POST" in response.headers["Allow"]


def test_service_description_by_negotiation(live_server: str) -> None:
    for accept, fmt in [("text/turtle", "turtle"), ("application/rdf+xml", "xml"),
                        ("application/ld+json", "json-ld"), (None, "turtle")]:
        response = requests.get(f"{live_server}/sparql", headers={"Accept": accept or "*/*"},
                                timeout=30)
        graph = Graph().parse(data=response.content, format=fmt)
        service = URIRef(f"{live_server}/sparql")
        assert (service, SD.endpoint, service) in graph
        assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
        titles = {title.language for title in graph.objects(service, URIRef(
            "http://purl.org/dc/terms/title"))}
        assert titles == {"en", "zh"}


def test_a_browser_is_sent_to_the_user_interface(live_server: str) -> None:
    response = requests.get(f"{live_server}/sparql", headers={"Accept": "text/html"},
                            allow_redirects=False, timeout=30)
    home = requests.get(f"{live_server}/", timeout=30)
    if home.status_code == 200:
        assert response.status_code == 303 and response.headers["Location"].endswith("/")
    else:
        assert response.headers["Content-Type"].startswith("text/turtle")


def test_cors_headers_and_preflight(live_server: str) -> None:
    preflight = requests.options(f"{live_server}/sparql", timeout=30, headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    response = post(live_server, "ASK {}", Origin="https://example.org")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "SPARQL-Results-Truncated" in response.headers["Access-Control-Expose-Headers"]


def test_etag_per_build_and_representation(live_server: str) -> None:
    url, params = f"{live_server}/sparql", {"query": EXAMPLE}
    first = requests.get(url, params=params, headers={"Accept": "text/csv"}, timeout=30)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, no-cache"
    again = requests.get(url, params=params, timeout=30,
                         headers={"Accept": "text/csv", "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == etag
    other = requests.get(url, params=params, timeout=30,
                         headers={"Accept": "application/sparql-results+xml", "If-None-Match": etag})
    assert other.status_code == 200 and other.headers["ETag"] != etag
    assert "ETag" not in post(live_server, EXAMPLE).headers


def test_row_cap_is_signalled(live_server: str) -> None:
    query = "SELECT * { ?a ?b ?c . ?d ?e ?f } LIMIT {}"
    cut = post(live_server, query.replace("{}", "10001"), "application/sparql-results+json")
    assert cut.headers["SPARQL-Results-Truncated"] == "true"
    document = cut.json()
    assert document["truncated"] is True and len(document["results"]["bindings"]) == 10_000
    whole = post(live_server, query.replace("{}", "10000"), "text/csv")
    assert whole.headers["SPARQL-Results-Truncated"] == "false"
    assert len(whole.text.splitlines()) == 10_001


def test_sparqlwrapper_gets_the_answer(live_server: str, expected: set) -> None:
    for return_format in (JSON, XML):
        client = SPARQLWrapper(f"{live_server}/sparql")
        client.setQuery(EXAMPLE)
        client.setReturnFormat(return_format)
        converted = client.query().convert()
        if return_format == JSON:
            cases = {b["case"]["value"] for b in converted["results"]["bindings"]}
            labels = {b["zh"]["value"] for b in converted["results"]["bindings"]}
        else:
            uris = converted.getElementsByTagName("uri")
            cases = {node.firstChild.data for node in uris}
            labels = {node.firstChild.data for node in converted.getElementsByTagName("literal")
                      if node.getAttribute("xml:lang") == "zh"}
        assert cases == {str(KAIFENG)}
        assert labels == {str(row[2]) for row in expected}


def test_rdflib_sparqlstore_gets_the_answer(live_server: str, expected: set) -> None:
    remote = Graph(store=SPARQLStore(f"{live_server}/sparql"))
    assert answer_rows(remote.query(EXAMPLE)) == expected
    assert remote.query(f"ASK {{ <{KAIFENG}> ?p ?o }}").askAnswer is True


def test_errors_speak_json_to_json_clients(live_server: str) -> None:
    response = post(live_server, "SELECT * {", "application/sparql-results+json")
    body = json.loads(response.text)
    assert body["status"] == 400 and body["en"] and body["zh"]
    assert Literal(body["en"])  # plain text, not markup
