"""The event loop answers the fast lane's requests byte for byte as a thread would, and only those.

The reference is the live server itself: the first request of a new connection is always
served by a thread, so its answer is the threaded path's.  The live-server tests at the end
check kept-alive connections where the event loop's and the threads' answers alternate.
"""

from __future__ import annotations

import re
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

import pytest
from canned_paths import canned_paths
from flask import Flask
from gunicorn.glogging import Logger
from kept_alive import Kept, head, read_answer
from werkzeug.test import Client

from smckg.server.config import ServerConfig
from smckg.server.loop_lane import Reply, answer_in_loop, is_one_plain_get, lane_of, loop_can_answer
from smckg.server.wsgi_server import GunicornServer

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
#: Requests a canned query needs at most before the lane answers it (it must prove cheap first).
WARM_UP_LIMIT = 6
DATE = re.compile(rb"^Date: [^\r]*\r\n", re.MULTILINE)
TIMEOUT = 30
#: Large answers a slow reader asks for before reading any.
SLOW_REQUESTS = 80


def without_date(data: bytes) -> bytes:
    return DATE.sub(b"", data)


@pytest.fixture(scope="module")
def worker(built: Path) -> SimpleNamespace:
    """What ``answer_in_loop`` reads of a gunicorn worker, with the server's real gunicorn settings."""
    cfg = GunicornServer(ServerConfig(out_dir=built)).cfg
    return SimpleNamespace(cfg=cfg, nr=0, max_requests=sys.maxsize)


def conn_to(base: str) -> SimpleNamespace:
    parts = urlsplit(base)
    return SimpleNamespace(client=("127.0.0.1", 40000), server=(parts.hostname, parts.port), sock=None)


def in_loop(app: Flask, worker: SimpleNamespace, base: str, data: bytes) -> Reply | None:
    lane = lane_of(app)
    assert lane is not None
    return answer_in_loop(worker, lane, conn_to(base), data)


def warmed_reply(app: Flask, worker: SimpleNamespace, base: str, data: bytes) -> Reply | None:
    """The loop's reply once the query has proven cheap (Flask runs it meanwhile), or None."""
    lane = lane_of(app)
    assert lane is not None
    path, _, query = data.split(b" ")[1].decode().partition("?")
    for _ in range(WARM_UP_LIMIT):
        if (reply := in_loop(app, worker, base, data)) is not None:
            return reply
        Client(lane.downstream).get(path, query_string=query, headers={  # same base IRI as the head's
            "Host": urlsplit(base).netloc, "Accept": JSON, "Cache-Control": "no-cache"})
    return None


def exchange(base: str, data: bytes) -> bytes:
    """One request on a new connection (always served by a thread), its whole answer."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT) as sock:
        sock.sendall(data)
        return read_answer(sock.makefile("rb"))


# --- in-process: the loop's reply against the live server's threaded answer ------------------


@pytest.mark.parametrize("target", ["/livez", *canned_paths()])
def test_the_loop_answers_as_a_thread_of_the_live_server(
    fresh_app: Flask, worker: SimpleNamespace, live_server: str, target: str
) -> None:
    host = urlsplit(live_server).netloc
    data = head(target, host, f"Accept: {JSON}", "Cache-Control: no-cache")
    reply = warmed_reply(fresh_app, worker, live_server, data)
    assert reply is not None, f"the event loop never answered {target}"
    assert reply.keep_alive
    assert without_date(reply.data) == without_date(exchange(live_server, data))


def test_a_cached_lookup_is_answered_by_the_loop_as_by_a_thread(
    fresh_app: Flask, worker: SimpleNamespace, live_server: str
) -> None:
    """The lookup is taken by the lane only from the response cache."""
    host = urlsplit(live_server).netloc
    data = head("/api/lookup?q=governance", host, "Accept: application/json")
    assert in_loop(fresh_app, worker, live_server, data) is None  # not cached yet
    Client(fresh_app).get("/api/lookup", query_string="q=governance", headers={"Accept": "application/json"})
    reply = in_loop(fresh_app, worker, live_server, data)
    assert reply is not None
    exchange(live_server, data)  # the live server caches it too
    assert without_date(reply.data) == without_date(exchange(live_server, data))


def test_a_cached_answer_is_given_by_the_loop_and_marked_a_hit(
    fresh_app: Flask, worker: SimpleNamespace, live_server: str
) -> None:
    host = urlsplit(live_server).netloc
    data = head("/api/queries/drivers", host, f"Accept: {JSON}")
    first = warmed_reply(fresh_app, worker, live_server, data)
    second = in_loop(fresh_app, worker, live_server, data)
    assert first is not None and second is not None
    assert b"X-Cache: miss" in first.data
    assert b"X-Cache: hit" in second.data
    assert second.data.partition(b"\r\n\r\n")[2] == first.data.partition(b"\r\n\r\n")[2]


def test_each_reply_counts_as_a_request_of_the_worker(
    fresh_app: Flask, worker: SimpleNamespace, live_server: str
) -> None:
    before = worker.nr
    assert in_loop(fresh_app, worker, live_server, head("/livez", "x")) is not None
    assert worker.nr == before + 1
    assert in_loop(fresh_app, worker, live_server, head("/", "x")) is None
    assert worker.nr == before + 1


def test_a_worker_due_to_restart_leaves_the_request_to_a_thread(fresh_app: Flask, live_server: str) -> None:
    worker = SimpleNamespace(cfg=GunicornServer(ServerConfig()).cfg, nr=9, max_requests=10)
    assert in_loop(fresh_app, worker, live_server, head("/livez", "x")) is None


@pytest.mark.parametrize(
    ("lines", "version", "keep_alive"),
    [
        ((), "1.1", True),
        (("Connection: close",), "1.1", False),
        ((), "1.0", False),
        (("Connection: keep-alive",), "1.0", True),
    ],
)
def test_the_reply_keeps_the_connection_as_gunicorn_would(
    fresh_app: Flask, worker: SimpleNamespace, live_server: str, lines: tuple[str, ...], version: str, keep_alive: bool
) -> None:
    reply = in_loop(fresh_app, worker, live_server, head("/livez", "x", *lines, version=version))
    assert reply is not None
    assert reply.keep_alive is keep_alive
    assert (b"Connection: keep-alive" if keep_alive else b"Connection: close") in reply.data


DECLINED = {
    "a POST": head("/livez", "x", method="POST"),
    "a HEAD": head("/livez", "x", method="HEAD"),
    "a body announced": head("/livez", "x", "Content-Length: 0"),
    "a chunked body": head("/livez", "x", "Transfer-Encoding: chunked"),
    "an expectation": head("/livez", "x", "Expect: 100-continue"),
    "a protocol switch": head("/livez", "x", "Connection: Upgrade", "Upgrade: h2c"),
    "two requests at once": head("/livez", "x") * 2,
    "part of a head": head("/livez", "x")[:-2],
    "a head ended by bare line feeds": b"GET /livez HTTP/1.1\nHost: x\n\n",
    "a malformed request line": b"GET  /livez HTTP/1.1\r\nHost: x\r\n\r\n",
    "a malformed header field": b"GET /livez HTTP/1.1\r\nHo st: x\r\n\r\n",
    "a page of the UI": head("/", "x"),
    "a conditional request": head("/api/queries/drivers", "x", 'If-None-Match: "abc"'),
    "an unknown parameter": head("/api/queries/drivers?nonsense=1", "x"),
    "a field name with an underscore": head("/livez", "x", "X_Thing: 1"),
    "a scheme header a proxy may send": head("/livez", "x", "X-Forwarded-Proto: https"),
    "a field given twice": head("/livez", "x", "Accept: text/plain", "Accept: text/plain"),
    "a percent-escape in the path": head("/%6civez", "x"),
    "an absolute-form target": head("http://x/livez", "x"),
    "a byte beyond ASCII": head("/livez", "x", "X-Name: caf\u00e9"),
    "a request line over gunicorn's limit": head("/livez?" + "a" * 8200, "x"),
}


@pytest.mark.parametrize("data", DECLINED.values(), ids=DECLINED.keys())
def test_anything_else_is_left_to_a_thread(
    fresh_app: Flask, worker: SimpleNamespace, live_server: str, data: bytes
) -> None:
    assert in_loop(fresh_app, worker, live_server, data) is None


def test_only_one_whole_plain_get_is_taken() -> None:
    assert is_one_plain_get(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    assert not is_one_plain_get(b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\n\r\n")
    assert not is_one_plain_get(b"GET / HTTP/1.1\r\nHost: x\r\n")
    assert not is_one_plain_get(b"POST / HTTP/1.1\r\nHost: x\r\n\r\n")


def test_the_loop_answers_under_the_servers_own_gunicorn_settings() -> None:
    cfg = GunicornServer(ServerConfig()).cfg
    assert loop_can_answer(cfg, Logger(cfg))


@pytest.mark.parametrize(
    ("setting", "value"),
    [("pre_request", lambda worker, req: None), ("post_request", lambda worker, req, environ, resp: None),
     ("accesslog", "-")],
)
def test_a_worker_with_hooks_or_gunicorns_access_log_leaves_every_request_to_threads(
    setting: str, value: object
) -> None:
    """Hooks and gunicorn's access log are handed gunicorn's request objects, which the loop never makes."""
    cfg = GunicornServer(ServerConfig()).cfg
    cfg.set(setting, value)
    assert not loop_can_answer(cfg, Logger(cfg))


def test_an_app_without_the_lane_has_none() -> None:
    assert lane_of(Flask("bare")) is None
    assert lane_of(object()) is None


# --- the live server: kept-alive connections where loop and threads take turns ---------------


@pytest.fixture()
def kept(live_server: str) -> Iterator[Kept]:
    parts = urlsplit(live_server)
    with socket.create_connection((parts.hostname, parts.port), timeout=TIMEOUT) as sock:
        yield Kept(sock, sock.makefile("rb"))


def test_a_kept_alive_connection_mixes_loop_and_thread_answers(kept: Kept, live_server: str) -> None:
    host = urlsplit(live_server).netloc
    body = urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
    post = (f"POST /sparql HTTP/1.1\r\nHost: {host}\r\nAccept: {JSON}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
    requests = [head("/livez", host), head("/api/queries/drivers", host, f"Accept: {JSON}"), head("/", host),
                post, head("/api/queries/drivers", host, f"Accept: {JSON}"), head("/api/lookup?q=governance", host),
                head("/livez", host)] * 3
    for data in requests:
        answer = kept.ask(data)
        assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]
        assert b"Connection: keep-alive" in answer
        assert answer.partition(b"\r\n\r\n")[2] == exchange(live_server, data).partition(b"\r\n\r\n")[2]


def test_two_requests_sent_at_once_on_a_kept_alive_connection_get_two_answers(kept: Kept, live_server: str) -> None:
    host = urlsplit(live_server).netloc
    kept.ask(head("/livez", host))
    kept.sock.sendall(head("/livez", host) + head("/api/queries/drivers", host, f"Accept: {JSON}"))
    assert read_answer(kept.stream).endswith(b"\r\n\r\nok\n")
    assert b'"head"' in read_answer(kept.stream)


def test_a_head_arriving_in_parts_on_a_kept_alive_connection_is_answered(kept: Kept, live_server: str) -> None:
    host = urlsplit(live_server).netloc
    kept.ask(head("/livez", host))
    data = head("/livez", host)
    kept.sock.sendall(data[:9])
    time.sleep(0.2)
    assert kept.ask(data[9:]).endswith(b"\r\n\r\nok\n")


def test_connection_close_is_honoured_after_a_loop_answer(kept: Kept, live_server: str) -> None:
    host = urlsplit(live_server).netloc
    kept.ask(head("/livez", host))
    assert b"Connection: close" in kept.ask(head("/livez", host, "Connection: close"))
    assert kept.stream.read(1) == b""


def test_large_answers_reach_a_slow_reader_while_others_are_served(live_server: str) -> None:
    """Replies the socket does not take at once are sent on by a thread; the event loop goes on.

    The client asks for a large answer several times without reading: the first answers
    fill the connection's buffers, so a later one cannot be sent at once.
    """
    parts = urlsplit(live_server)
    data = head("/api/queries/cases-with-outcomes", parts.netloc, f"Accept: {XML}")
    expected_body = exchange(live_server, data).partition(b"\r\n\r\n")[2]  # now in the response cache
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
        sock.settimeout(TIMEOUT)
        sock.connect((parts.hostname, parts.port))
        slow = Kept(sock, sock.makefile("rb"))
        slow.ask(head("/livez", parts.netloc))
        for _ in range(SLOW_REQUESTS):  # kept alive: the event loop takes each, from the cache
            sock.sendall(data)
            time.sleep(0.02)
        answers: list[bytes] = []
        others = threading.Thread(target=lambda: answers.append(exchange(live_server, head("/livez", parts.netloc))))
        others.start()
        others.join(TIMEOUT)
        assert answers and answers[0].endswith(b"ok\n"), "another client waited on the slow reader"
        bodies = [read_answer(slow.stream).partition(b"\r\n\r\n")[2] for _ in range(SLOW_REQUESTS)]
    assert bodies == [expected_body] * SLOW_REQUESTS
