"""The query worker process: opens the store, then answers jobs read from its pipe, one by one.

Each worker caps its own address space (``RLIMIT_AS``) before opening anything, so a
query that would exhaust memory ends this process (pyoxigraph aborts on a failed
allocation) and not the web server.  Every job is checked by :mod:`smckg.server.guard`
before it reaches the engine.  A worker never decides its own time limit: the parent
kills it (see :mod:`smckg.server.pool`), because an engine busy in native code cannot be
interrupted from Python.
"""

from __future__ import annotations

import resource
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from smckg.errors import SmcError
from smckg.server.errors import Failure, NotAcceptable, ResourceLimit, StoreLoadError
from smckg.server.guard import analyse, check
from smckg.server.media import KIND_NAMES, available
from smckg.server.render import Rendered
from smckg.server.store.base import EngineStore, QueryKind, QueryResult, StoreInfo, Term
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


@dataclass(frozen=True)
class Job:
    """One query to run; ``formats`` (media type per result kind) asks for rendered bytes."""

    sparql: str
    bindings: dict[str, Term]
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    base_iri: str | None = None
    formats: dict[QueryKind, str | None] | None = None


def open_store(spec: StoreSpec) -> EngineStore:
    """The engine a worker queries."""
    if spec.kind == "remote":
        return RemoteStore(
            spec.location,
            info=spec.info,
            timeout=spec.timeout,
            max_rows=spec.max_rows,
            graph=spec.graph,
        )
    try:
        return EmbeddedStore(StoreRecord(Path(spec.location), spec.info), max_rows=spec.max_rows)
    except OSError as error:
        raise StoreLoadError(
            f"the store cannot be opened: {error}", f"无法打开存储：{error}", where=spec.location
        ) from error


def answer(store: EngineStore, job: Job, allowlist: tuple[str, ...]) -> QueryResult | Rendered:
    """Check the job against the service's rules, run it, render it if asked to."""
    analysis = analyse(job.sparql)
    check(
        analysis,
        allowlist=allowlist,
        held_graphs=store.named_graphs,
        default_graph_uris=job.default_graph_uris,
        named_graph_uris=job.named_graph_uris,
    )
    if job.formats is None:
        return store.query(job.sparql, **_query_options(job))
    media_type = job.formats.get(analysis.kind)
    if media_type is None:
        raise NotAcceptable(KIND_NAMES[analysis.kind], available(analysis.kind))
    return store.query_as(job.sparql, media_type, **_query_options(job))


def _query_options(job: Job) -> dict[str, Any]:
    """The keyword arguments of a store's query methods that the job sets."""
    return {
        "bindings": job.bindings,
        "default_graph_uris": job.default_graph_uris,
        "named_graph_uris": job.named_graph_uris,
        "base_iri": job.base_iri,
    }


def main(connection: Connection, spec: WorkerSpec) -> None:
    """Process entry point: limit memory, open the store, serve jobs until the pipe closes.

    Each reply goes with the CPU seconds the job took in this worker.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    limit = spec.memory_limit_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    store = _reply(lambda: open_store(spec.store))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if isinstance(store, Failure):
            store = _reply(lambda: open_store(spec.store))
        if isinstance(store, Failure):
            connection.send((store, 0.0))
        else:
            started = time.thread_time()
            reply = _reply(partial(answer, store, job, spec.allowlist))
            connection.send((reply, time.thread_time() - started))


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
