"""The access log's batch writer: lines kept, written together, never blocking a request."""

from __future__ import annotations

import io
import json
import logging
import threading
import time
from collections.abc import Callable

from polling import eventually

from smckg.server.access_log import ACCESS_LOG, BatchWriter, configure_access_log

#: Longest wait for the writer thread in these tests (it writes every few hundredths of a second).
WAIT_SECONDS = 5.0


class CountingStream(io.StringIO):
    """A text stream that counts its writes, and whose writes can be held back."""

    def __init__(self) -> None:
        super().__init__()
        self.writes = 0
        self.failures = 0  # writes left to fail with OSError
        self.open_gate = threading.Event()
        self.open_gate.set()

    def write(self, text: str) -> int:
        self.open_gate.wait(WAIT_SECONDS)
        if self.failures:
            self.failures -= 1
            raise OSError("broken pipe")
        self.writes += 1
        return super().write(text)


def record(message: str) -> logging.LogRecord:
    return logging.LogRecord(ACCESS_LOG.name, logging.INFO, __file__, 0, message, None, None)


def wait_for(condition: Callable[[], object]) -> bool:
    return eventually(condition, WAIT_SECONDS, pause=0.01)


def test_lines_kept_are_written_together_by_the_thread() -> None:
    stream = CountingStream()
    writer = BatchWriter(stream, interval=0.2)
    try:
        for number in range(50):
            writer.handle(record(f"line {number}"))
        assert wait_for(lambda: stream.getvalue().count("\n") == 50)
        assert stream.getvalue().splitlines() == [f"line {number}" for number in range(50)]
        assert stream.writes == 1
    finally:
        writer.close()


def test_close_writes_what_is_left_and_stops_the_thread() -> None:
    stream = CountingStream()
    writer = BatchWriter(stream, interval=60)
    writer.handle(record("last words"))
    assert stream.getvalue() == ""
    writer.close()
    assert stream.getvalue() == "last words\n"
    assert not writer._writer.is_alive()


def test_a_stuck_stream_does_not_hold_a_request() -> None:
    stream = CountingStream()
    stream.open_gate.clear()
    writer = BatchWriter(stream, interval=0.01)
    try:
        writer.handle(record("first"))
        assert wait_for(lambda: not writer._pending)  # taken by the writer, now stuck in write()
        started = time.monotonic()
        for number in range(100):
            writer.handle(record(f"meanwhile {number}"))
        assert time.monotonic() - started < 1.0
    finally:
        stream.open_gate.set()
        writer.close()
    assert stream.getvalue().splitlines() == ["first", *(f"meanwhile {n}" for n in range(100))]


def test_lines_past_the_bound_are_counted_not_kept() -> None:
    stream = CountingStream()
    writer = BatchWriter(stream, interval=60, max_pending=3)
    for number in range(5):
        writer.handle(record(f"line {number}"))
    writer.close()
    *kept, note = stream.getvalue().splitlines()
    assert kept == ["line 0", "line 1", "line 2"]
    assert json.loads(note) == {"event": "access_log_dropped", "lines": 2}


def test_the_access_log_is_configured_once() -> None:
    configure_access_log()
    configure_access_log()
    writers = [handler for handler in ACCESS_LOG.handlers if isinstance(handler, BatchWriter)]
    assert len(writers) == 1 and not ACCESS_LOG.propagate


def test_a_failed_write_loses_its_batch_not_the_writer() -> None:
    stream = CountingStream()
    stream.failures = 1
    writer = BatchWriter(stream, interval=0.01)
    try:
        writer.handle(record("lost"))
        assert wait_for(lambda: stream.failures == 0)
        writer.handle(record("written"))
        assert wait_for(lambda: stream.getvalue() == "written\n")
        assert writer._writer.is_alive()
    finally:
        writer.close()
