"""Conditional GET: an ETag per build and representation, ``Cache-Control``, 304 on a match.

A response's content changes only when the build does (or when the settings that shape
it, such as the row cap, do), so the ETag is the build id plus a digest of what selects
the representation: the Accept and Accept-Language headers and the row cap.  An ETag
only ever applies to its own URL, so the query string need not be part of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import ParamSpec

from flask import Response, make_response, request
from flask.typing import ResponseReturnValue

from smckg.server.context import get_config, get_store

CACHE_CONTROL = "public, no-cache"  # may be stored, but revalidated (cheaply, by ETag) each time
VARY = ("Accept", "Accept-Language")

P = ParamSpec("P")


def representation_etag(*variant: str) -> str:
    """The (unquoted) ETag of the current GET's representation; ``variant`` adds distinctions."""
    selectors = (*(request.headers.get(name, "") for name in VARY), str(get_config().max_rows), *variant)
    return _etag(get_store().build_id, selectors)


@lru_cache(maxsize=1024)
def _etag(build_id: str, selectors: tuple[str, ...]) -> str:
    """The ETag of a build and what selects the representation (few distinct ones: kept)."""
    digest = hashlib.sha256("\n".join(selectors).encode("utf-8")).hexdigest()[:16]
    return f"{build_id[:16]}-{digest}"


def cached_per_build(view: Callable[P, ResponseReturnValue]) -> Callable[P, Response]:
    """Decorate a view: GET answers carry ETag and Cache-Control; a matching If-None-Match gets 304.

    Other methods pass through untouched.  Only 200 responses are tagged.
    """

    @wraps(view)
    def tagged(*args: P.args, **kwargs: P.kwargs) -> Response:
        if request.method not in {"GET", "HEAD"}:
            return make_response(view(*args, **kwargs))
        etag = representation_etag()
        if request.if_none_match.contains_weak(etag):
            return _tag(Response(status=304), etag)
        response = make_response(view(*args, **kwargs))
        return _tag(response, etag) if response.status_code == 200 else response

    return tagged


def _tag(response: Response, etag: str) -> Response:
    response.set_etag(etag)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.vary.update(VARY)
    return response
