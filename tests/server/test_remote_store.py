"""The remote store against small loopback HTTP servers: answers read, failures as 502/504/400."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from rdflib import URIRef

from smckg.errors import QueryError
from smckg.server.errors import RemoteTimeout, RemoteUnavailable
from smckg.server.store.base import QueryKind, StoreInfo
from smckg.server.store.remote import RemoteStore

INFO = StoreInfo("test-build", None)
VIRTUOSO_ASK = (b'{ "head": { "link": [], "vars": ["__ASK_RETVAL"] }, "results": { "distinct": false,'
                b' "bindings": [ { "__ASK_RETVAL": { "type": "typed-literal", "datatype":'
                b' "http://www.w3.org/2001/XMLSchema#integer", "value": "0" }} ] } }')
TURTLE = b"<http://example.org/a> <http://example.org/p> 'x'@en .\n"


class Endpoint(BaseHTTPRequestHandler):
    """Answers by the query's first word; remembers every form it received."""

    received: list[dict[str, list[str]]] = []

    def do_POST(self) -> None:  # noqa: N802 - the http.server naming
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.received.append(form)
        query = form["query"][0]
        status, media_type, body = 200, "application/sparql-results+json", VIRTUOSO_ASK
        if "CONSTRUCT" in query:
            media_type, body = "text/turtle", TURTLE
        elif "BROKEN" in query:
            status, media_type, body = 400, "text/plain", b"Virtuoso 37000 Error SP030"
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    thread.join(timeout=5)


def store(url: str, **kwargs: object) -> RemoteStore:
    return RemoteStore(url, info=INFO, timeout=1, max_rows=10, **kwargs)


def test_an_ask_answered_as_a_table_is_read_as_a_boolean(endpoint: str) -> None:
    result = store(endpoint).query("ASK { ?s ?p ?o }")
    assert result.kind is QueryKind.BOOLEAN and result.boolean is False


def test_graphs_come_back_as_triples(endpoint: str) -> None:
    result = store(endpoint).query("CONSTRUCT WHERE { ?s ?p ?o }")
    (triple,) = result.triples
    assert triple.object.language == "en"


def test_the_graph_and_bound_values_are_sent(endpoint: str) -> None:
    Endpoint.received.clear()
    graph = "https://w3id.org/smc-dt/kg"
    store(endpoint, graph=graph).query("ASK { ?s ?p ?o }", bindings={"s": URIRef("http://example.org/a")})
    (form,) = Endpoint.received
    assert form["default-graph-uri"] == [graph]
    assert "VALUES (?s) { (<http://example.org/a>) }" in form["query"][0]


def test_a_malformed_query_refused_by_the_endpoint_is_400(endpoint: str) -> None:
    with pytest.raises(QueryError, match="SP030") as raised:
        store(endpoint).query("SELECT * { ?s ?p 'BROKEN' }")
    assert raised.value.http_status == 400


def test_an_unreachable_endpoint_is_502() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/sparql"
    with pytest.raises(RemoteUnavailable) as raised:
        store(closed).query("ASK {}")
    assert raised.value.http_status == 502 and raised.value.zh


def test_a_silent_endpoint_is_504() -> None:
    with socket.create_server(("127.0.0.1", 0)) as silent:
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        with pytest.raises(RemoteTimeout) as raised:
            store(url).query("ASK {}")
    assert raised.value.http_status == 504
