"""Safe by default, live: read-only, no outbound connections, runaway queries cut off, engine
failures contained and remembered, body cap."""

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
#: Update operations (refused as such: 403) and update texts sent as queries (not a query for
#: the engine's parser: 400).  Either way nothing changes.
UPDATES = [
    ({"data": {"update": "CLEAR ALL"}}, 403),
    ({"data": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}}, 403),
    ({"data": {"query": "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }"}}, 400),
    ({"data": b"DELETE WHERE { ?s ?p ?o }", "headers": {"Content-Type": "application/sparql-query"}}, 400),
    ({"data": {"query": "LOAD <http://127.0.0.1:9/data.ttl>"}}, 400),
]
#: A sort that makes pyoxigraph 0.5 panic ("comparison function does not correctly implement
#: a total order"): the engine dies, not the service.
PANIC = ('SELECT ?o { VALUES ?o { 2 "b" 42 "zz" "10" 10 -3 "a" 1 "c" 7 "x" 3.5 "y" 100 "q" <a:b> 5 '
         '"5"@en true false 0 "0" 1.5e3 "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> 8 9 11 '
         '12 13 "d" "e" "f" } } ORDER BY ?o')


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


@pytest.mark.parametrize(("update", "status"), UPDATES)
def test_updates_are_refused_and_nothing_changes(live_server: str, update: dict, status: int) -> None:
    before = triple_count(live_server)
    response = requests.post(f"{live_server}/sparql", timeout=30, **update)
    assert response.status_code == status
    if status == 403:
        assert "read-only" in response.text and "只读" in response.text
    else:
        assert "QuerySyntaxError" in response.text and "line 1, column" in response.text
    assert triple_count(live_server) == before
    assert ask(live_server, "ASK { <urn:x:s> ?p ?o }").json()["boolean"] is False


def test_an_update_by_get_is_refused(live_server: str) -> None:
    response = requests.get(f"{live_server}/sparql", params={"update": "CLEAR ALL"}, timeout=30)
    assert response.status_code == 403


#: Ways of hiding a SERVICE from a parser other than the engine's: comments ended by line
#: breaks that one parser knows and another may not, and escapes.
HIDING = ["{service}", "#\r {service} \n", "#\u2028 {service} \n", "#\x0b {service} \n",
          "#\x0c {service} \n", "#\x85 {service} \n", "\\u0053ERVICE-ish {service}"]
FORMS = ["SELECT * WHERE {{ {body} }}", "ASK {{ {body} }}", "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {body} }}"]


@pytest.mark.parametrize("hiding", HIDING)
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("method", ["GET", "POST-form", "POST-direct"])
def test_no_query_text_opens_a_connection(live_server: str, listener: Listener, hiding: str, form: str,
                                           method: str) -> None:
    for service in (f"SERVICE <{listener.url}> {{ ?s ?p ?o }}", f"SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }}"):
        query = form.format(body=hiding.format(service=service))
        if method == "GET":
            response = requests.get(f"{live_server}/sparql", params={"query": query}, timeout=30)
        elif method == "POST-form":
            response = requests.post(f"{live_server}/sparql", data={"query": query}, timeout=30)
        else:
            response = requests.post(f"{live_server}/sparql", data=query.encode(), timeout=30,
                                     headers={"Content-Type": "application/sparql-query"})
        assert response.status_code in {200, 400, 403}, response.text
        assert "from the listener" not in response.text
        if response.status_code == 403:
            assert response.json()["error"] == "NetworkRefused" if "json" in response.headers["Content-Type"] \
                else "NetworkRefused" in response.text
    time.sleep(0.3)
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
        refused = ask(server.url, other)
        assert refused.status_code == 403 and refused.json()["error"] == "OutboundRefused"
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
        error = response.json()
        assert error["error"] in {"QueryTimeout", "ResourceLimit"} and error["en"] and error["zh"], name
        assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert ask(live_server, ORDINARY).status_code == 200


def test_an_engine_failure_is_named_and_refused_at_once_the_second_time(
    serve_kg: Callable[..., AbstractContextManager], mini_build: Path
) -> None:
    with serve_kg(mini_build, workers=2, query_workers=1) as server:
        first = requests.get(f"{server.url}/sparql", params={"query": PANIC}, timeout=30)
        assert first.status_code == 422 and "EngineFailure" in first.text
        assert "engine failure" in first.text and "引擎故障" in first.text and "memory" not in first.text
        assert ask(server.url, "ASK {}").status_code == 200  # the service goes on
        for _ in range(4):  # whichever web process answers: the record is shared
            started = time.monotonic()
            again = requests.get(f"{server.url}/sparql", params={"query": PANIC}, timeout=30)
            assert again.status_code == 422 and "not run again" in again.text and "不再执行" in again.text
            assert time.monotonic() - started < 1


@pytest.mark.parametrize("content_type", ["application/sparql-query",
                                          "application/x-www-form-urlencoded"])
def test_a_ten_megabyte_body_is_refused(live_server: str, content_type: str) -> None:
    body = b"query=" + b"x" * 10_000_000
    response = requests.post(f"{live_server}/sparql", data=body, timeout=60,
                             headers={"Content-Type": content_type})
    assert response.status_code == 413
    assert "1048576" in response.text and "上限" in response.text
    assert ask(live_server, ORDINARY).status_code == 200
