"""The query worker process: limits itself, opens the store, then answers jobs from its pipe.

Before it opens anything a worker takes away what a query must not have, so that no query
text, however it is written, can get it back:

* **memory**: its address space is capped (``RLIMIT_AS``); an allocation past the cap ends
  this process (pyoxigraph aborts), not the web server;
* **CPU**: before each job, ``RLIMIT_CPU`` is set to the CPU time used so far plus the query
  timeout, so a job that outruns it is killed by the kernel even if the parent's wall-clock
  kill (see :mod:`smckg.server.pool`) were late;
* **network** (embedded store): a seccomp filter (:mod:`smckg.server.sandbox`) makes the
  kernel refuse every new socket but Unix ones, so ``SERVICE`` and any other outbound
  connection fail inside the engine.

The engine decides what a query is: the text goes to pyoxigraph as it came, and its parser's
message (with line and column) is the client's 400.
"""

from __future__ import annotations

import math
import os
import resource
import signal
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TypeVar

from smckg.errors import SmcError
from smckg.server.errors import Failure, ResourceLimit, StoreLoadError
from smckg.server.render import Rendered
from smckg.server.sandbox import deny_network
from smckg.server.store.base import EngineStore, QueryKind, StoreInfo, Term
from smckg.server.store.embedded import EmbeddedStore, StoreRecord
from smckg.server.store.remote import RemoteStore

T = TypeVar("T")


@dataclass(frozen=True)
class StoreSpec:
    """How a worker opens its store: ``location`` is the database folder or the endpoint URL."""

    kind: str
    location: str
    info: StoreInfo
    max_rows: int
    timeout: float
    graph: str | None = None  # the remote endpoint's graph holding the KG


@dataclass(frozen=True)
class WorkerSpec:
    """Everything a worker process needs: its store and its limits."""

    store: StoreSpec
    allowlist: tuple[str, ...]
    memory_limit_mb: int

    @property
    def offline(self) -> bool:
        """Whether the worker gets no network: the embedded store with no SERVICE allowed."""
        return self.store.kind == "embedded" and not self.allowlist


@dataclass(frozen=True)
class Job:
    """One query to run, written in the media type ``formats`` names for its result's kind."""

    sparql: str
    bindings: dict[str, Term]
    formats: dict[QueryKind, str | None]
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    base_iri: str | None = None


def open_store(spec: WorkerSpec) -> EngineStore:
    """The engine a worker queries."""
    store = spec.store
    if store.kind == "remote":
        return RemoteStore(store.location, info=store.info, timeout=store.timeout,
                           max_rows=store.max_rows, graph=store.graph, allowlist=spec.allowlist)
    try:
        return EmbeddedStore(StoreRecord(Path(store.location), store.info), max_rows=store.max_rows,
                             allowlist=spec.allowlist)
    except OSError as error:
        raise StoreLoadError(
            f"the store cannot be opened: {error}", f"无法打开存储：{error}", where=store.location
        ) from error


def answer(store: EngineStore, job: Job) -> Rendered:
    """Run a job on the store, its answer written as asked."""
    return store.render(
        job.sparql,
        formats=job.formats,
        bindings=job.bindings,
        default_graph_uris=job.default_graph_uris,
        named_graph_uris=job.named_graph_uris,
        base_iri=job.base_iri,
    )


def main(connection: Connection, spec: WorkerSpec, stderr: str) -> None:
    """Process entry point: take the limits, open the store, serve jobs until the pipe closes.

    The engine's own reports (a panic, a failed allocation) go to the file ``stderr``, which
    the parent reads if this process dies.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    with open(stderr, "ab") as sink:
        os.dup2(sink.fileno(), 2)
    limit = spec.memory_limit_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    if spec.offline:
        deny_network()
    store = _reply(lambda: open_store(spec))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if isinstance(store, Failure):
            store = _reply(lambda: open_store(spec))
        if isinstance(store, Failure):
            connection.send(store)
            continue
        _limit_cpu(spec.store.timeout)
        connection.send(_reply(partial(answer, store, job)))


def _limit_cpu(timeout: float) -> None:
    """Let this process use at most ``timeout`` (+1) more CPU seconds before the kernel stops it.

    Only the soft limit moves (SIGXCPU when it is reached): a hard limit, once lowered, could
    not be raised again for the next job.
    """
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + timeout) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


def _reply(work: Callable[[], T]) -> T | Failure:
    """The work's value, or the error it raised as a Failure to send back."""
    try:
        return work()
    except SmcError as error:
        return Failure.of(error)
    except MemoryError:
        return Failure.of(ResourceLimit())
    except Exception as error:  # a bug must reach the caller as an error, not kill the worker
        return Failure.of(SmcError(f"internal error: {error!r}", f"内部错误：{error!r}"))
