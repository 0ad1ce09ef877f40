"""The gunicorn worker of ``smc-kg serve``: no thread waits for a request head, and heads have a deadline.

gunicorn's threaded worker (``gthread``) gives a connection to a thread as soon as it is
readable, and the thread then blocks until the whole request head has arrived, with no
deadline: a client that sends its head a byte at a time holds a thread as long as it likes,
and as many such clients as threads stall the process.  In :class:`HeadFirstWorker` a thread
reads only what has already arrived; with part of a head it gives the connection back to
the worker's event loop, which collects the rest (non-blocking reads, no thread held) and
hands the connection to a thread again once the head is whole.  Ordinary requests, whose
head arrives in one piece, take the same path as under ``gthread``.  Besides:

* a head not complete ``header_timeout`` seconds (``ServerConfig``) after the connection
  opened, or after the first byte of a next request on a kept-alive connection, is answered
  408 and the connection closed (one that sent nothing is closed without an answer);
* a head that has not ended within :data:`HEAD_LIMIT` bytes is answered 431 (414 while
  still in the request line); gunicorn's parser applies its finer limits to the rest;
* a connection to be closed is drained in the event loop for a moment (so the client reads
  the answer rather than a reset), where ``gthread`` blocks its event loop doing so;
* the next request on a kept-alive connection, if it is one the app's fast lane answers
  (``/livez``, a cached answer, a canned query proven cheap), is answered by the event loop
  itself, with no thread (:mod:`smckg.server.loop_lane`); a reply the socket does not take
  at once is sent on by a thread;
* a worker holding more connections than another leaves the next new one to it, briefly
  (:mod:`smckg.server.balance`), so kept-alive clients spread over the processes.

It also answers gunicorn's own refusals (a malformed request 400, a request line too long
414, header fields too large 431...) with a clear message in English and Chinese, as plain
text shaped like the app's own plain-text errors; gunicorn's are English-only HTML.

The worker serves plain HTTP/1.x, as ``smc-kg serve`` configures gunicorn (no TLS, no
HTTP/2, no PROXY protocol: each of these would read the connection's first bytes itself).
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from http import HTTPStatus
from typing import Any

from gunicorn.http.errors import (
    ConfigurationProblem,
    ExpectationFailed,
    InvalidResponseHeader,
    InvalidResponseHeaderName,
    LimitRequestHeaders,
    LimitRequestLine,
    ParseException,
    UnsupportedTransferCoding,
)
from gunicorn.workers.gthread import TConn, ThreadWorker

from smckg.errors import SmcError
from smckg.server.balance import Balance
from smckg.server.fast_lane import FastLane
from smckg.server.loop_lane import Reply, answer_in_loop, lane_of, loop_can_answer

#: Longest request head read in the event loop; a head not ended within it is refused.
HEAD_LIMIT = 64 * 1024
#: Bytes asked of a socket at once.
READ_SIZE = 16 * 1024
#: How long, and for how many bytes, a connection being closed is drained.
LINGER_SECONDS = 2.0
LINGER_BYTES = 64 * 1024
#: Where a head ends: an empty line (a bare LF one too, for gunicorn's parser to refuse).
HEAD_ENDS = (b"\r\n\r\n", b"\n\n")
#: gunicorn errors that are the server's fault, not the client's.
_SERVER_FAULTS = (ConfigurationProblem, InvalidResponseHeader, InvalidResponseHeaderName)


class RequestRefused(SmcError):
    """A request answered by the WSGI server before it reaches the app, with its status."""

    def __init__(self, status: int, en: str, zh: str, *, where: str | None = None) -> None:
        self.http_status = status
        super().__init__(en, zh, where=where)


def request_line_too_long(limit: int) -> RequestRefused:
    return RequestRefused(
        414,
        f"the request line is longer than {limit} bytes; send a long query in the body of a POST request",
        f"请求行超过 {limit} 字节；较长的查询请放在 POST 请求体中发送",
    )


def header_fields_too_large(fields: int, size: int) -> RequestRefused:
    return RequestRefused(
        431,
        f"the request header fields are too large: at most {fields} fields of at most {size} bytes each",
        f"请求头字段过大：最多 {fields} 个字段，每个不超过 {size} 字节",
    )


def head_too_large() -> RequestRefused:
    return RequestRefused(
        431,
        f"the request head (request line and header fields) is larger than {HEAD_LIMIT} bytes",
        f"请求头部（请求行与各请求头字段）超过 {HEAD_LIMIT} 字节",
    )


def head_too_slow(seconds: float) -> RequestRefused:
    return RequestRefused(
        408,
        f"the request head did not arrive within {seconds:g} s; the connection is closed",
        f"请求头部未在 {seconds:g} 秒内送达；连接已关闭",
    )


def refusal_for(error: BaseException, limits: Any) -> RequestRefused:
    """The bilingual answer to an error gunicorn raised while reading a request.

    ``limits`` is gunicorn's configuration (its ``limit_request_*`` settings).
    """
    if isinstance(error, _SERVER_FAULTS) or not isinstance(error, ParseException):
        return RequestRefused(500, "the server failed to answer this request", "服务器未能处理此请求")
    if isinstance(error, LimitRequestLine):
        return request_line_too_long(limits.limit_request_line)
    if isinstance(error, LimitRequestHeaders):
        return header_fields_too_large(limits.limit_request_fields, limits.limit_request_field_size)
    if isinstance(error, UnsupportedTransferCoding):
        return RequestRefused(501, "this transfer coding is not supported", "不支持该传输编码")
    if isinstance(error, ExpectationFailed):
        return RequestRefused(417, "the expectation in the Expect header cannot be met", "无法满足 Expect 请求头的要求")
    return RequestRefused(
        400,
        "the request is malformed: it cannot be read as HTTP",
        "请求格式有误：无法作为 HTTP 请求读取",
        where=_printable(str(error))[:200],
    )


def answer(refusal: RequestRefused) -> bytes:
    """A whole HTTP response for a refusal: plain text, both languages, then the connection closes."""
    status = HTTPStatus(refusal.http_status)
    where = f" ({refusal.where})" if refusal.where else ""
    body = f"{status.value} {status.phrase}{where}\n{refusal.en}\n{refusal.zh}\n".encode()
    head = (
        f"HTTP/1.1 {status.value} {status.phrase}\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Cache-Control: no-store\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "Connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


@dataclass
class PendingHead:
    """The bytes of a request head received so far, and when the whole head is due."""

    deadline: float
    data: bytearray = field(default_factory=bytearray)
    complete: bool = False

    def add(self, chunk: bytes) -> None:
        """Take more bytes; look for the end of the head in what is new."""
        start = max(len(self.data) - 3, 0)
        self.data += chunk
        self.complete = self.complete or any(self.data.find(end, start) >= 0 for end in HEAD_ENDS)

    def refusal(self, limits: Any) -> RequestRefused | None:
        """The refusal of a head grown too long, or None while it may still end."""
        if len(self.data) < HEAD_LIMIT:
            return None
        return head_too_large() if b"\n" in self.data else request_line_too_long(limits.limit_request_line)


@dataclass
class Lingering:
    """A connection being closed: drained until the client closes, the deadline or the byte cap."""

    deadline: float
    drained: int = 0


class HeadFirstWorker(ThreadWorker):  # type: ignore[misc]
    """gunicorn's threaded worker; a request head that does not arrive at once is read in its event loop.

    A thread takes a connection as gthread gives it (new, or kept alive and readable) and
    reads what has arrived without waiting.  With a whole head it serves the request; with
    part of one it gives the connection back to the event loop, which reads the rest as it
    trickles in and hands the connection to a thread again once the head is whole.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout: float = self.app.server_config.header_timeout
        self.heads: dict[TConn, PendingHead] = {}  # heads the event loop is reading
        self.carried: dict[TConn, PendingHead] = {}  # heads the event loop hands to a thread
        self.lingering: dict[TConn, Lingering] = {}
        self.unsent: dict[TConn, Reply] = {}  # replies the event loop could not send at once
        self.lane: FastLane | None = None
        self.balance: Balance = getattr(self.app, "balance", None) or Balance(0)  # no peers: never defers
        self.balance_slot: int | None = None  # set by the master's pre_fork hook; None: not balanced

    def load_wsgi(self) -> None:
        """Load the app, and find the fast lane whose requests the event loop answers (if it may)."""
        super().load_wsgi()
        self.lane = lane_of(self.wsgi) if loop_can_answer(self.cfg, self.log) else None

    # --- in a thread: serve a whole head, never wait for one ---------------------------------

    def handle(self, conn: TConn) -> Any:
        """Serve the request if its head is whole; else return the head for the event loop.

        A reply the event loop began to send is sent on here instead.
        """
        if (reply := self.unsent.pop(conn, None)) is not None:
            return _send_rest(conn.sock, reply)
        head = self.carried.pop(conn, None) or self._start_head(conn)
        if not head.complete:
            chunk = _receive(conn.sock)
            if chunk == b"":  # the client has gone
                return False
            head.add(chunk or b"")
        if head.complete:
            conn.init()  # plain HTTP/1: makes the parser, reads nothing
            conn.parser.unreader.unread(bytes(head.data))
            return super().handle(conn)
        refusal = head.refusal(self.cfg)
        if refusal is None:
            return head
        self._refuse(conn, refusal)
        return False

    def _start_head(self, conn: TConn) -> PendingHead:
        head = PendingHead(time.monotonic() + self.header_timeout)
        if conn.parser is not None:  # a kept-alive connection may hold bytes read ahead
            head.add(conn.parser.unreader.take_buffered())
        return head

    # --- in the event loop: the fast lane, the rest of a head, refusals, closing ----------------

    def run(self) -> None:
        """Serve as gthread does; a stopping worker frees its slot of the balance."""
        try:
            super().run()
        finally:
            self.balance.release(self.balance_slot)

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        """Tell the other workers how many connections this one holds, then wait as gthread does."""
        self.balance.publish(self.balance_slot, self.nr_conns)
        super().wait_for_and_dispatch_events(timeout)

    def accept(self, listener: socket.socket) -> None:
        """Accept a new connection, unless a less loaded worker should take it (briefly)."""
        if self.balance.defers(self.balance_slot, self.nr_conns):
            return
        super().accept(listener)
        self.balance.publish(self.balance_slot, self.nr_conns)

    def on_client_socket_readable(self, conn: TConn, client: socket.socket) -> None:
        """A kept-alive connection has bytes: answer here what the fast lane answers, else as gthread.

        See :mod:`smckg.server.loop_lane`.  What it does not answer goes to a thread with
        the bytes read (a whole head) or to the event loop's reading of heads (part of one).
        A reply the socket does not take at once is sent on by a thread.
        """
        data = _receive(conn.sock)
        if data is None:  # nothing after all
            return
        self.keepalived_conns.remove(conn)
        reply = self._answer_here(conn, data)
        if reply is not None:
            rest = self._send_here(conn, reply)
            if rest is not None:
                self.poller.unregister(client)
                self.unsent[conn] = rest
                self.enqueue_req(conn)
            return
        self.poller.unregister(client)
        if data == b"":  # the client has gone
            self.nr_conns -= 1
            conn.close()
            return
        head = PendingHead(time.monotonic() + self.header_timeout)
        head.add(data)
        if head.complete:
            self.carried[conn] = head
            self.enqueue_req(conn)
        else:
            self._watch(conn, head)

    def _answer_here(self, conn: TConn, data: bytes) -> Reply | None:
        """The event loop's reply to what arrived, or None for a thread to serve it."""
        if self.lane is None or not data or not self.alive or len(self.keepalived_conns) >= self.max_keepalived:
            return None
        try:
            return answer_in_loop(self, self.lane, conn, data)
        except Exception:  # noqa: BLE001 - a thread serves it again, and reports the error
            return None

    def _send_here(self, conn: TConn, reply: Reply) -> Reply | None:
        """Send what the socket takes of a reply now; the rest, or None when all is sent.

        Once all is sent, a kept-alive connection stays on the poller with its keep-alive
        timeout renewed, and a closing one lingers.
        """
        try:
            sent = conn.sock.send(reply.data)
        except BlockingIOError:
            sent = 0
        except OSError:  # the client has gone
            self.poller.unregister(conn.sock)
            self._close(conn)
            return None
        if sent < len(reply.data):
            return Reply(reply.data[sent:], reply.keep_alive)
        if reply.keep_alive:
            conn.set_timeout()
            self.keepalived_conns.append(conn)
        else:
            self.poller.unregister(conn.sock)
            self._linger(conn)
        return None

    def finish_request(self, conn: TConn, fs: Future[Any]) -> None:
        """As gthread does, but a partial head is read on here and a closing connection lingers."""
        result = None if fs.cancelled() or fs.exception() is not None else fs.result()
        if isinstance(result, PendingHead):
            self._watch(conn, result)
        elif result is False:
            self._linger(conn)
        else:
            super().finish_request(conn, fs)

    def _watch(self, conn: TConn, head: PendingHead) -> None:
        conn.sock.setblocking(False)
        self.heads[conn] = head
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_head_readable, conn))

    def _on_head_readable(self, conn: TConn, _sock: socket.socket) -> None:
        head = self.heads[conn]
        if not head.data:  # the first bytes: a thread reads them, as any request's
            self._to_thread(conn, head)
            return
        chunk = _receive(conn.sock)
        if chunk == b"":
            self._close(conn)
            return
        head.add(chunk or b"")
        if head.complete:
            self._to_thread(conn, head)
        elif (refusal := head.refusal(self.cfg)) is not None:
            self._unwatch(conn)
            self._refuse(conn, refusal)
            self._linger(conn)

    def _to_thread(self, conn: TConn, head: PendingHead) -> None:
        self._unwatch(conn)
        self.carried[conn] = head
        self.enqueue_req(conn)

    def _refuse(self, conn: TConn, refusal: RequestRefused) -> None:
        self.log.warning("refused a request from %s: %s", _peer(conn.client), refusal.en)
        _send(conn.sock, answer(refusal))

    def _linger(self, conn: TConn) -> None:
        """Close a connection once the client has read the answer: half-close, then drain."""
        try:
            conn.sock.shutdown(socket.SHUT_WR)
            conn.sock.setblocking(False)
        except OSError:  # the client has gone already
            self._close(conn)
            return
        self.lingering[conn] = Lingering(time.monotonic() + LINGER_SECONDS)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_linger_readable, conn))

    def _on_linger_readable(self, conn: TConn, _sock: socket.socket) -> None:
        lingering = self.lingering[conn]
        chunk = _receive(conn.sock)
        if chunk is None:
            return
        lingering.drained += len(chunk)
        if not chunk or lingering.drained >= LINGER_BYTES:
            self._close(conn)

    def _unwatch(self, conn: TConn) -> None:
        """Stop waiting in the event loop for a connection's bytes."""
        if self.heads.pop(conn, None) is not None or self.lingering.pop(conn, None) is not None:
            self.poller.unregister(conn.sock)

    def _close(self, conn: TConn) -> None:
        self._unwatch(conn)
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self) -> None:
        """Also refuse heads that are overdue (408) and close connections done lingering."""
        super().murder_pending()
        now = time.monotonic()
        for conn, head in [(conn, head) for conn, head in self.heads.items() if head.deadline <= now]:
            self._unwatch(conn)
            if head.data:
                self._refuse(conn, head_too_slow(self.header_timeout))
                self._linger(conn)
            else:
                self.log.debug("closed a connection from %s that sent nothing", _peer(conn.client))
                self._close(conn)
        for conn in [conn for conn, lingering in self.lingering.items() if lingering.deadline <= now]:
            self._close(conn)

    # --- gunicorn's refusals, in both languages -------------------------------------------------

    def handle_error(self, req: Any, client: socket.socket, addr: Any, exc: BaseException) -> None:
        """Answer an error met while reading or serving a request, in English and Chinese."""
        refusal = refusal_for(exc, self.cfg)
        if refusal.http_status >= 500:
            self.log.exception("error while serving a request from %s", _peer(addr))
        else:
            self.log.warning("refused a request from %s: %s", _peer(addr), exc)
        _send(client, answer(refusal))


def _receive(sock: socket.socket) -> bytes | None:
    """What has arrived, without waiting: None if nothing yet, b"" if the client has gone."""
    try:
        return sock.recv(READ_SIZE, socket.MSG_DONTWAIT)
    except BlockingIOError:
        return None
    except OSError:
        return b""


def _send_rest(sock: socket.socket, reply: Reply) -> bool:
    """In a thread: send what the event loop could not of a reply; whether the connection stays open."""
    try:
        sock.setblocking(True)
        sock.sendall(reply.data)
    except OSError:  # the client has gone
        return False
    return reply.keep_alive


def _printable(text: str) -> str:
    """Text with control characters written as escapes (a request may hold any bytes)."""
    return "".join(char if char.isprintable() else ascii(char)[1:-1] for char in text)


def _peer(address: Any) -> str:
    return str(address[0]) if isinstance(address, tuple) and address else str(address or "?")


def _send(sock: socket.socket, data: bytes) -> None:
    """Send a short answer once, never waiting: a client that does not read it loses it."""
    with contextlib.suppress(OSError):
        sock.send(data)
