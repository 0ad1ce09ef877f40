"""The fast lane's requests answered in the gunicorn worker's event loop, with no thread.

Under gunicorn's threaded worker every request goes from the event loop to a pool thread
and back: a wake-up of the thread, a switch of the GIL to it and back, a pipe write to wake
the loop again, and the socket taken off and put back on the poller.  Measured on two cores
with wrk at concurrency 8, answering ``/livez`` in the event loop instead took the server's
CPU time per request from about 400 to 300 µs, its rate from 4,400 to 6,000 requests/s
and its p99 from 5.5 to 2.6 ms; a cheap canned query went from about 2,300 to 2,900.

So when a kept-alive connection becomes readable, the worker's event loop
(:meth:`smckg.server.gunicorn_worker.HeadFirstWorker.on_client_socket_readable`) reads what
has arrived and, if it is exactly one whole, plain ``GET`` head that the app's
:class:`~smckg.server.fast_lane.FastLane` answers (``/livez``, a cached answer, a canned query
proven cheap), answers it there with :func:`answer_in_loop`.

The head is read by ``httptools`` (llhttp, the parser of Node.js) and the reply framed here,
as gunicorn frames it: the same status line, ``Server``, ``Date`` and ``Connection`` fields and
keep-alive decision, then the lane's headers and body.  Reading the head with gunicorn's own
parser, building its full environ and framing with its ``Response`` was most of the loop's
own work: in-process, a ``/livez`` answer took 157 µs of CPU with them and 44 µs without.
Every request of the lane pays it, the uncached canned queries included.  Measured with wrk
at concurrency 8 on two cores, the server's CPU time per ``/livez`` request went from 236 to
about 100 µs (6,600 to 14,000-15,900 requests/s), ``case-technologies`` (uncached) from 1,082
to 877 µs (1,760 to 2,150 requests/s, p99 10.2 to 8.1 ms).

What gunicorn would read otherwise than plainly is left to it: a header field with ``_`` in
its name (gunicorn's ``header_map``), one of the scheme headers a trusted proxy may send
(``secure_scheme_headers``), a field given twice, a percent-escape in the path, a target
not a plain path, a byte beyond ASCII, a head over gunicorn's size limits.  gunicorn's request hooks and its own access
log need its request objects, so a worker whose configuration sets them (``smc-kg serve``
sets neither) answers nothing in its loop (:func:`loop_can_answer`).

Anything else goes the threaded way unchanged: a request with a body or with ``Expect`` or
``Upgrade``, more than one request in what arrived, a head either parser refuses (a thread
then gives the bilingual refusal), a request the lane declines, any error.  The tests check
the loop's replies byte for byte (but the date) against the threaded path's.

While a cheap query runs in the event loop, the loop serves no other connection of its
process (threads go on: pyoxigraph releases the GIL).  A cheap query is one that has run
within 10 ms of CPU (:mod:`smckg.server.inline`), so the wait is bounded, and measured on
the 1M-city store at concurrency 8 the loop still served more than threads did: 298 against
281 requests/s for ``case-technologies`` (4 ms in-process), 1,099 against 692 for
``links-cases-wikidata``, 1,907 against 1,475 for ``labels-of-class``.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from email.utils import formatdate
from functools import lru_cache
from typing import Any

import httptools
from flask import Flask
from gunicorn import SERVER, SERVER_SOFTWARE
from gunicorn.config import PostRequest, PreRequest

from smckg.server.fast_lane import FastLane

#: Header fields that send a request the threaded way: a body, an interim answer, a protocol switch.
THREADED_FIELDS = frozenset({"CONTENT-LENGTH", "TRANSFER-ENCODING", "EXPECT", "UPGRADE", "HTTP2-SETTINGS"})
#: Where a head ends (a head ended by bare line feeds is left to the parser, to be refused).
HEAD_END = b"\r\n\r\n"
#: HTTP versions the loop answers, as httptools gives them.
VERSIONS = frozenset({"1.0", "1.1"})


@dataclass(frozen=True, slots=True)
class Reply:
    """A whole HTTP response written by the event loop, and whether the connection stays open."""

    data: bytes
    keep_alive: bool


@dataclass(frozen=True, slots=True)
class HeadRules:
    """What of gunicorn's settings decides whether the loop may read a head itself."""

    line_limit: int
    fields_limit: int
    field_size_limit: int
    scheme_fields: frozenset[str]


class _Head:
    """What httptools reports of a request head; its callbacks' names are httptools'.

    The method, version and keep-alive decision are read when the head ends: once the
    message is complete the parser is reset for the next one.  The parser is set only while
    :func:`_parsed` feeds it: it refers to the head, and a cycle per request would be left
    for the garbage collector.
    """

    __slots__ = ("parser", "url", "fields", "method", "version", "keep_alive", "whole")

    def __init__(self) -> None:
        self.parser: httptools.HttpRequestParser | None = None
        self.url = b""
        self.fields: list[tuple[str, str]] = []  # (name upper-cased, value), as latin-1 text
        self.method = b""
        self.version = ""
        self.keep_alive = False
        self.whole = False

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self.fields.append((name.decode("latin-1").upper(), value.decode("latin-1")))

    def on_headers_complete(self) -> None:
        assert self.parser is not None  # only ever called while feeding
        self.method = self.parser.get_method()
        self.version = self.parser.get_http_version()
        self.keep_alive = self.parser.should_keep_alive()

    def on_message_complete(self) -> None:
        self.whole = True


class _Started:
    """A WSGI ``start_response`` that keeps the status and headers it is given."""

    __slots__ = ("status", "headers")

    def __init__(self) -> None:
        self.status = ""
        self.headers: list[tuple[str, str]] = []

    def __call__(self, status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        self.status, self.headers = status, headers


def lane_of(app: Any) -> FastLane | None:
    """The fast lane in front of a Flask app, if it has one."""
    lane = app.wsgi_app if isinstance(app, Flask) else None
    return lane if isinstance(lane, FastLane) else None


def loop_can_answer(cfg: Any, log: Any) -> bool:
    """Whether a worker so configured may answer in its loop: no request hooks, no gunicorn access log, plain HTTP."""
    return (cfg.pre_request is PreRequest.default and cfg.post_request is PostRequest.default
            and not log.access_log_enabled and not cfg.is_ssl and cfg.proxy_protocol in (False, "off")
            and not os.environ.get("SCRIPT_NAME"))


def is_one_plain_get(data: bytes) -> bool:
    """Whether ``data`` is one whole ``GET`` head and nothing after it."""
    return data.startswith(b"GET ") and data.find(HEAD_END) == len(data) - len(HEAD_END) and b"\n\n" not in data


def answer_in_loop(worker: Any, lane: FastLane, conn: Any, data: bytes) -> Reply | None:
    """The reply to one plain GET head the lane answers, or None for a thread to serve it.

    ``worker`` is the gunicorn worker (its ``cfg``, ``nr`` and ``max_requests`` are read and
    kept as its threads do), ``conn`` the kept-alive connection (``client``, ``server``),
    ``data`` what arrived on it.
    """
    if not is_one_plain_get(data) or worker.nr + 1 >= worker.max_requests:
        return None
    head = _parsed(data)
    if head is None or not _plain(head, data, rules_of(worker.cfg)):
        return None
    environ = _environ(head, conn)
    if environ is None:
        return None
    started = _Started()
    body = lane.respond(environ, started)
    if body is None:
        return None
    worker.nr += 1
    return Reply(_framed(head, started) + b"".join(body), head.keep_alive)


@lru_cache(maxsize=8)
def rules_of(cfg: Any) -> HeadRules:
    """The head rules of a gunicorn configuration (read once: its attributes are slow to read)."""
    return HeadRules(cfg.limit_request_line, cfg.limit_request_fields, cfg.limit_request_field_size,
                     frozenset(name.upper() for name in cfg.secure_scheme_headers))


def _parsed(data: bytes) -> _Head | None:
    """The plain GET head httptools reads in ``data``, or None if it refuses it or it is another."""
    head = _Head()
    head.parser = parser = httptools.HttpRequestParser(head)
    try:
        parser.feed_data(data)
    except (httptools.HttpParserError, httptools.HttpParserUpgrade):
        return None
    finally:
        head.parser = None
    return head if head.whole and head.method == b"GET" and head.version in VERSIONS else None


def _plain(head: _Head, data: bytes, rules: HeadRules) -> bool:
    """Whether gunicorn would read the head plainly too: see the module's docstring."""
    if (not data.isascii() or data.count(b"\n") != data.count(b"\r\n") or len(head.fields) > rules.fields_limit
            or data.index(b"\r\n") > rules.line_limit
            or not data.startswith(b"GET %s HTTP/%s\r\n" % (head.url, head.version.encode()))):
        return False
    names = set()
    for name, value in head.fields:
        if (name in THREADED_FIELDS or name in rules.scheme_fields or "_" in name or name in names
                or len(name) + len(value) + 2 > rules.field_size_limit):
            return False
        names.add(name)
    return True


def _environ(head: _Head, conn: Any) -> dict[str, Any] | None:
    """The WSGI environ gunicorn makes of a plain head, as far as the lane reads it.

    None for what gunicorn would read otherwise: a target to decode, a server on a unix socket.
    """
    target = head.url.decode()
    path, _, query = target.partition("?")
    if not path.startswith("/") or "%" in path or "#" in target or not isinstance(conn.server, tuple):
        return None  # a unix socket's address is a path: gunicorn then reads the Host field
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": query,
        "RAW_URI": target, "SERVER_PROTOCOL": f"HTTP/{head.version}", "SERVER_SOFTWARE": SERVER_SOFTWARE,
        "SERVER_NAME": str(conn.server[0]), "SERVER_PORT": str(conn.server[1]),
        "REMOTE_ADDR": str(conn.client[0]), "REMOTE_PORT": str(conn.client[1]),
        "wsgi.url_scheme": "http", "wsgi.multithread": True,
    }
    for name, value in head.fields:
        environ["HTTP_" + name.replace("-", "_")] = value.strip(" \t")
    return environ


def _framed(head: _Head, started: _Started) -> bytes:
    """The reply's head as gunicorn's ``Response`` writes it for a response of known length."""
    lines = [f"HTTP/{head.version} {started.status}\r\nServer: {SERVER}\r\nDate: {_http_date(int(time.time()))}\r\n"
             f"Connection: {'keep-alive' if head.keep_alive else 'close'}\r\n",
             *(f"{name}: {value}\r\n" for name, value in started.headers), "\r\n"]
    return "".join(lines).encode("latin-1")


@lru_cache(maxsize=2)
def _http_date(second: int) -> str:
    """The ``Date`` field's value for a second of Unix time (made once a second, not once a request)."""
    return formatdate(second, usegmt=True)
