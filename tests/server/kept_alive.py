"""Raw HTTP/1.1 on a kept-alive connection: request heads, and answers framed by Content-Length."""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from typing import BinaryIO


def head(target: str, host: str, *lines: str, method: str = "GET", version: str = "1.1") -> bytes:
    """A request head with its Host field and the other ``lines``."""
    fields = "".join(f"{line}\r\n" for line in (f"Host: {host}", *lines))
    return f"{method} {target} HTTP/{version}\r\n{fields}\r\n".encode()


@dataclass(frozen=True)
class Kept:
    """A kept-alive connection: its socket to send on, its stream to read answers from."""

    sock: socket.socket
    stream: BinaryIO

    def ask(self, data: bytes) -> bytes:
        """Send ``data`` and read one whole answer."""
        self.sock.sendall(data)
        return read_answer(self.stream)


def read_answer(stream: BinaryIO) -> bytes:
    """One HTTP answer read off a connection's stream, framed by its Content-Length."""
    lines = []
    while (line := stream.readline()) != b"\r\n":
        assert line, f"the connection closed before a whole head: {lines!r}"
        lines.append(line)
    length = int(re.search(rb"Content-Length: (\d+)", b"".join(lines)).group(1))  # type: ignore[union-attr]
    body = stream.read(length)
    assert len(body) == length, "the connection closed inside a body"
    return b"".join(lines) + b"\r\n" + body
