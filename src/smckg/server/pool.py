"""A small pool of supervised query worker processes, with a wall-clock limit per query.

The web process hands a job to an idle worker through a pipe and waits at most
``timeout`` seconds for the reply.  When time runs out the parent kills the worker
(SIGKILL: native code cannot be interrupted any other way), starts a replacement and
raises :class:`QueryTimeout` (so does a worker the kernel stopped at its CPU limit).  When
the worker dies on its own (the engine panicked or crashed, or aborted at the memory limit)
it is replaced.  If what it last wrote on its standard error (kept in a file of its own) is
the engine's report of a failed allocation, the job ran out of its memory and
:class:`ResourceLimit` is raised; otherwise the engine failed (a panic, a crash), the job is
recorded in :class:`~smckg.server.failures.FailedQueries`, :class:`EngineFailure` is raised,
and the same job sent again is refused at once.  Either way
the web process itself is untouched and other requests carry on with the other workers.

Workers are forked from a ``forkserver`` that has already imported the query machinery,
so a replacement is ready in milliseconds, and a worker never inherits the web server's
threads or sockets.  Persistent workers are used rather than a process per query:
``bench/executor.py`` measured the per-query overhead of both.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from smckg.server import worker
from smckg.server.errors import EngineFailure, Failure, QueryTimeout, ResourceLimit, ServiceBusy
from smckg.server.failures import FailedQueries
from smckg.server.metrics import RESTARTS
from smckg.server.render import Rendered

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["smckg.server.worker"])


#: What the engine writes on its standard error when an allocation fails (Rust's handler).
OUT_OF_MEMORY = b"memory allocation of"


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    stderr: Path  # the worker's standard error, read when it dies

    def last_words(self) -> bytes:
        """The end of what the worker wrote on its standard error (also passed on to ours)."""
        try:
            with self.stderr.open("rb") as written:
                written.seek(max(self.stderr.stat().st_size - 4096, 0))
                tail = written.read()
        except OSError:
            return b""
        sys.stderr.buffer.write(tail)
        return tail


class WorkerPool:
    """``size`` worker processes answering jobs, each job limited to ``timeout`` seconds."""

    def __init__(self, spec: worker.WorkerSpec, *, size: int, timeout: float, failed: FailedQueries) -> None:
        self._spec = spec
        self._timeout = timeout
        self._failed = failed
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self.size = size
        self.replaced = 0
        for _ in range(size):
            self._idle.put(self._start())

    def run(self, job: worker.Job) -> Rendered:
        """The job's answer; raises its error, QueryTimeout, EngineFailure or ServiceBusy."""
        key = failure_key(job)
        if key in self._failed:
            raise EngineFailure(again=True)
        current = self._acquire()
        try:
            current.connection.send(job)
            if not current.connection.poll(self._timeout):
                self._replace(current, "timeout")
                raise QueryTimeout(self._timeout)
            reply = current.connection.recv()
        except (EOFError, OSError):
            last_words = current.last_words()
            self._replace(current, "died")
            if current.process.exitcode == -signal.SIGXCPU:
                raise QueryTimeout(self._timeout) from None
            if OUT_OF_MEMORY in last_words:
                raise ResourceLimit() from None
            self._failed.add(key)
            raise EngineFailure() from None
        self._release(current)
        if isinstance(reply, Failure):
            raise reply.rebuild()
        return reply

    def close(self) -> None:
        """Stop every idle worker; busy ones stop when their job returns."""
        self._closed = True
        while True:
            try:
                _stop(self._idle.get_nowait())
            except queue.Empty:
                return

    def _acquire(self) -> _Worker:
        """An idle, living worker (one that died while idle is replaced), or ServiceBusy."""
        deadline = time.monotonic() + self._timeout
        while True:
            try:
                current = self._idle.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                raise ServiceBusy() from None
            if current.process.is_alive():
                return current
            self._replace(current, "died-idle")

    def _start(self) -> _Worker:
        with self._lock:
            parent_end, child_end = _CONTEXT.Pipe(duplex=True)
            handle, name = tempfile.mkstemp(prefix="smckg-worker-", suffix=".stderr")
            os.close(handle)
            process = _CONTEXT.Process(
                target=worker.main,
                args=(child_end, self._spec, name),
                name="smckg-query-worker",
                daemon=True,
            )
            process.start()
            child_end.close()
            return _Worker(process, parent_end, Path(name))

    def _release(self, current: _Worker) -> None:
        if self._closed:
            _stop(current)
        else:
            self._idle.put(current)

    def _replace(self, current: _Worker, cause: str) -> None:
        _stop(current)
        self.replaced += 1
        RESTARTS.labels(cause).inc()
        if not self._closed:
            self._idle.put(self._start())


def failure_key(job: worker.Job) -> str:
    """What identifies a job for the record of failures: text, parameters and dataset."""
    bindings = sorted((name, str(term)) for name, term in job.bindings.items())
    return repr((job.sparql, bindings, job.default_graph_uris, job.named_graph_uris))


def _stop(current: _Worker) -> None:
    if current.process.is_alive():
        current.process.kill()
    current.process.join(timeout=5)
    current.connection.close()
    current.stderr.unlink(missing_ok=True)
