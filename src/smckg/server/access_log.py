"""The access log: one JSON line per request (method, path, status, duration_ms, bytes) on stderr.

Lines go to the ``smckg.server.access`` logger, whose records a thread of their own writes,
so no request waits on the write.  Both the Flask app and its fast lane
(``smckg.server.fast_lane``) log through :func:`log_access`.
"""

from __future__ import annotations

import atexit
import json
import logging
import queue
import sys
from logging.handlers import QueueHandler, QueueListener

ACCESS_LOG = logging.getLogger("smckg.server.access")


def configure_access_log() -> None:
    """Send access lines to stderr from a thread of their own (once per process)."""
    if not ACCESS_LOG.handlers:
        lines: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
        writer = logging.StreamHandler(sys.stderr)
        writer.setFormatter(logging.Formatter("%(message)s"))
        listener = QueueListener(lines, writer)
        listener.start()
        atexit.register(listener.stop)  # writes what is still queued
        ACCESS_LOG.addHandler(QueueHandler(lines))
        ACCESS_LOG.setLevel(logging.INFO)
        ACCESS_LOG.propagate = False


def log_access(method: str, path: str, status: int, seconds: float, size: int | None) -> None:
    """Log one answered request; ``seconds`` is how long it took, ``size`` its body's bytes."""
    record = {
        "event": "request",
        "method": method,
        "path": path,
        "status": status,
        "duration_ms": round(seconds * 1000, 2),
        "bytes": size,
    }
    ACCESS_LOG.info(json.dumps(record))
