"""The canned-query API, live: every queries/*.rq answered, its parameters typed and bound."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Identifier

from smckg.queryfiles import Parameter, QueryFile, query_files
from smckg.vocab import area, phase

QUERIES = query_files()
INJECTIONS = [
    'x" } ; DROP ALL #',
    "https://w3id.org/smc-dt/id/area/governance> } ; DROP ALL ; SELECT * { <x",
    "https://w3id.org/smc-dt/id/area/governance\" . } INSERT DATA { <a> <b> <c> } #",
]
PRECISION = Decimal("1e-12")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def api(base: str, name: str, params: dict[str, str] | None = None,
        accept: str | None = None) -> requests.Response:
    headers = {"Accept": accept} if accept else {}
    return requests.get(f"{base}/api/queries/{name}", params=params, headers=headers, timeout=60)


def columns(query: QueryFile) -> list[str]:
    """The projected variables, read from the query's algebra by rdflib (not by our code)."""
    return [str(v) for v in prepareQuery(query.text).algebra["PV"]]


def python_value(term: dict[str, str] | None) -> object:
    """A SPARQL JSON term as a Python value, so 4 and 4.0 (both xsd:decimal) compare equal."""
    if term is None:
        return None
    if term["type"] == "uri":
        return str(URIRef(term["value"]).toPython())
    datatype = term.get("datatype")
    return comparable(Literal(term["value"], lang=term.get("xml:lang"),
                              datatype=URIRef(datatype) if datatype else None).toPython())


def comparable(value: object) -> object:
    """Decimals to 12 places: engines differ in the precision of AVG over decimals."""
    return value.quantize(PRECISION) if isinstance(value, Decimal) else value


def rows(data: dict) -> set[tuple[object, ...]]:
    names = data["head"]["vars"]
    return {tuple(python_value(b.get(n)) for n in names) for b in data["results"]["bindings"]}


def expected_rows(kg: Graph, query: QueryFile, values: dict[str, str]) -> set[tuple[object, ...]]:
    """The rows rdflib gets with the same parameters bound through initBindings."""
    result = kg.query(query.text, initBindings=query.bindings(values))
    return {tuple(None if v is None else python(v) for v in row) for row in result}


def python(term: Identifier) -> object:
    value = term.toPython()
    return str(value) if isinstance(term, URIRef) else comparable(value)


def runnable(query: QueryFile) -> bool:
    return all(p.optional or p.default is not None for p in query.params)


def triple_count(base: str) -> int:
    response = requests.get(f"{base}/sparql", params={"query": COUNT},
                            headers={"Accept": "application/sparql-results+json"}, timeout=30)
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("query", [q for q in QUERIES if runnable(q)], ids=lambda q: q.name)
def test_every_query_answers_with_its_defaults(live_server: str, kg: Graph,
                                               query: QueryFile) -> None:
    response = api(live_server, query.name)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("application/sparql-results+json")
    data = response.json()
    assert data["head"]["vars"] == columns(query)
    assert rows(data) == expected_rows(kg, query, {})


@pytest.mark.parametrize("query", [q for q in QUERIES if not runnable(q)], ids=lambda q: q.name)
def test_a_missing_required_parameter_is_400(live_server: str, query: QueryFile) -> None:
    response = api(live_server, query.name)
    assert response.status_code == 400
    error = response.json()
    assert error["error"] == "ParameterError" and error["en"] and error["zh"]


def test_the_listing_names_every_file(live_server: str) -> None:
    listing = requests.get(f"{live_server}/api/queries", timeout=30).json()["queries"]
    listed = {q["name"]: q for q in listing}
    assert set(listed) == {q.name for q in QUERIES}
    for query in QUERIES:
        entry = listed[query.name]
        assert (entry["summary"], entry["summary_zh"]) == (query.summary, query.summary_zh)
        assert [(p["name"], p["type"]) for p in entry["parameters"]] == [
            (p.name, p.kind) for p in query.params]


def parameters_of(kind: str) -> list[tuple[QueryFile, Parameter]]:
    return [(q, p) for q in QUERIES for p in q.params if p.kind == kind]


@pytest.mark.parametrize(("kind", "bad"), [("iri", "not an iri"), ("iri", "mailto:x@y"),
                                           ("integer", "five"), ("integer", "1.5")])
def test_an_ill_typed_parameter_is_400(live_server: str, kind: str, bad: str) -> None:
    found = parameters_of(kind)
    if not found:
        pytest.skip(f"no query file has a parameter of type {kind}")
    query, param = found[0]
    response = api(live_server, query.name, {param.name: bad})
    assert response.status_code == 400
    assert response.json()["where"] == param.name


def test_an_unknown_parameter_is_400(live_server: str) -> None:
    response = api(live_server, QUERIES[0].name, {"no_such_parameter": "1"})
    assert response.status_code == 400
    assert response.json()["where"] == "no_such_parameter"


def test_an_unknown_query_is_a_bilingual_404(live_server: str) -> None:
    response = api(live_server, "no-such-question")
    assert response.status_code == 404
    assert set(response.json()) >= {"en", "zh"}


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_through_a_parameter_is_refused(live_server: str, value: str) -> None:
    before = triple_count(live_server)
    query, param = parameters_of("iri")[0]
    response = api(live_server, query.name, {param.name: value})
    assert response.status_code == 400
    assert triple_count(live_server) == before


def test_a_bound_iri_changes_the_answer(live_server: str, kg: Graph) -> None:
    query = next(q for q in QUERIES if q.name == "cases-by-transition")
    values = {"area": str(area("infrastructure")), "to": str(phase(3))}
    bound = api(live_server, query.name, values).json()
    assert rows(bound) == expected_rows(kg, query, values)
    assert rows(bound) != rows(api(live_server, query.name).json())


def test_results_are_negotiated_like_sparql(live_server: str) -> None:
    query = next(q for q in QUERIES if runnable(q))
    response = api(live_server, query.name, accept="text/csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    header = next(csv.reader(io.StringIO(response.text)))
    assert header == columns(query)
    assert api(live_server, query.name, accept="image/png").status_code == 406
