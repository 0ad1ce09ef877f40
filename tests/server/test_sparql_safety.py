"""Safe by default, live: read-only, no outbound connections, runaway queries cut off, body cap."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
import requests

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
ORDINARY = "SELECT ?s WHERE { ?s a <https://w3id.org/smc-dt/ontology#Case> } LIMIT 3"
TIMEOUT = 3  # the live server's query_timeout (tests/conftest.py)
MARGIN = 4
PATHOLOGICAL = {
    "count over a cross product":
        "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    "regex over every literal of a cross product":
        "SELECT (COUNT(*) AS ?n) { ?a ?b ?x . ?c ?d ?y . ?e ?f ?z "
        "FILTER(isLiteral(?x) && REGEX(CONCAT(STR(?x), STR(?y), STR(?z)), '(a|aa)+$', 'i')) }",
    "order by over a cross product":
        "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i",
}
UPDATES = [
    {"data": {"update": "CLEAR ALL"}},
    {"data": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
    {"data": {"query": "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }"}},
    {"data": b"DELETE WHERE { ?s ?p ?o }", "headers": {"Content-Type": "application/sparql-query"}},
    {"data": {"query": "LOAD <http://127.0.0.1:9/data.ttl>"}},
]


class Listener:
    """A loopback TCP listener that records every connection and answers as a SPARQL endpoint."""

    BODY = (b'{"head":{"vars":["x"]},"results":{"bindings":'
            b'[{"x":{"type":"literal","value":"from the listener"}}]}}')
    ANSWER = (b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
              b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(BODY), BODY))

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.2)
        self.connections: list[bytes] = []
        self._running = True
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.socket.getsockname()[1]}/sparql"

    def _serve(self) -> None:
        while self._running:
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            with connection:
                self.connections.append(_read_request(connection))
                connection.sendall(self.ANSWER)

    def close(self) -> None:
        self._running = False
        self._thread.join(timeout=5)
        self.socket.close()


def _read_request(connection: socket.socket) -> bytes:
    """Headers and body (by Content-Length) of one HTTP request."""
    connection.settimeout(2)
    data = b""
    while b"\r\n\r\n" not in data:
        data += connection.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        body += connection.recv(65536)
    return head + b"\r\n\r\n" + body


@pytest.fixture()
def listener() -> Iterator[Listener]:
    listening = Listener()
    yield listening
    listening.close()


def ask(base: str, query: str, **kwargs: object) -> requests.Response:
    return requests.post(f"{base}/sparql", data={"query": query}, timeout=60,
                         headers={"Accept": "application/sparql-results+json"}, **kwargs)


def triple_count(base: str) -> int:
    return int(ask(base, COUNT).json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_and_nothing_changes(live_server: str, update: dict) -> None:
    before = triple_count(live_server)
    response = requests.post(f"{live_server}/sparql", timeout=30, **update)
    assert response.status_code == 403
    assert "read-only" in response.text and "只读" in response.text
    assert triple_count(live_server) == before
    assert ask(live_server, "ASK { <urn:x:s> ?p ?o }").json()["boolean"] is False


def test_an_update_by_get_is_refused(live_server: str) -> None:
    response = requests.get(f"{live_server}/sparql", params={"update": "CLEAR ALL"}, timeout=30)
    assert response.status_code == 403


def test_service_makes_no_connection(live_server: str, listener: Listener) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    response = ask(live_server, query)
    assert response.status_code == 403
    error = response.json()
    assert error["error"] == "OutboundRefused" and listener.url in error["en"] and error["zh"]
    time.sleep(0.5)
    assert listener.connections == []


def test_allowlisted_service_is_federated(
    serve_kg: Callable[..., AbstractContextManager], mini_build: Path, listener: Listener
) -> None:
    with serve_kg(mini_build, service_allowlist=[listener.url]) as server:
        query = f"SELECT ?x WHERE {{ SERVICE <{listener.url}> {{ ?x ?p ?o }} }}"
        response = ask(server.url, query)
        assert response.status_code == 200, response.text
        assert response.json()["results"]["bindings"] == [
            {"x": {"type": "literal", "value": "from the listener"}}
        ]
        other = f"SELECT * WHERE {{ SERVICE <{listener.url}x> {{ ?x ?p ?o }} }}"
        assert ask(server.url, other).status_code == 403
    assert len(listener.connections) == 1 and b"/sparql" in listener.connections[0]


def test_pathological_queries_are_cut_off_while_others_are_answered(live_server: str) -> None:
    with ThreadPoolExecutor(max_workers=len(PATHOLOGICAL)) as runaway:
        started = time.monotonic()
        futures = {name: runaway.submit(ask, live_server, query)
                   for name, query in PATHOLOGICAL.items()}
        time.sleep(0.5)
        while not all(future.done() for future in futures.values()):
            began = time.monotonic()
            assert ask(live_server, ORDINARY).status_code == 200
            assert time.monotonic() - began < 2  # answered meanwhile, promptly
            time.sleep(0.2)
        elapsed = time.monotonic() - started
    assert elapsed < TIMEOUT + MARGIN
    for name, future in futures.items():
        response = future.result()
        assert response.status_code == 503, name
        assert int(response.headers["Retry-After"]) > 0
        error = response.json()
        assert error["error"] in {"QueryTimeout", "ResourceLimit"} and error["en"] and error["zh"]
    assert ask(live_server, ORDINARY).status_code == 200


@pytest.mark.parametrize("content_type", ["application/sparql-query",
                                          "application/x-www-form-urlencoded"])
def test_a_ten_megabyte_body_is_refused(live_server: str, content_type: str) -> None:
    body = b"query=" + b"x" * 10_000_000
    response = requests.post(f"{live_server}/sparql", data=body, timeout=60,
                             headers={"Content-Type": content_type})
    assert response.status_code == 413
    assert "1048576" in response.text and "上限" in response.text
    assert ask(live_server, ORDINARY).status_code == 200
