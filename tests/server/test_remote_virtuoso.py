"""The remote store against OpenLink Virtuoso from Debian, started on loopback by the test.

Virtuoso is set up by ``smckg.virtuoso`` as ``smc-kg serve-virtuoso`` does: loaded with the
same N-Triples dump as the embedded store, then locked down.  Every canned query
(``queries/*.rq``, parameters at their defaults) must give the same answers through the
remote store as through the embedded one, our server started with ``--store remote`` must
answer protocol queries as the embedded server does, and Virtuoso itself must refuse
``SERVICE``, updates and remote loading, opening no connection.
"""

from __future__ import annotations

import contextlib
import socket
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS
from SPARQLWrapper import JSON, SPARQLWrapper

from smckg.queryfiles import QueryFile, query_files
from smckg.server.store.base import QueryKind, QueryResult, StoreInfo
from smckg.server.store.embedded import EmbeddedStore, StoreRecord
from smckg.server.store.remote import RemoteStore
from smckg.virtuoso import KG_GRAPH, VirtuosoServer, VirtuosoSettings, lock_down, missing_commands, running_virtuoso
from smckg.vocab import area, iri

pytestmark = pytest.mark.virtuoso

GRAPH = KG_GRAPH
BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{name}" for name in (
    "integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger")}
EXAMPLE = """PREFIX smc: <https://w3id.org/smc-dt/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?case ?en ?zh WHERE {
  ?case a smc:Case ; smc:hasTransition ?t ; skos:prefLabel ?en, ?zh .
  ?t smc:inArea <https://w3id.org/smc-dt/id/area/governance> ;
     smc:fromPhase <https://w3id.org/smc-dt/id/phase/1> ;
     smc:toPhase <https://w3id.org/smc-dt/id/phase/2> .
  FILTER(lang(?en) = "en" && lang(?zh) = "zh")
}"""
PROTOCOL_QUERIES = [
    EXAMPLE,
    f"ASK {{ <{iri('case/kaifeng-future-city')}> ?p ?o }}",
    "ASK { <urn:nothing> ?p ?o }",
    f"CONSTRUCT {{ <{area('governance')}> ?p ?o }} WHERE {{ <{area('governance')}> ?p ?o }}",
    "SELECT ?class (COUNT(?x) AS ?n) WHERE { ?x a ?class } GROUP BY ?class",
]
@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory, built: Path) -> Iterator[VirtuosoServer]:
    """Virtuoso as ``smc-kg serve-virtuoso`` sets it up: the build in graph GRAPH, locked down."""
    if missing_commands():
        pytest.fail("virtuoso-opensource is missing: run scripts/install-system-deps.sh test virtuoso")
    settings = VirtuosoSettings(memory_mb=256, http_threads=4, max_rows=100_000, query_timeout=30)
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso"), settings) as server:
        server.bulk_load([built / "smc-dt.nt"], GRAPH)
        lock_down(server)
        yield server


@pytest.fixture(scope="module")
def virtuoso(virtuoso_server: VirtuosoServer) -> str:
    """Virtuoso's /sparql on loopback."""
    return virtuoso_server.sparql_url


@pytest.fixture(scope="module")
def embedded(kg_store_record: StoreRecord) -> EmbeddedStore:
    return EmbeddedStore(kg_store_record, max_rows=100_000)


@pytest.fixture(scope="module")
def remote(virtuoso: str) -> RemoteStore:
    return RemoteStore(virtuoso, info=StoreInfo("virtuoso", None), timeout=30,
                       max_rows=100_000, graph=GRAPH)


@pytest.fixture(scope="module")
def remote_server(
    serve_kg: Callable[..., AbstractContextManager[Any]], built: Path, virtuoso: str
) -> Iterator[str]:
    with serve_kg(built, store="remote", endpoint=virtuoso, endpoint_graph=GRAPH) as server:
        yield server.url


def comparable(result: QueryResult) -> Counter[tuple[object, ...]]:
    """The answer as a multiset of rows (or triples, or the boolean), terms normalised."""
    if result.kind is QueryKind.BOOLEAN:
        return Counter([(result.boolean,)])
    if result.kind is QueryKind.GRAPH:
        return Counter(tuple(_term(t) for t in (x.subject, x.predicate, x.object))
                       for x in result.triples)
    return Counter(tuple(_term(term) for term in row) for row in result.rows)


def _term(term: Any) -> object:
    """Equal values compare equal: numbers to 9 decimal places (engines differ in AVG's
    precision), booleans by value (Virtuoso writes "1", pyoxigraph "true")."""
    if term is None or isinstance(term, ox.BlankNode):
        return type(term).__name__
    if isinstance(term, ox.Literal) and term.datatype.value in NUMERIC:
        with contextlib.suppress(InvalidOperation):
            return ("number", round(Decimal(term.value), 9).normalize())
    if isinstance(term, ox.Literal) and term.datatype.value == BOOLEAN:
        return ("boolean", term.value in {"true", "1"})
    return str(term)


def default_bindings(query: QueryFile, kg: Graph) -> dict[str, Any]:
    """The file's defaults; a required label without one gets the governance area's label."""
    labels = {lit.language: lit for lit in kg.objects(URIRef(area("governance")), SKOS.prefLabel)}
    values = {p.name: str(labels[p.kind]) for p in query.params
              if p.default is None and not p.optional and p.kind in labels}
    bindings = query.bindings(values)
    assert all(isinstance(v, URIRef | Literal) for v in bindings.values())
    return bindings


def _query_cases() -> list[Any]:
    return [pytest.param(query, id=query.name) for query in query_files()]


@pytest.mark.parametrize("query", _query_cases())
def test_every_query_file_answers_alike(
    query: QueryFile, embedded: EmbeddedStore, remote: RemoteStore, kg: Graph
) -> None:
    bindings = default_bindings(query, kg)
    expected = embedded.query(query.text, bindings=bindings)
    answered = remote.query(query.text, bindings=bindings)
    assert answered.kind is expected.kind
    assert comparable(answered) == comparable(expected)


@pytest.mark.parametrize("query", PROTOCOL_QUERIES)
def test_the_remote_server_answers_like_the_embedded_one(
    query: str, remote_server: str, live_server: str
) -> None:
    def ask(base: str) -> requests.Response:
        return requests.post(f"{base}/sparql", data={"query": query}, timeout=60,
                             headers={"Accept": "application/n-triples, "
                                                "application/sparql-results+json"})

    remote_answer, embedded_answer = ask(remote_server), ask(live_server)
    assert remote_answer.status_code == embedded_answer.status_code == 200
    if remote_answer.headers["Content-Type"].startswith("application/n-triples"):
        assert set(remote_answer.text.splitlines()) == set(embedded_answer.text.splitlines())
    else:
        assert _rows(remote_answer.json()) == _rows(embedded_answer.json())


def _rows(document: dict[str, Any]) -> object:
    if "boolean" in document:
        return document["boolean"]
    return Counter(
        tuple(sorted((k, v["value"], v.get("xml:lang")) for k, v in binding.items()))
        for binding in document["results"]["bindings"]
    )


def test_sparqlwrapper_through_the_remote_server(remote_server: str) -> None:
    client = SPARQLWrapper(f"{remote_server}/sparql")
    client.setQuery(EXAMPLE)
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]
    assert {b["case"]["value"] for b in bindings} == {str(iri("case/kaifeng-future-city"))}
    assert {b["en"]["xml:lang"] for b in bindings} == {"en"}


def test_the_remote_server_keeps_the_rules(remote_server: str, virtuoso: str) -> None:
    health = requests.get(f"{remote_server}/healthz", timeout=30).json()
    assert health["store"] == "remote" and health["status"] == "ok"
    service = f"SELECT * {{ SERVICE <{virtuoso}> {{ ?s ?p ?o }} }}"
    for data, status in [({"query": service}, 403), ({"update": "CLEAR ALL"}, 403)]:
        assert requests.post(f"{remote_server}/sparql", data=data, timeout=30).status_code == status


@contextlib.contextmanager
def _listener() -> Iterator[socket.socket]:
    """A loopback port that notes whether anyone connected to it."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.settimeout(1)
        yield server


def _anyone_connected(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except TimeoutError:
        return False
    connection.close()
    return True


@pytest.mark.parametrize("template", [
    "SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    'DEFINE get:soft "replace" SELECT * FROM <{url}> {{ ?s ?p ?o }}',
    "LOAD <{url}>",
    "INSERT DATA {{ GRAPH <urn:x:g> {{ <urn:x:a> <urn:x:b> <urn:x:c> }} }}",
    "CLEAR GRAPH <" + GRAPH + ">",
], ids=["service", "sponge", "load", "insert", "clear"])
def test_virtuoso_itself_refuses_to_reach_out_or_change(template: str, virtuoso: str) -> None:
    with _listener() as server:
        query = template.format(url=f"http://127.0.0.1:{server.getsockname()[1]}/sparql")
        answer = requests.get(virtuoso, params={"query": query}, timeout=30)
        assert answer.status_code >= 400 and "SECURITY" in answer.text, answer.text[:300]
        assert not _anyone_connected(server)
    count = requests.get(virtuoso, params={"query": f"ASK {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"},
                         headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert count.json()["boolean"] is True
