"""Hostile input against the live service: injection, SSRF, path traversal, oversize, malformed
requests, deep nesting, slow clients.

Each case counts in the figures as tried and, when the service refused it (or bound it
harmlessly), as refused.  Every answer is also held to the no-5xx rule.
"""

from __future__ import annotations

import http.client
import re
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from launch import serving
from listeners import Recorder
from loadgen import ORDINARY, ordinary_query_answered
from rawhttp import RawAnswer, parse_answer, raw_exchange, raw_get, read_to_end
from tally import TALLY, check_status

from smckg.server.config import ServerConfig

JSON = {"Accept": "application/sparql-results+json"}
ANY_RESULT = {"Accept": "application/sparql-results+json, text/turtle;q=0.9"}
TIMEOUT = 60
MAX_ROWS = ServerConfig().max_rows
MAX_BODY = ServerConfig().max_body_bytes
THREADS = 8  # the live server's WSGI threads (tests/conftest.py)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"[a-z][ -~]*[a-z][ -~]*")  # a sentence in plain ASCII


def select(base: str, query: str, **extra: object) -> requests.Response:
    return requests.post(f"{base}/sparql", data={"query": query}, headers=JSON, timeout=TIMEOUT, **extra)


def triple_count(base: str) -> int:
    return int(select(base, COUNT).json()["results"]["bindings"][0]["n"]["value"])


def canned(base: str, name: str, **params: str) -> requests.Response:
    response = requests.get(f"{base}/api/queries/{name}", params=params, headers=JSON, timeout=TIMEOUT)
    check_status(response, f"/api/queries/{name} {params!r}")
    return response


def rows(response: requests.Response) -> int:
    return len(response.json()["results"]["bindings"])


def in_both_languages(text: str) -> bool:
    """Whether a refusal says what is wrong on a line in English and one in Chinese."""
    lines = text.splitlines()
    return any(ENGLISH.fullmatch(line) for line in lines) and any(CJK.search(line) for line in lines)


# --- SPARQL injection through canned-query parameters ---------------------------------------

LITERAL_PAYLOADS = (
    'Governance" } ; DROP ALL #',
    'x")) || true || (("',
    "x')) || true || (('",
    '") } UNION { ?term ?p ?o } #',
    "Governance\n# } SELECT * { ?s ?p ?o }",
    "> } ; DROP ALL",
    '\\" ) ) } CLEAR ALL #',
    "{", "}",
    "Governance\"@en . ?term ?p ?o . FILTER(true",
)
IRI_PAYLOADS = (
    "https://w3id.org/smc-dt/id/area/governance> } ; DROP ALL #",
    "x> } ; DROP ALL",
    "<https://w3id.org/smc-dt/id/area/governance>",
    "https://w3id.org/smc-dt/id/area/governance\n#",
    "https://w3id.org/smc-dt/id/area/governance> . ?s ?p ?o . <urn:x",
    'urn:x" ) }',
    "urn:a b",
    "javascript:alert(1)",
)
INTEGER_PAYLOADS = ("5 } ; DROP ALL", "5\n#", "5) UNION { ?s ?p ?o }", "1;DROP ALL", "5 .", "0x10")


def test_injection_through_canned_query_parameters(watched: str) -> None:
    before = triple_count(watched)
    assert rows(canned(watched, "term-by-label", label="Governance")) >= 1  # the control: it can match
    for payload in LITERAL_PAYLOADS:  # a literal parameter is bound as one string: no row matches
        response = canned(watched, "term-by-label", label=payload)
        refused = response.status_code == 400 or (response.status_code == 200 and rows(response) == 0)
        TALLY.hostile("injection", refused)
        assert refused, (payload, response.text[:500])
    for name, param in (("case-outcomes", "case"), ("cases", "area"), ("labels-of-class", "class")):
        for payload in IRI_PAYLOADS:
            response = canned(watched, name, **{param: payload})
            TALLY.hostile("injection", response.status_code == 400)
            assert response.status_code == 400 and response.json()["zh"], (name, payload, response.text)
    for payload in INTEGER_PAYLOADS:
        response = canned(watched, "top-challenges", n=payload)
        TALLY.hostile("injection", response.status_code == 400)
        assert response.status_code == 400, (payload, response.text)
    assert triple_count(watched) == before


# --- SSRF: no query, parameter or IRI makes the server connect anywhere ----------------------

def ssrf_cases(url: str) -> list[tuple[str, dict[str, object], set[int]]]:
    """(name, request keyword arguments for /sparql or an API, statuses that count as refused)."""
    iri = f"<{url}>"
    return [
        ("SERVICE", {"data": {"query": f"SELECT * WHERE {{ SERVICE {iri} {{ ?s ?p ?o }} }}"}}, {403}),
        ("SERVICE SILENT", {"data": {"query": f"SELECT * WHERE {{ SERVICE SILENT {iri} {{ ?s ?p ?o }} }}"}},
         {200}),  # the kernel refused the socket; SILENT turns the failure into no solution
        ("SERVICE in FILTER EXISTS", {"data": {"query": "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { "
                                               f"SERVICE {iri} {{ ?s ?p ?o }} }} }} LIMIT 1"}}, {200, 403}),
        ("SERVICE to a variable", {"data": {"query": f"SELECT * WHERE {{ BIND({iri} AS ?e) "
                                            "SERVICE ?e { ?s ?p ?o } }"}}, {400, 403}),
        ("FROM", {"data": {"query": f"SELECT * FROM {iri} WHERE {{ ?s ?p ?o }}"}}, {200}),  # a graph of the store
        ("FROM NAMED", {"data": {"query": f"SELECT * FROM NAMED {iri} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"}},
         {200}),
        ("LOAD as update", {"data": {"update": f"LOAD {iri}"}}, {403}),
        ("LOAD as query", {"data": {"query": f"LOAD {iri} INTO GRAPH <urn:g>"}}, {400}),  # not a query
        ("default-graph-uri", {"data": {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
                                        "default-graph-uri": url}}, {400}),
        ("named-graph-uri", {"data": {"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1",
                                      "named-graph-uri": url}}, {400}),
        ("DESCRIBE", {"data": {"query": f"DESCRIBE {iri}"}}, {200}),
        ("IRI() built at run time", {"data": {"query": f'SELECT * WHERE {{ BIND(IRI("{url}") AS ?x) '
                                              "?x ?p ?o }"}}, {200}),
    ]


def test_no_query_makes_an_outbound_connection(watched: str, outbound: Recorder) -> None:
    for name, request, refused_with in ssrf_cases(outbound.url()):
        response = requests.post(f"{watched}/sparql", headers=ANY_RESULT, timeout=TIMEOUT, **request)
        check_status(response, f"SSRF {name}")
        TALLY.hostile("ssrf", response.status_code in refused_with)
        assert response.status_code in refused_with, (name, response.status_code, response.text[:300])
    for name, param in (("case-outcomes", "case"), ("labels-of-class", "class"), ("term-provenance", "term")):
        TALLY.hostile("ssrf", canned(watched, name, **{param: outbound.url()}).status_code == 200)
    lookups = [requests.get(f"{watched}/api/lookup", params={"q": outbound.url()}, timeout=TIMEOUT),
               requests.post(f"{watched}/api/annotate", data=f"see {outbound.url()}".encode(),
                             headers={"Content-Type": "text/plain"}, timeout=TIMEOUT)]
    for response in lookups:
        check_status(response, "SSRF through lookup")
        TALLY.hostile("ssrf", response.status_code == 200)
    time.sleep(0.5)
    assert outbound.connections == []


# --- path traversal on /id/ and every route that serves files ---------------------------------

TRAVERSALS = (
    "/id/../../etc/passwd", "/id/..%2f..%2f..%2fetc%2fpasswd", "/id/%2e%2e/%2e%2e/etc/passwd",
    "/id/..\\..\\etc\\passwd", "/id/%5c..%5c..%5cetc%5cpasswd", "/id//etc/passwd",
    "/id/area/governance%00.html", "/id/%00", "/id/%C0%AE%C0%AE/%C0%AE%C0%AE/etc/passwd",
    "/assets/../../../pyproject.toml", "/assets/..%2f..%2f..%2f..%2fpyproject.toml",
    "/assets/%2e%2e/%2e%2e/app.py", "/assets//etc/passwd", "/assets/query.js%00.png",
    "/assets/%252e%252e/%252e%252e/%252e%252e/pyproject.toml", "/assets/..%5c..%5capp.py",
    "/vendor/../package.json", "/vendor/..%2f..%2fpackage.json", "/vendor/%2e%2e%2fpackage.json",
    "/vendor//etc/passwd", "/downloads/../build.json", "/downloads/..%2f..%2f..%2fetc%2fpasswd",
    "/downloads//etc/passwd", "/downloads/%2fetc%2fpasswd", "/downloads/C:\\Windows\\win.ini",
    "/downloads//work/main/pyproject.toml", "/downloads/smc-dt.nt%00", "/downloads/.",
    "/mappings/..%2f..%2fpyproject.toml", "/mappings/../../etc/passwd", "/api/queries/..%2f..%2fpyproject",
    "/api/queries/%2e%2e%2fsrc", "/ontology/../../etc/passwd", "/../../../../etc/passwd",
    "/static/../pyproject.toml", "/api/glossary.csv/../../../../etc/passwd",
)
#: Text from files that must never be served: /etc/passwd, the project's sources and configs.
SECRETS = ("root:x:0:0", "[build-system]", "def create_app", '"dependencies"', "[extensions]",
           "PRIVATE KEY")


def follow(base: str, target: str, hops: int = 3) -> RawAnswer:
    """GET a raw target, following same-site redirects (the URL normaliser's 308s)."""
    answer = raw_get(base, target)
    while hops and answer.status_code in {301, 302, 303, 307, 308}:
        location = urlsplit(answer.headers["Location"])
        assert location.hostname in {None, "127.0.0.1"}, answer.headers["Location"]
        answer = raw_get(base, location.path + (f"?{location.query}" if location.query else ""))
        hops -= 1
    return answer


@pytest.mark.parametrize("target", TRAVERSALS)
def test_path_traversal_serves_no_file(watched: str, target: str) -> None:
    answer = follow(watched, target)
    check_status(answer, f"GET {target}")
    leaked = [secret for secret in SECRETS if secret in answer.text]
    refused = answer.status_code in {400, 404} and not leaked
    TALLY.hostile("path traversal", refused)
    assert refused, (target, answer.status_code, leaked)


# --- oversized bodies, headers, request lines and result sets --------------------------------

def chunks(total: int, size: int = 65536) -> Iterator[bytes]:
    """A body of ``total`` bytes sent in chunks, without a Content-Length."""
    yield b"query=ASK%20%7B%7D"
    for _ in range(total // size):
        yield b"+" * size


OVERSIZED_BODIES = (
    ("10 MB form", "/sparql", b"query=" + b"x" * 10_000_000, "application/x-www-form-urlencoded"),
    ("2 MB direct", "/sparql", b"ASK {} " + b" " * 2_000_000, "application/sparql-query"),
    ("1 MB annotate", "/api/annotate", "治".encode() * 350_000, "text/plain"),
)


@pytest.mark.parametrize(("name", "path", "body", "content_type"), OVERSIZED_BODIES,
                         ids=[case[0] for case in OVERSIZED_BODIES])
def test_oversized_bodies_get_413(watched: str, name: str, path: str, body: bytes, content_type: str) -> None:
    response = requests.post(f"{watched}{path}", data=body, timeout=TIMEOUT,
                             headers={"Content-Type": content_type, "Accept": "application/json"})
    check_status(response, name)
    error = response.json()
    refused = response.status_code == 413 and bool(error["en"]) and bool(error["zh"])
    TALLY.hostile("oversized", refused)
    assert refused, response.text[:300]
    assert ordinary_query_answered(watched)


def test_a_chunked_body_over_the_cap_is_refused(watched: str) -> None:
    response = requests.post(f"{watched}/sparql", data=chunks(2 * MAX_BODY), timeout=TIMEOUT,
                             headers={"Content-Type": "application/x-www-form-urlencoded", **JSON})
    check_status(response, "2 MiB chunked form body")
    TALLY.hostile("oversized", response.status_code == 413)
    assert response.status_code == 413, (response.status_code, response.text[:300])


#: Heads are read by granian: it serves those it can hold like any other request, and refuses
#: the others itself (a bare 4xx: too many fields) or closes the connection.
OVERSIZED_HEADS = (
    ("9 kB header", {"X-Pad": "a" * 9000}, "/healthz", {200}),
    ("150 headers", {f"X-Pad-{n}": "a" for n in range(150)}, "/healthz", {431}),
    ("10 kB request line", {}, "/sparql?query=" + "A" * 10_000, {400}),  # read, then refused by the engine
    ("500 kB header", {"X-Pad": "a" * 500_000}, "/healthz", {0, 200, 400, 431}),
    ("500 kB request line", {}, "/healthz?x=" + "a" * 500_000, {0, 400, 414, 431}),
)


@pytest.mark.parametrize(("name", "headers", "target", "statuses"), OVERSIZED_HEADS,
                         ids=[case[0] for case in OVERSIZED_HEADS])
def test_oversized_heads_are_refused_or_served(watched: str, name: str, headers: dict[str, str], target: str,
                                               statuses: set[int]) -> None:
    try:
        status = raw_get(watched, target, headers).status_code
    except (ConnectionError, http.client.HTTPException):
        status = 0  # closed without an answer
    TALLY.hostile("oversized", status in statuses)
    assert status in statuses, (name, status)
    assert ordinary_query_answered(watched)


def test_huge_result_sets_are_cut_and_flagged(watched: str) -> None:
    cases = (("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", JSON),
             ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 50000", {"Accept": "text/csv"}),
             ("CONSTRUCT { ?a ?b ?d } WHERE { ?a ?b ?c . ?d ?e ?f }", {"Accept": "application/n-triples"}))
    for query, headers in cases:
        response = requests.post(f"{watched}/sparql", data={"query": query}, headers=headers, timeout=TIMEOUT)
        check_status(response, query)
        size = (rows(response) if "json" in headers["Accept"]
                else len(response.text.strip().splitlines()) - (headers["Accept"] == "text/csv"))
        refused = (response.status_code == 200 and response.headers["SPARQL-Results-Truncated"] == "true"
                   and size == MAX_ROWS)
        TALLY.hostile("huge result", refused)
        assert refused, (query, response.status_code, response.headers, size)


# --- requests that are not HTTP, or not HTTP this server reads ---------------------------------

#: Requests granian cannot read are refused by granian itself with a bare 4xx (its own answer,
#: with no body: no code of ours runs); a few it reads leniently (bare line feeds, a large head)
#: and serves.  None reaches the app as something else, and the service goes on.
MALFORMED = (
    ("bad method", b"G@T / HTTP/1.1\r\nHost: x\r\n\r\n", {400}),
    ("bad version", b"GET / HTTP/9.x\r\nHost: x\r\n\r\n", {400}),
    ("bare line feeds", b"GET /livez HTTP/1.1\nHost: x\n\n", {200}),
    ("header without colon", b"GET / HTTP/1.1\r\nHost x\r\n\r\n", {400}),
    ("space before colon", b"GET / HTTP/1.1\r\nHost : x\r\n\r\n", {400}),
    ("folded header", b"GET / HTTP/1.1\r\nHost: x\r\n  folded\r\n\r\n", {400}),
    ("NUL in the target", b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n", {400}),
    ("two lengths", b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", {400}),
    ("TLS hello", bytes.fromhex("160301020001000001fc0303") + bytes(40) + b"\r\n\r\n", {400}),
    ("unknown expectation", b"POST /sparql HTTP/1.1\r\nHost: x\r\nExpect: 100-fancy\r\nContent-Length: 1\r\n\r\nx",
     {415, 417}),
    ("malformed chunk", b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
     b"Transfer-Encoding: chunked\r\n\r\nzz\r\n", {400}),
)


@pytest.mark.parametrize(("name", "data", "statuses"), MALFORMED, ids=[case[0] for case in MALFORMED])
def test_malformed_requests_are_refused(watched: str, name: str, data: bytes, statuses: set[int]) -> None:
    answer = raw_exchange(watched, data)
    check_status(answer, name)
    TALLY.hostile("malformed request", answer.status_code in statuses)
    assert answer.status_code in statuses, (answer.status_code, answer.text[:300])
    assert ordinary_query_answered(watched)


# --- slow clients -----------------------------------------------------------------------------

def trickle(base: str, seconds: float, stop: threading.Event) -> None:
    """Send a request's head one byte at a time, spread over ``seconds``."""
    parts = urlsplit(base)
    head = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + b"a" * 40 + b"\r\n\r\n"
    with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT) as connection:
        for byte in head:
            if stop.is_set():
                return
            connection.sendall(bytes([byte]))
            time.sleep(seconds / len(head))


def ordinary_latencies(base: str, count: int) -> list[float]:
    latencies = []
    for _ in range(count):
        started = time.perf_counter()
        assert ordinary_query_answered(base)
        latencies.append(time.perf_counter() - started)
        time.sleep(0.1)
    return latencies


def slow_clients_leave_others_served(base: str, clients: int, seconds: float) -> bool:
    """Whether ordinary queries stay prompt while ``clients`` send their heads slowly."""
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for _ in range(clients):
            pool.submit(trickle, base, seconds, stop)
        time.sleep(0.5)
        try:
            latencies = ordinary_latencies(base, 5)
        except requests.RequestException:
            latencies = [float("inf")]
        stop.set()
    return max(latencies) < 2


def test_slow_clients_do_not_block_other_requests(watched: str) -> None:
    served = slow_clients_leave_others_served(watched, THREADS + 2, seconds=3)
    TALLY.hostile("slow client", served)
    assert served


def test_trickled_bodies_and_heads_leave_health_and_canned_queries_prompt(watched: str) -> None:
    """16 clients trickling bodies and 200 trickling heads, a byte each every half second:
    ``/healthz`` and a canned query still answer within a second."""
    parts = urlsplit(watched)
    body_head = (b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                 b"Content-Length: 1000\r\n\r\nASK")
    sockets = [socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT) for _ in range(216)]
    try:
        for index, connection in enumerate(sockets):
            connection.sendall(body_head if index < 16 else b"GET /healthz HTTP/1.1\r\nHo")
        worst = 0.0
        for _ in range(4):
            for index, connection in enumerate(sockets):
                connection.sendall(b" " if index < 16 else b"s")
            for path in ("/healthz", "/api/queries/phases"):
                started = time.monotonic()
                assert requests.get(f"{watched}{path}", timeout=TIMEOUT).status_code == 200
                worst = max(worst, time.monotonic() - started)
            time.sleep(0.5)
    finally:
        for connection in sockets:
            connection.close()
    TALLY.hostile("slow client", worst < 1)
    assert worst < 1, worst


@pytest.mark.slow
def test_more_slow_clients_than_threads(watched: str) -> None:
    served = slow_clients_leave_others_served(watched, 5 * THREADS, seconds=8)
    TALLY.hostile("slow client", served)
    assert served


def test_clients_that_never_close_block_nobody(watched: str) -> None:
    """Clients that read no answer and keep their connection open (gthread waits 2 s on each)."""
    parts = urlsplit(watched)
    connections = []
    try:
        for _ in range(THREADS + 2):
            connection = socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT)
            connection.sendall(b"GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            connections.append(connection)
        time.sleep(0.3)
        latencies = ordinary_latencies(watched, 3)
    finally:
        for connection in connections:
            connection.close()
    served = max(latencies) < 2
    TALLY.hostile("slow client", served)
    assert served, latencies


# --- heads and bodies that do not arrive in time, on a server that gives them one second -------

HEAD_TIMEOUT = 1.0
#: How late an overdue head or body may be refused.
GRACE = 1.5


@pytest.fixture(scope="module")
def impatient(mini_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server of the small fixture graph that gives each request head and body one second."""
    with serving(tmp_path_factory.mktemp("impatient"), mini_build, header_timeout=HEAD_TIMEOUT,
                 body_timeout=HEAD_TIMEOUT, query_workers=1) as served:
        yield served.url


def timed(base: str, data: bytes) -> tuple[bytes, float]:
    """What the server sends back until it closes, and after how many seconds it closed."""
    parts = urlsplit(base)
    started = time.monotonic()
    with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT) as connection:
        connection.sendall(data)
        return read_to_end(connection), time.monotonic() - started


OVERDUE = (
    ("half a head", b"GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n"),
    ("a request line only", b"GET /livez HTTP/1.1"),
    ("a second head on a kept-alive connection",
     b"GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n"),
)


@pytest.mark.parametrize(("name", "data"), OVERDUE, ids=[case[0] for case in OVERDUE])
def test_a_head_not_complete_in_time_is_closed(impatient: str, name: str, data: bytes) -> None:
    """granian closes the connection of a head that is late (its own rule: no answer is sent)."""
    received, seconds = timed(impatient, data)
    closed = HEAD_TIMEOUT <= seconds < HEAD_TIMEOUT + GRACE
    TALLY.hostile("slow client", closed)
    assert closed, (name, seconds)
    assert received.count(b"HTTP/1.1 200 OK") == data.count(b"\r\n\r\n")  # every whole request was served


def test_a_body_not_complete_in_time_gets_408_in_both_languages(impatient: str) -> None:
    received, seconds = timed(impatient, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              b"Content-Type: application/sparql-query\r\nContent-Length: 50\r\n\r\nASK")
    answer = parse_answer(received)
    refused = answer.status_code == 408 and in_both_languages(answer.text) and "BodyTimeout" in answer.text
    TALLY.hostile("slow client", refused)
    assert refused, received[-400:]
    assert HEAD_TIMEOUT <= seconds < HEAD_TIMEOUT + GRACE, seconds


def test_silent_connections_block_nobody(impatient: str) -> None:
    """Connections that send nothing hold no thread: ordinary requests are answered meanwhile."""
    parts = urlsplit(impatient)
    silent = [socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT) for _ in range(200)]
    try:
        latencies = ordinary_latencies(impatient, 3)
    finally:
        for connection in silent:
            connection.close()
    TALLY.hostile("slow client", max(latencies) < 2)
    assert max(latencies) < 2, latencies


def test_a_head_trickled_within_the_deadline_is_served(impatient: str) -> None:
    parts = urlsplit(impatient)
    with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT) as connection:
        for byte in b"GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n":
            connection.sendall(bytes([byte]))
            time.sleep(HEAD_TIMEOUT / 200)
        answer = parse_answer(read_to_end(connection))
    assert answer.status_code == 200 and answer.text == "ok\n"


def test_an_ordinary_query_is_still_answered(watched: str) -> None:
    assert select(watched, ORDINARY).status_code == 200
