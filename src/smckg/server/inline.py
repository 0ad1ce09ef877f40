"""Running queries that have proven cheap on this build in the web process, not in a worker.

A query worker protects the web process from a query that runs too long or takes too much
memory, at the price of a round trip through a pipe (about 0.3 ms) and a second copy of
every result.  For a query that takes a tenth of a millisecond that price is most of the
cost.  A build never changes while it is served, and evaluating the same query on the
same data costs the same each time, so a run tells what the next will cost:

* a query runs in a worker, under its limits, until a worker has answered it within
  ``budget`` seconds of CPU time (a slower worker run only leaves it there: it may have
  paid for parsing the text once);
* from then on the same query (same text, parameters, dataset and base) is answered in
  the web process, on the process's own read-only handle of the store;
* :data:`STRIKES` inline runs in a row whose CPU time is over budget send the query back to
  the workers for good.  One run is not enough: on this two-core virtual machine under load,
  single runs of ``cases`` measured 10.8 and 11.8 ms of thread CPU time where its other
  runs took 0.9 to 4 ms, and demoting on one of them halved the query's throughput for the
  rest of the process's life (wrk, concurrency 8: 1,300 to 570 requests/s).  A run within
  budget clears the strikes; the first inline run, which may pay once for parsing the text
  in this process, is at most one strike.

CPU time (of the thread that evaluates) is used, not wall time: on a busy machine a query
also waits for a core, and in the web process for the GIL, and neither is its cost.
* a query that calls ``SERVICE`` never runs inline: its cost is another server's.

pyoxigraph releases the GIL while it evaluates, so an inline query does not stall the
process's other threads.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import cast

from smckg.server.guard import analyse
from smckg.server.pool import WorkerPool
from smckg.server.render import Rendered
from smckg.server.store.base import EngineStore, QueryResult
from smckg.server.worker import Job, answer

#: Seconds a query may take and still run inline (including rendering its result).
INLINE_BUDGET = 0.010
#: Inline runs in a row over budget that send a query back to the workers for good.
STRIKES = 3
#: Queries remembered (cheap or not); the least recently used are forgotten beyond it.
MAX_REMEMBERED = 4096
#: The state of a query sent back to the workers for good.
DEMOTED = -1


class InlineRunner:
    """Answers a job inline when it has proven cheap, else through the worker pool."""

    def __init__(
        self,
        pool: WorkerPool,
        open_store: Callable[[], EngineStore],
        *,
        allowlist: tuple[str, ...],
        budget: float = INLINE_BUDGET,
    ) -> None:
        self._pool = pool
        self._open_store = open_store
        self._allowlist = allowlist
        self.budget = budget
        self._store: EngineStore | None = None
        self._state: OrderedDict[Hashable, int] = OrderedDict()  # strikes in a row, or DEMOTED
        self._lock = threading.Lock()

    def run(self, job: Job) -> QueryResult | Rendered:
        """The job's result, computed here if it is known to be cheap, else by a worker."""
        return cast(QueryResult | Rendered, self._run(job, workers=True))

    def run_if_cheap(self, job: Job) -> QueryResult | Rendered | None:
        """The job's result computed here if it is known to be cheap, else None (nothing run)."""
        return self._run(job, workers=False)

    def is_cheap(self, job: Job) -> bool:
        """Whether the job would now run inline."""
        return _promoted(self._state.get(job_key(job)))

    def _run(self, job: Job, *, workers: bool) -> QueryResult | Rendered | None:
        """Run the job inline if promoted, else in a worker (if ``workers``) or not at all."""
        key = job_key(job)
        strikes = self._state.get(key)
        if _promoted(strikes):
            store = self._local_store()  # opened once, outside the timing
            started = time.thread_time()
            result = answer(store, job, self._allowlist)
            seconds = time.thread_time() - started
        elif workers:
            result, seconds = self._pool.timed_run(job)
        else:
            return None
        self._remember(key, job, seconds, strikes)
        return result

    def _local_store(self) -> EngineStore:
        with self._lock:
            if self._store is None:
                self._store = self._open_store()
            return self._store

    def _remember(self, key: Hashable, job: Job, seconds: float, strikes: int | None) -> None:
        """Promote a worker run within budget; demote, for good, after STRIKES inline runs over it.

        ``strikes`` is the job's count of inline runs in a row over budget (None: never
        promoted, DEMOTED: sent back for good).
        """
        if strikes == DEMOTED or (strikes is None and (seconds > self.budget or analyse(job.sparql).services)):
            return
        state = 0 if strikes is None or seconds <= self.budget else strikes + 1
        if state >= STRIKES:
            state = DEMOTED
        with self._lock:
            if self._state.get(key) != DEMOTED:
                self._state[key] = state
            self._state.move_to_end(key)
            while len(self._state) > MAX_REMEMBERED:
                self._state.popitem(last=False)


def _promoted(strikes: int | None) -> bool:
    """Whether a query's state says it runs inline."""
    return strikes is not None and strikes != DEMOTED


def job_key(job: Job) -> Hashable:
    """What decides a job's cost: its text, bound values, dataset and base (not its formats)."""
    bindings = tuple(sorted((name, str(term)) for name, term in job.bindings.items()))
    return job.sparql, bindings, job.default_graph_uris, job.named_graph_uris, job.base_iri
