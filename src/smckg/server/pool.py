"""A small pool of supervised query worker processes, with a wall-clock limit per query.

The web process hands a job to an idle worker through a pipe and waits at most
``timeout`` seconds for the reply.  When time runs out the parent kills the worker
(SIGKILL: native code cannot be interrupted any other way), starts a replacement and
raises :class:`QueryTimeout`; when the worker dies on its own (its memory limit made the
engine abort) it is replaced and :class:`ResourceLimit` is raised.  Either way the web
process itself is untouched and other requests carry on with the other workers.

Workers are forked from a ``forkserver`` that has already imported the query machinery,
so a replacement is ready in milliseconds, and a worker never inherits the web server's
threads or sockets.  Persistent workers are used rather than a process per query:
``bench/executor.py`` measured the per-query overhead of both.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from smckg.server import worker
from smckg.server.errors import Failure, QueryTimeout, ResourceLimit, ServiceBusy
from smckg.server.render import Rendered
from smckg.server.store.base import QueryResult

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["smckg.server.worker"])


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection


class WorkerPool:
    """``size`` worker processes answering jobs, each job limited to ``timeout`` seconds."""

    def __init__(self, spec: worker.WorkerSpec, *, size: int, timeout: float) -> None:
        self._spec = spec
        self._timeout = timeout
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self.size = size
        self.replaced = 0
        for _ in range(size):
            self._idle.put(self._start())

    def run(self, job: worker.Job) -> QueryResult | Rendered:
        """The job's result; raises its error, QueryTimeout, ResourceLimit or ServiceBusy."""
        return self.timed_run(job)[0]

    def timed_run(self, job: worker.Job) -> tuple[QueryResult | Rendered, float]:
        """The job's result and the CPU seconds the worker spent on it.

        CPU time rather than wall time: on a busy machine a worker waits for a core too.
        """
        current = self._acquire()
        deadline = time.monotonic() + self._timeout
        try:
            current.connection.send(job)
            if not current.connection.poll(max(deadline - time.monotonic(), 0)):
                self._replace(current)
                raise QueryTimeout(self._timeout)
            reply, seconds = current.connection.recv()
        except (EOFError, OSError):
            self._replace(current)
            raise ResourceLimit() from None
        self._release(current)
        if isinstance(reply, Failure):
            raise reply.rebuild()
        return reply, seconds

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
            self._replace(current)

    def _start(self) -> _Worker:
        with self._lock:
            parent_end, child_end = _CONTEXT.Pipe(duplex=True)
            process = _CONTEXT.Process(
                target=worker.main,
                args=(child_end, self._spec),
                name="smckg-query-worker",
                daemon=True,
            )
            process.start()
            child_end.close()
            return _Worker(process, parent_end)

    def _release(self, current: _Worker) -> None:
        if self._closed:
            _stop(current)
        else:
            self._idle.put(current)

    def _replace(self, current: _Worker) -> None:
        _stop(current)
        self.replaced += 1
        if not self._closed:
            self._idle.put(self._start())


def _stop(current: _Worker) -> None:
    if current.process.is_alive():
        current.process.kill()
    current.process.join(timeout=5)
    current.connection.close()
