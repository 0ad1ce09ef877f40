"""HTTP measurements of one size: each target on every server, alternating.

What each kind of target is asked, and how (see :data:`MODES`):

* ``ours``: our own route (a canned query, the lookup) uncached (``Cache-Control: no-cache``);
* ``ours-cached``: the same canned query answered from the per-build cache (the probe
  before the run fills it);
* ``ours-sparql``: the twin text at our ``/sparql``, uncached (``/sparql`` is never cached);
* ``oxigraph`` and ``virtuoso``: the twin text at their own endpoints;
* ``ours-fresh`` and ``oxigraph-fresh``: the twin text at concurrency 1, each request with a
  comment of its own appended (see :mod:`bench.loadgen`), so that every text is new.

For every target the servers are loaded one after the other, the order reversed each
round, so that a drift of the machine (another process, a warm cache) weighs on all
alike.  Before each run one request checks the answer (status, row count) and sets the
run's length: slow queries get longer runs, up to ``max_seconds``.
"""

from __future__ import annotations

import json
import math
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from urllib.parse import urlencode

from bench.loadgen import Request, run_load
from bench.targets import CANNED, CEILING, CONSTRUCT, LOOKUP, Target

OURS, OURS_CACHED, OURS_SPARQL, OURS_FRESH = "ours", "ours-cached", "ours-sparql", "ours-fresh"
OXIGRAPH, OXIGRAPH_FRESH, VIRTUOSO = "oxigraph", "oxigraph-fresh", "virtuoso"
#: The concurrency of every run but the fresh ones (c1).
JUDGED_CONCURRENCY, FRESH_CONCURRENCY = 8, 1
#: Which servers each kind of target is measured on.
MODES = {
    CANNED: (OURS, OURS_CACHED, OURS_SPARQL, OXIGRAPH, VIRTUOSO, OURS_FRESH, OXIGRAPH_FRESH),
    LOOKUP: (OURS, OXIGRAPH, VIRTUOSO),
    CONSTRUCT: (OURS_SPARQL, OXIGRAPH, VIRTUOSO, OURS_FRESH, OXIGRAPH_FRESH),
    CEILING: (OURS,),
}
NO_CACHE = (("Cache-Control", "no-cache"),)
#: Virtuoso's mark of an answer cut short by its time limit ("anytime query"): not counted.
PARTIAL_HEADER, PARTIAL = "X-SQL-State", 206
#: A server still busy with the previous run's requests answers 503; the probe waits for it.
BUSY, PROBE_RETRIES = 503, 10
CORES = 2
#: A run starts once the CPUs are at most this busy (sampled over QUIET_SAMPLE_SECONDS),
#: or after ``Settings.quiet_seconds`` of waiting.
QUIET_BUSY_SHARE, QUIET_SAMPLE_SECONDS = 0.15, 0.2


@dataclass(frozen=True)
class Settings:
    """How long to load each target, and how many rounds."""

    seconds: float
    max_seconds: float
    quiet_seconds: float  # longest wait for idle CPUs before a run
    repeats: int = 1  # rounds of runs of each target (the report takes the median)


@dataclass(frozen=True)
class Endpoints:
    """The base URLs of the three servers."""

    ours: str
    oxigraph: str
    virtuoso: str


@dataclass(frozen=True)
class Probe:
    """One request's outcome before a run: status, latency and the number of result rows."""

    status: int
    seconds: float
    rows: int | None


@dataclass(frozen=True)
class Run:
    """One bounded run of one target on one server."""

    target: str
    kind: str
    server: str
    concurrency: int
    throughput: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    seconds: float
    rows: int | None
    status: int

    def as_dict(self) -> dict[str, object]:
        """JSON-ready fields."""
        return asdict(self)


def measure(targets: list[Target], endpoints: Endpoints, settings: Settings) -> Iterator[Run]:
    """Runs of every target on each of its servers, in ``settings.repeats`` rounds, alternating."""
    flip = False
    for target in targets:
        for _ in range(settings.repeats):
            servers = MODES[target.kind][::-1] if flip else MODES[target.kind]
            for server in servers:
                yield _run(target, server, request_for(target, server, endpoints), settings)
            flip = not flip


def request_for(target: Target, server: str, endpoints: Endpoints) -> Request:
    """What the load generator sends to ``server`` for ``target``."""
    query = urlencode({"query": target.query or ""})
    fresh = uuid.uuid4().hex[:12] if server in (OURS_FRESH, OXIGRAPH_FRESH) else ""
    if server in (OXIGRAPH, OXIGRAPH_FRESH):
        url = f"{endpoints.oxigraph}/query?{query}"
    elif server == VIRTUOSO:
        url = f"{endpoints.virtuoso}/sparql?{query}"
    elif server in (OURS_SPARQL, OURS_FRESH):
        url = f"{endpoints.ours}/sparql?{query}"
    else:
        url = f"{endpoints.ours}{target.path}"
    accept = target.accept if server in (OURS, OURS_CACHED) else target.twin_accept
    cached = server == OURS_CACHED or not server.startswith(OURS)
    return Request(url, (("Accept", accept),) + (() if cached else NO_CACHE), fresh)


def concurrency_of(server: str) -> int:
    """The concurrency a server's runs are made at."""
    return FRESH_CONCURRENCY if server in (OURS_FRESH, OXIGRAPH_FRESH) else JUDGED_CONCURRENCY


def wait_for_quiet(limit: float, threshold: float = QUIET_BUSY_SHARE) -> None:
    """Wait (at most ``limit`` seconds) until the machine's CPUs are mostly idle.

    A server may still be working through queries a finished run queued (Virtuoso goes on
    with accepted queries after wrk has closed its connections); a run that started then
    would measure the other server's leftovers.
    """
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and _busy_share(QUIET_SAMPLE_SECONDS) > threshold:
        pass


def _busy_share(seconds: float) -> float:
    """The share of CPU time not idle over ``seconds`` (from /proc/stat; 0 where it is missing)."""
    before = _cpu_times()
    time.sleep(seconds)
    after = _cpu_times()
    total = sum(after) - sum(before)
    idle = (after[3] + after[4]) - (before[3] + before[4]) if len(after) > 4 else 0
    return 1 - idle / total if total > 0 else 0.0


def _cpu_times() -> list[int]:
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            return [int(field) for field in stat.readline().split()[1:]]
    except OSError:
        return []


def _run(target: Target, server: str, request: Request, settings: Settings) -> Run:
    concurrency = concurrency_of(server)
    wait_for_quiet(settings.quiet_seconds)
    probing = replace(request, url=f"{request.url}%0A%23{request.fresh}-probe") if request.fresh else request
    probe = probe_once(probing)
    for _ in range(PROBE_RETRIES):  # the previous run's requests may still hold every slot
        if probe.status != BUSY:
            break
        time.sleep(1)
        probe = probe_once(probing)
    if probe.status != 200:
        return Run(target.name, target.kind, server, concurrency, 0.0, math.nan, math.nan,
                   0, 1, 0.0, None, probe.status)
    seconds = min(settings.max_seconds,
                  max(settings.seconds, 5 * probe.seconds * max(1, concurrency / CORES)))
    result = run_load(request, concurrency=concurrency, seconds=seconds)
    return Run(target.name, target.kind, server, concurrency, result.throughput, result.p50_ms,
               result.p99_ms, result.requests, result.errors, result.seconds, probe.rows, 200)


def probe_once(request: Request, timeout: float = 120) -> Probe:
    """Send ``request`` once: status, seconds taken, rows (SPARQL JSON) or hits (the lookup)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(urllib.request.Request(request.url, headers=dict(request.headers)),
                                    timeout=timeout) as response:
            body = response.read()
            status = PARTIAL if response.headers.get(PARTIAL_HEADER) else response.status
    except urllib.error.HTTPError as error:
        return Probe(error.code, time.perf_counter() - started, None)
    return Probe(status, time.perf_counter() - started, _rows(body))


def _rows(body: bytes) -> int | None:
    try:
        document = json.loads(body)
    except ValueError:
        return None
    if isinstance(document, dict) and "results" in document:
        return len(document["results"]["bindings"])
    if isinstance(document, dict) and "hits" in document:
        return len(document["hits"])
    return None
