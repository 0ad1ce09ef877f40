"""HTTP requests sent exactly as written (no client-side encoding or normalising), for hostile URLs."""

from __future__ import annotations

import contextlib
import http.client
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from requests.structures import CaseInsensitiveDict

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
        return RawAnswer(response.status, CaseInsensitiveDict(response.getheaders()),
                         response.read().decode("utf-8", "replace"))
    finally:
        connection.close()


def raw_exchange(base: str, data: bytes, *, timeout: float = TIMEOUT) -> RawAnswer:
    """Send ``data`` as it is, read until the server closes; status 0 when it closed without answering."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as connection:
        connection.sendall(data)
        return parse_answer(read_to_end(connection))


def read_to_end(connection: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (a reset ends it too)."""
    received = bytearray()
    with contextlib.suppress(ConnectionResetError):
        while chunk := connection.recv(65536):
            received += chunk
    return bytes(received)


def parse_answer(raw: bytes) -> RawAnswer:
    """A raw HTTP/1.x response as status, headers and text."""
    if not raw:
        return RawAnswer(0)
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = CaseInsensitiveDict(line.split(": ", 1) for line in lines if ": " in line)
    return RawAnswer(int(status_line.split()[1]), headers, body.decode("utf-8", "replace"))
