"""Loopback servers the tests control: one that records every connection, one that plays an endpoint.

:class:`Recorder` is the target of every SSRF attempt: it accepts, notes and closes each
connection, so "no outbound connection" is a count that must stay at zero.
:class:`StandIn` plays the remote SPARQL endpoint of a ``--store remote`` server: it can
be slow (answers after ``delay`` seconds) or relay to a real endpoint.
"""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

ACCEPT_POLL = 0.2


class Recorder:
    """A TCP listener on 127.0.0.1 that records who connected and what they sent first."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(ACCEPT_POLL)
        self.connections: list[bytes] = []
        self._running = True
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        """The port it listens on."""
        return self.socket.getsockname()[1]

    def url(self, path: str = "/sparql") -> str:
        """An http URL on this listener."""
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while self._running:
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    self.connections.append(connection.recv(4096))
                except OSError:
                    self.connections.append(b"")
                connection.sendall(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")

    def close(self) -> None:
        """Stop listening."""
        self._running = False
        self._thread.join(timeout=5)
        self.socket.close()


class StandIn:
    """An HTTP server on a given loopback port: slow (``delay`` s) or relaying to ``upstream``."""

    def __init__(self, port: int, *, delay: float = 0.0, upstream: str | None = None) -> None:
        self.delay = delay
        self.upstream = upstream
        self.requests = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server hook name
                stand_in.requests += 1
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                time.sleep(stand_in.delay)
                if stand_in.upstream is None:
                    self._send(503, b"", "text/plain")
                    return
                answer = requests.post(stand_in.upstream, data=body, timeout=30, headers={
                    "Content-Type": self.headers.get("Content-Type", ""),
                    "Accept": self.headers.get("Accept", "*/*")})
                self._send(answer.status_code, answer.content, answer.headers.get("Content-Type", ""))

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up waiting, which is what a slow endpoint provokes

            def log_message(self, *args: object) -> None:
                """Keep the test output quiet."""

        return Handler

    def close(self) -> None:
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
