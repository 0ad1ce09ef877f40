"""HTTP requests sent exactly as written (no client-side encoding or normalising), for hostile URLs."""

from __future__ import annotations

import http.client
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

TIMEOUT = 60


@dataclass(frozen=True)
class RawAnswer:
    """A response read with http.client, shaped like what ``tally.check_status`` reads."""

    status_code: int
    headers: Mapping[str, str] = field(default_factory=dict)
    text: str = ""


def raw_get(base: str, target: str, headers: Mapping[str, str] | None = None) -> RawAnswer:
    """GET ``target`` (path and query, as written) from the server at ``base``."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    try:
        connection.request("GET", target, headers=dict(headers or {}))
        response = connection.getresponse()
        return RawAnswer(response.status, dict(response.getheaders()),
                         response.read().decode("utf-8", "replace"))
    finally:
        connection.close()
