"""In-process latency of every canned query on the embedded store, through the workers' own code.

Each query runs as a query worker runs it (:func:`smckg.server.worker.answer`: the depth
check, parameter binding, the engine, rendering as SPARQL JSON) on an ``EmbeddedStore``
opened on the benchmark's prepared store, so the figures are the service's floor without
HTTP or inter-process hops.  Each query runs at least ``min_runs`` times and at most
``max_runs`` times or ``budget`` seconds, after one warm-up run.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.targets import SAMPLE_VALUES
from smckg.errors import SmcError
from smckg.queryfiles import query_files
from smckg.server.media import JSON_RESULTS
from smckg.server.store.base import QueryKind
from smckg.server.store.embedded import EmbeddedStore, read_current
from smckg.server.terms import checked_bindings
from smckg.server.worker import Job, answer

FORMATS = {QueryKind.SOLUTIONS: JSON_RESULTS, QueryKind.BOOLEAN: JSON_RESULTS,
           QueryKind.GRAPH: "text/turtle"}


@dataclass(frozen=True)
class Latency:
    """Percentiles of one query's in-process run time, in milliseconds."""

    runs: int
    p50_ms: float
    p99_ms: float
    error: str | None = None


def measure_all(store_dir: Path, only: frozenset[str] | None, *, max_rows: int, min_runs: int,
                max_runs: int, budget: float) -> dict[str, Latency]:
    """Latency of every canned query that can run (or of those named in ``only``), by name."""
    record = read_current(store_dir)
    if record is None:
        raise RuntimeError(f"no prepared store in {store_dir}")
    store = EmbeddedStore(record, max_rows=max_rows)
    found = {}
    for query in query_files():
        if only is not None and query.name not in only:
            continue
        try:
            bindings = checked_bindings(query.bindings(SAMPLE_VALUES.get(query.name, {})))
        except SmcError:
            continue
        job = Job(query.text, bindings, formats=FORMATS)
        found[query.name] = _timed(lambda job=job: answer(store, job), min_runs, max_runs, budget)
    return found


def _timed(run: Callable[[], object], min_runs: int, max_runs: int, budget: float) -> Latency:
    try:
        run()
    except SmcError as error:
        return Latency(0, float("nan"), float("nan"), error=error.en)
    taken: list[float] = []
    deadline = time.perf_counter() + budget
    while len(taken) < max_runs and (len(taken) < min_runs or time.perf_counter() < deadline):
        started = time.perf_counter()
        run()
        taken.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(taken, n=100, method="inclusive") if len(taken) > 1 else taken * 99
    return Latency(len(taken), cuts[49], cuts[98])
