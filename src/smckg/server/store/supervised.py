"""The store the web process uses: the configured engine, run inside supervised worker processes.

``open_supervised_store(config)`` prepares the embedded database (or checks the remote
settings) and starts the worker pool.  The web process evaluates nothing: every query goes
to a worker, which answers with bytes in the negotiated media type (``render``).  Pages that
need terms (``query``) read such an answer back (:mod:`smckg.server.store.answers`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from smckg.errors import SmcError
from smckg.server.config import ServerConfig
from smckg.server.failures import FailedQueries
from smckg.server.pool import WorkerPool
from smckg.server.render import Rendered
from smckg.server.store.answers import AnswersAsTerms
from smckg.server.store.base import DescribesBuild, QueryKind, StoreInfo
from smckg.server.store.builds import has_build, read_build_info
from smckg.server.store.embedded import prepare_store
from smckg.server.terms import Bindable, checked_bindings
from smckg.server.worker import Job, StoreSpec, WorkerSpec

#: Extra seconds the parent waits for a remote query, so the endpoint's own 504 comes first.
REMOTE_GRACE = 2.0


class SupervisedStore(DescribesBuild, AnswersAsTerms):
    """The app's store: queries run in a ``WorkerPool`` under time, CPU, memory and network limits."""

    def __init__(self, spec: WorkerSpec, *, size: int, timeout: float, failed: FailedQueries) -> None:
        self.kind = spec.store.kind
        self.info = spec.store.info
        self.spec = spec
        self.max_rows = spec.store.max_rows
        self.pool = WorkerPool(spec, size=size, timeout=timeout, failed=failed)

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
        """Run a query in a worker; its answer written in the media type chosen for its kind.

        ``formats`` comes from ``smckg.server.media.negotiate_formats``; a kind mapped to
        None makes the query fail with NotAcceptable (406).
        """
        job = Job(sparql, checked_bindings(bindings), dict(formats), tuple(default_graph_uris),
                  tuple(named_graph_uris), base_iri)
        return self.pool.run(job)

    def ping(self) -> bool:
        """Whether a worker answers a trivial query."""
        try:
            return self.query("ASK {}").boolean is True
        except SmcError:
            return False

    def close(self) -> None:
        """Stop the worker processes."""
        self.pool.close()


def open_supervised_store(config: ServerConfig) -> SupervisedStore:
    """Start the workers of the configured store (the embedded one must have been prepared)."""
    store = _store_spec(config)
    spec = WorkerSpec(store=store, allowlist=config.service_allowlist, memory_limit_mb=config.memory_limit_mb)
    grace = REMOTE_GRACE if config.store == "remote" else 0.0
    failed = FailedQueries(config.store_dir / f"failed-{store.info.build_id[:16]}")
    return SupervisedStore(spec, size=config.query_workers, timeout=config.query_timeout + grace, failed=failed)


def _store_spec(config: ServerConfig) -> StoreSpec:
    if config.store == "remote":
        endpoint = config.endpoint or ""
        info = _remote_info(config, endpoint)
        return StoreSpec("remote", endpoint, info, config.max_rows, config.query_timeout, config.endpoint_graph)
    record = prepare_store(config.out_dir, config.store_dir)  # loads the dump only if it is new
    return StoreSpec("embedded", str(record.path), record.info, config.max_rows, config.query_timeout)


def _remote_info(config: ServerConfig, endpoint: str) -> StoreInfo:
    """The local build's identity if there is one (the endpoint should hold it), else the URL's."""
    if has_build(config.out_dir):
        return read_build_info(config.out_dir)
    return StoreInfo("remote-" + hashlib.sha256(endpoint.encode()).hexdigest()[:16], None)
