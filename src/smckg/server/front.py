"""The HTTP front: the ASGI app granian serves, holding the Flask app behind its limits.

granian (a Rust HTTP server) reads each request's head within ``header_timeout``.  Then,
in the event loop, before any thread is involved, this front:

1. refuses a body larger than ``max_body_bytes`` with 413: at once by its Content-Length,
   or as soon as a chunked body grows past it;
2. reads the whole body within ``body_timeout``, else 408, so a client that trickles its
   body holds no thread;
3. sheds load: when ``max_in_flight`` requests are already with the app's threads, another
   gets 503 with ``Retry-After`` at once (the probes ``/healthz`` and ``/livez`` pass, and
   find a thread kept free for them);

and only then hands the request, body in hand, to the Flask app on one of ``threads``
threads (a2wsgi's ``WSGIMiddleware``).  Its refusals are rendered by the app's one error
renderer (:func:`smckg.server.http_errors.render_error`) and counted in the metrics.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from a2wsgi import WSGIMiddleware
from flask import Flask

from smckg.errors import SmcError
from smckg.server.config import ServerConfig
from smckg.server.errors import BodyTimeout, Overloaded, PayloadTooLarge
from smckg.server.http_errors import render_error
from smckg.server.metrics import count_refusal
from smckg.server.responses import ALWAYS_HEADERS

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

#: Paths never shed: monitors must see the service as it is.
EXEMPT_PATHS = frozenset({"/healthz", "/livez"})


class Front:
    """An ASGI app: body caps and deadlines, load shedding, then the WSGI app on a thread."""

    def __init__(self, app: Flask, config: ServerConfig) -> None:
        self._app = WSGIMiddleware(app, workers=config.threads)
        self._max_body = config.max_body_bytes
        self._body_timeout = config.body_timeout
        self.limit = config.in_flight_limit
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        try:
            body = await asyncio.wait_for(self._read_body(scope, receive), self._body_timeout)
            if self.in_flight >= self.limit and scope["path"] not in EXEMPT_PATHS:
                raise Overloaded(self.limit)
        except TimeoutError:
            await _refuse(scope, send, BodyTimeout(self._body_timeout))
            return
        except SmcError as error:
            await _refuse(scope, send, error)
            return
        self.in_flight += 1
        try:
            await self._app(scope, _replay(body), send)
        finally:
            self.in_flight -= 1

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes:
        """The whole body, or PayloadTooLarge as soon as it is known to pass the cap."""
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self._max_body:
            raise PayloadTooLarge(self._max_body)
        parts: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b""  # the client went away; the app answers no one
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self._max_body:
                raise PayloadTooLarge(self._max_body)
            parts.append(chunk)
            if not message.get("more_body", False):
                return b"".join(parts)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


def _replay(body: bytes) -> Receive:
    """A ``receive`` giving the body read already, in one message."""
    delivered = False

    async def receive() -> Message:
        nonlocal delivered
        if delivered:
            return {"type": "http.disconnect"}
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _refuse(scope: Scope, send: Send, error: SmcError) -> None:
    """Answer with the error, rendered as the app renders errors, and close the request."""
    count_refusal(type(error).__name__)
    status, headers, body = render_error(error, _header(scope, b"accept"))
    all_headers = [*headers, *ALWAYS_HEADERS.items(), ("Content-Length", str(len(body))),
                   ("Connection", "close")]
    await send({"type": "http.response.start", "status": status,
                "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in all_headers]})
    await send({"type": "http.response.body", "body": body})
