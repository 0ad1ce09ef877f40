"""A per-build cache of canned-query and lookup responses: a bounded LRU in each server process.

A build never changes while it is served, so the answer to ``GET /api/queries/<name>`` or
``GET /api/lookup`` depends only on the path, the query string and what selects the
representation (Accept, Accept-Language, the row cap) -- which is what the ETag of
:mod:`smckg.server.caching` digests, together with the build id.  Entries are therefore
keyed by (that ETag, path, raw query string): exactly what the view reads, so two requests
share an entry only when they are the same request (``?area=A&area=B`` and ``?area=B&area=A``
do not; the canned-query API refuses a repeated parameter anyway).  A new build gives new
ETags, and the old entries are never hit again and age out.  Only 200 responses are kept,
with their headers.

``answer_from_cache`` (before the view) returns the stored response -- or 304 when the
client's ``If-None-Match`` matches -- and ``keep_in_cache`` (after it) stores a fresh one;
the app factory (:mod:`smckg.server.app`) installs both.  A client that wants a fresh
evaluation sends ``Cache-Control: no-cache`` (or ``no-store``, or ``Pragma: no-cache``):
the request then runs as if there were no cache and its response is not stored.  Each
response of these routes says what happened in ``X-Cache``: ``hit``, ``miss`` or ``bypass``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from flask import Flask, Response, current_app, g, request

from smckg.server.caching import representation_etag
from smckg.server.metrics import CACHE

EXTENSION = "smckg.response_cache"
CACHE_HEADER = "X-Cache"
#: Responses kept at most, and their total body size at most.
MAX_ENTRIES = 1024
MAX_BYTES = 64 * 2**20
#: The views whose GET answers are cached: the canned-query API and the lookup.
CACHED_ENDPOINTS = frozenset({"queries_api.run", "lookup.lookup_endpoint"})
#: Request directives that skip the cache.
BYPASS_DIRECTIVES = frozenset({"no-cache", "no-store"})


@dataclass(frozen=True)
class Entry:
    """A stored response: its body and the headers to send again."""

    body: bytes
    status: int
    headers: tuple[tuple[str, str], ...]


class ResponseCache:
    """A thread-safe LRU of responses, bounded in entries and in body bytes."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable) -> Entry | None:
        """The entry for ``key``, now the most recently used, or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: Hashable, entry: Entry) -> None:
        """Store ``entry``, dropping the least recently used ones beyond the bounds."""
        if len(entry.body) > self.max_bytes:
            return
        with self._lock:
            previous = self._entries.pop(key, None)
            self._bytes -= len(previous.body) if previous else 0
            self._entries[key] = entry
            self._bytes += len(entry.body)
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)


def response_cache(app: Flask | None = None) -> ResponseCache:
    """The app's response cache (one per server process), made on first use."""
    app = app or current_app
    cache = app.extensions.get(EXTENSION)
    if cache is None:
        cache = app.extensions.setdefault(EXTENSION, ResponseCache())
    return cache


def wants_fresh() -> bool:
    """Whether the request asks not to be answered from a cache."""
    return asks_fresh(request.headers.get("Cache-Control", ""), request.headers.get("Pragma", ""))


def asks_fresh(cache_control: str, pragma: str) -> bool:
    """Whether these ``Cache-Control`` and ``Pragma`` header values skip the cache."""
    directives = {part.split("=")[0].strip().lower() for part in cache_control.split(",")}
    return bool(directives & BYPASS_DIRECTIVES) or "no-cache" in pragma


def cache_key() -> Hashable | None:
    """The current request's key when its answer may be cached, else None."""
    if request.method != "GET" or request.endpoint not in CACHED_ENDPOINTS:
        return None
    return representation_etag(), request.path, request.query_string


def answer_from_cache() -> Response | None:
    """The stored answer to this request (304 if the client holds it), or None to run the view."""
    key = cache_key()
    if key is None:
        return None
    if wants_fresh():
        g.cache_outcome = "bypass"
        return None
    entry = response_cache().get(key)
    if entry is None:
        g.cache_outcome, g.cache_key = "miss", key
        return None
    CACHE.labels("hit").inc()
    response = Response(entry.body, status=entry.status, headers=list(entry.headers))
    response.headers[CACHE_HEADER] = "hit"
    return response.make_conditional(request)


def keep_in_cache(response: Response) -> Response:
    """Store a fresh 200 answer of a cacheable route; say in ``X-Cache`` what happened."""
    outcome = g.pop("cache_outcome", None)
    if outcome is None:
        return response
    if outcome == "miss" and response.status_code == 200 and not response.is_streamed:
        entry = Entry(response.get_data(), 200, tuple(response.headers.items()))
        response_cache().put(g.pop("cache_key"), entry)
    response.headers[CACHE_HEADER] = outcome
    CACHE.labels(outcome).inc()
    return response
