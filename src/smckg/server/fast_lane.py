"""The fast lane: the commonest requests answered in plain WSGI, before Flask sees them.

Flask's request handling (request context, routing, hooks, response object) costs more
than a cheap canned query itself.  :class:`FastLane` wraps the app's ``wsgi_app`` and
answers three kinds of request without it:

* ``GET /livez``;
* a GET of a canned query or the lookup that the per-build response cache holds
  (:mod:`smckg.server.cache`);
* a GET of a canned query that has proven cheap on this build (:mod:`smckg.server.inline`),
  so that it runs in the web process and cannot time out.

Their answers are the app's own, byte for byte apart from the ``Date`` header: the same
status, body and headers (ETag, ``Cache-Control``, ``Vary``, ``X-Cache``, the truncation
flag, CORS), the same entry in the response cache, the same access-log line, the same
load-shedding slot.  Anything else goes to Flask untouched: other methods and paths, a
conditional request (``If-None-Match``), a query string that is not plain ASCII, an unknown
or repeated parameter, a value the query's parameter types refuse, an Accept header the
query's result kind cannot meet, a query not (yet) proven cheap, a process at its bound of
requests in flight, any error.  Flask then answers as it always does, errors included, so
the lane never has to.

Under ``smc-kg serve`` the gunicorn worker's event loop also calls :meth:`FastLane.respond`
for the next request of a kept-alive connection, so these requests need no thread either
(:mod:`smckg.server.loop_lane`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask
from werkzeug.wsgi import get_current_url

from smckg.errors import SmcError
from smckg.queryfiles import QueryFile
from smckg.server.access_log import log_access
from smckg.server.blueprints.ops import LIVEZ_BODY, LIVEZ_HEADERS
from smckg.server.blueprints.queries_api import COMMON_ARGS, canned
from smckg.server.blueprints.shedding import EXTENSION as SHEDDING
from smckg.server.blueprints.shedding import Gate
from smckg.server.cache import CACHE_HEADER, Entry, asks_fresh, key_of, response_cache
from smckg.server.caching import CACHE_CONTROL, VARY, etag_of
from smckg.server.context import CONFIG_KEY, STORE_KEY
from smckg.server.media import content_type, negotiate_formats
from smckg.server.responses import CORS_HEADERS, TRUNCATED_HEADER

QUERIES_PREFIX = "/api/queries/"
LOOKUP_PATH = "/api/lookup"
LIVEZ_PATH = "/livez"
#: What a request's URL is made of, in its WSGI environ.
URL_PARTS = ("wsgi.url_scheme", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME", "PATH_INFO")

Headers = list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Answer:
    """A whole 200 response the lane gives: its headers and body."""

    headers: Headers
    body: bytes


class FastLane:
    """WSGI middleware over a Flask app's ``wsgi_app``; see the module's docstring."""

    def __init__(self, app: Flask) -> None:
        self.downstream = app.wsgi_app
        self._app = app
        self._store = app.extensions[STORE_KEY]
        self._max_rows: int = app.extensions[CONFIG_KEY].max_rows
        self._queries: dict[str, QueryFile] = canned(app)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """Answer the request in the lane if it is one of its kinds, else hand it to Flask."""
        body = self.respond(environ, start_response)
        return self.downstream(environ, start_response) if body is None else body

    def respond(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes] | None:
        """Answer (and log) the request as WSGI does if it is one of the lane's kinds, else None.

        None means nothing was started: the request is left whole for Flask to answer.
        """
        started = time.perf_counter()
        answer = self.answer(environ)
        if answer is None:
            return None
        start_response("200 OK", answer.headers)
        log_access("GET", environ["PATH_INFO"], 200, time.perf_counter() - started, len(answer.body))
        return [answer.body]

    def answer(self, environ: dict[str, Any]) -> Answer | None:
        """The lane's answer to a request, or None for Flask to answer it (errors included)."""
        try:
            return self._answer(environ)
        except SmcError:
            return None

    def _answer(self, environ: dict[str, Any]) -> Answer | None:
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") != "GET" or not path.isascii():
            return None
        if path == LIVEZ_PATH:
            return Answer([*LIVEZ_HEADERS.items(), ("Content-Length", str(len(LIVEZ_BODY))),
                                *CORS_HEADERS.items()], LIVEZ_BODY)
        query = self._queries.get(path[len(QUERIES_PREFIX):]) if path.startswith(QUERIES_PREFIX) else None
        if (query is None and path != LOOKUP_PATH) or "HTTP_IF_NONE_MATCH" in environ:
            return None
        args = _plain_args(environ.get("QUERY_STRING", ""))
        if args is None:
            return None
        etag = etag_of(self._store.build_id, environ.get("HTTP_ACCEPT", ""),
                       environ.get("HTTP_ACCEPT_LANGUAGE", ""), self._max_rows)
        key = key_of(etag, path, args)
        fresh = asks_fresh(environ.get("HTTP_CACHE_CONTROL", ""), environ.get("HTTP_PRAGMA", ""))
        cache = response_cache(self._app)  # looked up each time: the app may be given a new one
        entry = None if fresh else cache.get(key)
        if entry is not None:
            return Answer([*entry.headers, (CACHE_HEADER, "hit"), *CORS_HEADERS.items()], entry.body)
        gate: Gate = self._app.extensions[SHEDDING]
        if query is None or not gate.try_enter():
            return None
        try:
            ran = self._run(query, args, environ, etag)
        finally:
            gate.leave()
        if ran is None:
            return None
        stored, body = ran
        if not fresh:
            cache.put(key, Entry(body, 200, tuple(stored)))
        outcome = "bypass" if fresh else "miss"
        return Answer([*stored, (CACHE_HEADER, outcome), *CORS_HEADERS.items()], body)

    def _run(self, query: QueryFile, args: list[tuple[str, str]], environ: dict[str, Any],
             etag: str) -> tuple[Headers, bytes] | None:
        """The headers (as the cache stores them) and body of a proven-cheap query, or None."""
        known = {param.name for param in query.params}
        names = [name for name, _ in args]
        if len(set(names)) < len(names) or not set(names) <= known | COMMON_ARGS:
            return None
        values = {name: value for name, value in args if value != "" and name in known}
        rendered = self._store.render_if_cheap(
            query.text,
            formats=negotiate_formats(environ.get("HTTP_ACCEPT")),
            bindings=query.bindings(values),
            base_iri=_base_url(tuple((name, environ[name]) for name in URL_PARTS if name in environ)),
        )
        if rendered is None:
            return None
        headers = [
            ("Content-Type", content_type(rendered.media_type)),
            ("Content-Length", str(len(rendered.body))),
            (TRUNCATED_HEADER, "true" if rendered.truncated else "false"),
            ("Vary", ", ".join(VARY)),
            ("ETag", f'"{etag}"'),
            ("Cache-Control", CACHE_CONTROL),
        ]
        return headers, rendered.body


@lru_cache(maxsize=1024)
def _base_url(parts: tuple[tuple[str, str], ...]) -> str:
    """The request's URL without its query string (Flask's ``request.base_url``) from its ``URL_PARTS``."""
    return get_current_url(dict(parts), strip_querystring=True)


def _plain_args(query_string: str) -> list[tuple[str, str]] | None:
    """The query string's (name, value) pairs if it is plain ASCII of valid UTF-8 escapes, else None."""
    if not query_string.isascii():
        return None
    try:
        return parse_qsl(query_string, keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        return None
