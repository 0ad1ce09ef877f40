"""A per-build cache of canned-query responses: a bounded LRU in each server process.

A build never changes while it is served, so the response to a canned query depends only
on the query, the request's parameters and what selects the representation (Accept,
Accept-Language, the row cap) -- which is exactly what the ETag of
:mod:`smckg.server.caching` already digests, together with the build id.  Entries are
therefore keyed by (ETag, query name, parameters): a new build gives new ETags, and the
old entries are never hit again and age out.  Only 200 responses are kept.

A client that wants a fresh evaluation sends ``Cache-Control: no-cache`` (or ``no-store``,
or ``Pragma: no-cache``): the query then runs in a worker as if there were no cache, and
its response is not stored.  Each response says what happened in ``X-Cache``: ``hit``,
``miss`` or ``bypass``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from flask import Flask, Response, current_app, request

EXTENSION = "smckg.response_cache"
CACHE_HEADER = "X-Cache"
#: Responses kept at most, and their total body size at most.
MAX_ENTRIES = 1024
MAX_BYTES = 64 * 2**20
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
    directives = {
        part.split("=")[0].strip().lower()
        for part in request.headers.get("Cache-Control", "").split(",")
    }
    return bool(directives & BYPASS_DIRECTIVES) or "no-cache" in request.headers.get("Pragma", "")


def cached(key: Hashable, produce: Callable[[], Response]) -> Response:
    """The stored response for ``key``, else ``produce()`` (stored when it is a 200)."""
    if wants_fresh():
        return _marked(produce(), "bypass")
    cache = response_cache()
    entry = cache.get(key)
    if entry is not None:
        return _marked(Response(entry.body, status=entry.status, headers=list(entry.headers)), "hit")
    response = produce()
    if response.status_code == 200 and not response.is_streamed:
        cache.put(key, Entry(response.get_data(), 200, tuple(response.headers.items())))
    return _marked(response, "miss")


def _marked(response: Response, outcome: str) -> Response:
    response.headers[CACHE_HEADER] = outcome
    return response
