"""The store the web process uses: the configured engine, run inside supervised worker processes.

``open_supervised_store(config)`` prepares the embedded database (or checks the remote
settings) and starts the worker pool.  ``SupervisedStore`` implements the ``Store``
protocol, so blueprints query it like any store; its extra ``render`` returns bytes in a
negotiated media type, which is what the protocol endpoint and the query API send.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import cast

from smckg.errors import SmcError
from smckg.server.config import ServerConfig
from smckg.server.inline import InlineRunner
from smckg.server.pool import WorkerPool
from smckg.server.render import Rendered
from smckg.server.store.base import Bindable, DescribesBuild, QueryKind, QueryResult, StoreInfo
from smckg.server.store.builds import has_build, read_build_info
from smckg.server.store.embedded import prepare_store
from smckg.server.terms import checked_bindings
from smckg.server.worker import Job, StoreSpec, WorkerSpec, open_store

#: Extra seconds the parent waits for a remote query, so the endpoint's own 504 comes first.
REMOTE_GRACE = 2.0


class SupervisedStore(DescribesBuild):
    """A ``Store`` whose queries run in a ``WorkerPool`` under time and memory limits.

    On the embedded store, a query that has proven cheap on this build runs in the web
    process instead (:mod:`smckg.server.inline`).
    """

    named_graphs: frozenset[str] = frozenset()  # checked inside the workers, which know them

    def __init__(self, spec: WorkerSpec, *, size: int, timeout: float) -> None:
        self.kind = spec.store.kind
        self.info = spec.store.info
        self.spec = spec
        self._pool = WorkerPool(spec, size=size, timeout=timeout)
        self._inline = (
            InlineRunner(self._pool, lambda: open_store(spec.store), allowlist=spec.allowlist)
            if spec.store.kind == "embedded"
            else None
        )

    @property
    def pool(self) -> WorkerPool:
        """The worker pool (for health reports)."""
        return self._pool

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Bindable] | None = None,
        default_graph_uris: Iterable[str] = (),
        named_graph_uris: Iterable[str] = (),
        base_iri: str | None = None,
    ) -> QueryResult:
        """Run a query (in a worker unless proven cheap); the result holds pyoxigraph terms."""
        job = Job(
            sparql,
            checked_bindings(bindings),
            tuple(default_graph_uris),
            tuple(named_graph_uris),
            base_iri,
        )
        return cast(QueryResult, self._run(job))  # a job without formats returns terms

    def render(
        self,
        sparql: str,
        *,
        formats: Mapping[QueryKind, str | None],
        bindings: Mapping[str, Bindable] | None = None,
        default_graph_uris: Iterable[str] = (),
        named_graph_uris: Iterable[str] = (),
        base_iri: str | None = None,
    ) -> Rendered:
        """Run a query and get it written in the media type chosen for its kind.

        ``formats`` comes from ``smckg.server.media.negotiate_formats``; a kind mapped to
        None makes the query fail with NotAcceptable (406) before it runs.
        """
        job = _render_job(sparql, formats, bindings, default_graph_uris, named_graph_uris, base_iri)
        return cast(Rendered, self._run(job))  # a job with formats returns bytes

    def render_if_cheap(
        self,
        sparql: str,
        *,
        formats: Mapping[QueryKind, str | None],
        bindings: Mapping[str, Bindable] | None = None,
        base_iri: str | None = None,
    ) -> Rendered | None:
        """As ``render``, but only for a query proven cheap on this build; else None, nothing run.

        Such a query runs in the web process and cannot time out, so a caller may answer it
        outside the app's usual request handling (``smckg.server.fast_lane``).
        """
        if self._inline is None:
            return None
        job = _render_job(sparql, formats, bindings, (), (), base_iri)
        return cast(Rendered | None, self._inline.run_if_cheap(job))

    def _run(self, job: Job) -> QueryResult | Rendered:
        return self._pool.run(job) if self._inline is None else self._inline.run(job)

    def ping(self) -> bool:
        """Whether a worker answers a trivial query."""
        try:
            return cast(QueryResult, self._pool.run(Job("ASK {}", {}))).boolean is True
        except SmcError:
            return False

    def close(self) -> None:
        """Stop the worker processes."""
        self._pool.close()


def _render_job(
    sparql: str,
    formats: Mapping[QueryKind, str | None],
    bindings: Mapping[str, Bindable] | None,
    default_graph_uris: Iterable[str],
    named_graph_uris: Iterable[str],
    base_iri: str | None,
) -> Job:
    """A job whose result comes back written in the media type chosen for its kind."""
    return Job(sparql, checked_bindings(bindings), tuple(default_graph_uris), tuple(named_graph_uris),
               base_iri, dict(formats))


def open_supervised_store(config: ServerConfig) -> SupervisedStore:
    """Prepare the configured store and start its workers."""
    spec = WorkerSpec(
        store=_store_spec(config),
        allowlist=config.service_allowlist,
        memory_limit_mb=config.memory_limit_mb,
    )
    grace = REMOTE_GRACE if config.store == "remote" else 0.0
    return SupervisedStore(spec, size=config.query_workers, timeout=config.query_timeout + grace)


def _store_spec(config: ServerConfig) -> StoreSpec:
    if config.store == "remote":
        endpoint = config.endpoint or ""
        info = _remote_info(config, endpoint)
        return StoreSpec(
            "remote", endpoint, info, config.max_rows, config.query_timeout, config.endpoint_graph
        )
    record = prepare_store(config.out_dir, config.store_dir)
    return StoreSpec(
        "embedded", str(record.path), record.info, config.max_rows, config.query_timeout
    )


def _remote_info(config: ServerConfig, endpoint: str) -> StoreInfo:
    """The local build's identity if there is one (the endpoint should hold it), else the URL's."""
    if has_build(config.out_dir):
        return read_build_info(config.out_dir)
    return StoreInfo("remote-" + hashlib.sha256(endpoint.encode()).hexdigest()[:16], None)
