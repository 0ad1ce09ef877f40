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
proven cheap), answers it there with :func:`answer_in_loop`.  The head is read by gunicorn's
own parser and the environ built by gunicorn's own ``wsgi.create``, and the reply framed by
gunicorn's own ``Response``, so status line, ``Server``, ``Date``, ``Connection`` and keep-alive
decisions are those of the threaded path; only the socket is a stand-in that keeps the bytes.

Anything else goes the threaded way unchanged: a request with a body or with ``Expect`` or
``Upgrade``, more than one request in what arrived, a head gunicorn refuses (a thread then
gives the bilingual refusal), a request the lane declines, any error.

While a cheap query runs in the event loop, the loop serves no other connection of its
process (threads go on: pyoxigraph releases the GIL).  A cheap query is one that has run
within 10 ms of CPU (:mod:`smckg.server.inline`), so the wait is bounded, and measured on
the 1M-city store at concurrency 8 the loop still served more than threads did: 298 against
281 requests/s for ``case-technologies`` (4 ms in-process), 1,099 against 692 for
``links-cases-wikidata``, 1,907 against 1,475 for ``labels-of-class``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask
from gunicorn.http import wsgi
from gunicorn.http.errors import ParseException
from gunicorn.http.message import Request
from gunicorn.http.unreader import IterUnreader

from smckg.server.fast_lane import FastLane

#: Header fields that send a request the threaded way: a body, an interim answer, a protocol switch.
THREADED_FIELDS = frozenset({"CONTENT-LENGTH", "TRANSFER-ENCODING", "EXPECT", "UPGRADE", "HTTP2-SETTINGS"})
#: Where a head ends (a head ended by bare line feeds is left to the parser, to be refused).
HEAD_END = b"\r\n\r\n"


@dataclass(frozen=True, slots=True)
class Reply:
    """A whole HTTP response written by the event loop, and whether the connection stays open."""

    data: bytes
    keep_alive: bool


class _Held:
    """A socket stand-in for gunicorn's ``Response``: it keeps what it is asked to send."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def sendall(self, data: bytes) -> None:
        self.parts.append(bytes(data))


class _HeldResponse(wsgi.Response):  # type: ignore[misc]
    """gunicorn's response, written to a :class:`_Held` instead of the connection."""

    def __init__(self, req: Request, _sock: Any, cfg: Any) -> None:
        self.held = _Held()
        super().__init__(req, self.held, cfg)


def lane_of(app: Any) -> FastLane | None:
    """The fast lane in front of a Flask app, if it has one."""
    lane = app.wsgi_app if isinstance(app, Flask) else None
    return lane if isinstance(lane, FastLane) else None


def is_one_plain_get(data: bytes) -> bool:
    """Whether ``data`` is one whole ``GET`` head and nothing after it."""
    return data.startswith(b"GET ") and data.find(HEAD_END) == len(data) - len(HEAD_END) and b"\n\n" not in data


def answer_in_loop(worker: Any, lane: FastLane, conn: Any, data: bytes) -> Reply | None:
    """The reply to one plain GET head the lane answers, or None for a thread to serve it.

    ``worker`` is the gunicorn worker (its ``cfg``, ``log``, ``nr`` and ``max_requests`` are
    read and kept as its threads do), ``conn`` the kept-alive connection (``client``,
    ``server``, ``sock``), ``data`` what arrived on it.  gunicorn's ``pre_request`` hook is
    called once the lane has taken the request, so a request left to a thread calls it once.
    """
    if not is_one_plain_get(data) or worker.nr + 1 >= worker.max_requests:
        return None
    try:
        req = Request(worker.cfg, IterUnreader([data]), conn.client, req_number=2)
    except ParseException:
        return None
    if any(name in THREADED_FIELDS for name, _ in req.headers):
        return None
    started = datetime.now()
    resp, environ = wsgi.create(req, conn.sock, conn.client, conn.server, worker.cfg,
                                response_class=_HeldResponse)
    environ["wsgi.multithread"] = True
    body = lane.respond(environ, resp.start_response)
    if body is None:
        return None
    worker.cfg.pre_request(worker, req)
    worker.nr += 1
    for item in body:
        resp.write(item)
    resp.close()
    worker.log.access(resp, req, environ, datetime.now() - started)
    worker.cfg.post_request(worker, req, environ, resp)
    return Reply(b"".join(resp.held.parts), not resp.should_close())
