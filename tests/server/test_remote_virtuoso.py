"""The remote store against OpenLink Virtuoso from Debian, started on loopback by the test.

Virtuoso is loaded with the same N-Triples dump as the embedded store; then every canned
query (``queries/*.rq``, parameters at their defaults) must give the same answers through
the remote store as through the embedded one, and our server started with
``--store remote`` must answer protocol queries as the embedded server does.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
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
from smckg.vocab import area, iri

pytestmark = pytest.mark.virtuoso

GRAPH = "https://w3id.org/smc-dt/kg"
BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
STARTUP_SECONDS = 60
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
INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 4
CheckpointInterval = 0
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
MaxClientConnections = 4
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 30
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"virtuoso-t exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        time.sleep(0.3)
    pytest.fail(f"Virtuoso not answering after {STARTUP_SECONDS} s:\n{log.read_text()[-2000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=15)


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, built: Path) -> Iterator[str]:
    """Virtuoso's /sparql on loopback, holding the build in graph GRAPH; stopped afterwards."""
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        pytest.fail("virtuoso-opensource is missing: run scripts/install-system-deps.sh")
    folder = tmp_path_factory.mktemp("virtuoso")
    dump = shutil.copy(built / "smc-dt.nt", folder / "smc-dt.nt")
    sql_port, http_port = _free_port(), _free_port()
    (folder / "virtuoso.ini").write_text(
        INI.format(dir=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    log = folder / "stdout.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            ["virtuoso-t", "+foreground", "+configfile", str(folder / "virtuoso.ini")],
            cwd=folder, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{http_port}/sparql"
        _wait_for(url, process, log)
        load = (f"DB.DBA.TTLP_MT(file_to_string_output('{dump}'), '', '{GRAPH}'); checkpoint;")
        subprocess.run(["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={load}"],
                       check=True, capture_output=True, timeout=120)
        yield url
    finally:
        _stop(process)


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
