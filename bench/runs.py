"""HTTP measurements of one size: each target on both servers, alternating, at each concurrency.

For every target and concurrency the two servers are loaded one after the other, the
order swapped each time, so that a drift of the machine (another process, a warm cache)
weighs on both alike.  Our canned queries and the lookup are measured uncached
(``Cache-Control: no-cache``) and, at the concurrencies of ``cached_concurrency``, cached
(after one request has filled the cache), each cached run right after a run of the
ceiling (``/livez``), so that the share of the ceiling compares runs made under the same
conditions.  Before each run
one request checks the answer (status, row count) and sets the run's length: slow queries
get longer runs, up to ``max_seconds``, so that each run completes enough requests.
"""

from __future__ import annotations

import json
import math
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace

from bench.loadgen import Request, run_load
from bench.targets import CANNED, LOOKUP, NO_CACHE, Target

OURS, OURS_CACHED, VIRTUOSO = "ours", "ours-cached", "virtuoso"
#: Virtuoso's mark of an answer cut short by its time limit ("anytime query"): not counted.
PARTIAL_HEADER, PARTIAL = "X-SQL-State", 206
#: A server still busy with the previous run's requests answers 503; the probe waits for it.
BUSY, PROBE_RETRIES = 503, 10
#: What our per-build cache answers.
CACHED_KINDS = (CANNED, LOOKUP)
CORES = 2
#: Connections of the warm-up: enough to reach every process of our server.
WARMUP_CONCURRENCY = 8
#: A run starts once the CPUs are at most this busy (sampled over QUIET_SAMPLE_SECONDS),
#: or after QUIET_LIMIT_SECONDS of waiting.
QUIET_BUSY_SHARE, QUIET_SAMPLE_SECONDS, QUIET_LIMIT_SECONDS = 0.15, 0.2, 30.0


@dataclass(frozen=True)
class Settings:
    """How long and how hard to load each target."""

    concurrency: tuple[int, ...]
    cached_concurrency: tuple[int, ...]
    seconds: float
    max_seconds: float
    warmup_seconds: float = 1.0  # per target and server, at the judged concurrency, not counted
    quiet_seconds: float = QUIET_LIMIT_SECONDS  # longest wait for idle CPUs before a run
    repeats: int = 1  # rounds of runs at each of repeated_concurrency (the report takes the median)
    repeated_concurrency: tuple[int, ...] = ()


@dataclass(frozen=True)
class Probe:
    """One request's outcome before a run: status, latency and the number of result rows."""

    status: int
    seconds: float
    rows: int | None


@dataclass(frozen=True)
class Run:
    """One bounded run of one target on one server at one concurrency."""

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
    ceiling: float | None = None  # /livez requests per second just before a cached run

    def as_dict(self) -> dict[str, object]:
        """JSON-ready fields."""
        return asdict(self)


def measure(targets: list[Target], ceiling: Target, ours: str, virtuoso: str,
            settings: Settings) -> Iterator[Run]:
    """Runs of every target on both servers (and cached on ours), alternating.

    At the concurrencies of ``settings.repeated_concurrency`` this is done in
    ``settings.repeats`` rounds, each in the other order; every run is yielded and the
    report takes the median of the rounds, so that one round that the machine disturbed
    (another guest of the host, a burst of the other server's leftovers) does not decide.
    """
    flip = False
    for target in targets:
        _warm_up(target, ours, virtuoso, settings)
        for concurrency in settings.concurrency:
            rounds = settings.repeats if concurrency in settings.repeated_concurrency else 1
            for _ in range(rounds):
                yield from _round(target, ceiling, ours, virtuoso, concurrency, settings, flip=flip)
                flip = not flip


def _round(target: Target, ceiling: Target, ours: str, virtuoso: str, concurrency: int,
           settings: Settings, *, flip: bool) -> Iterator[Run]:
    """One run of ``target`` on each server (and cached on ours) at ``concurrency``."""
    for server in _order(target, concurrency in settings.cached_concurrency, flip):
        if server == OURS_CACHED:
            top = _run(ceiling, OURS, ours, concurrency, settings).throughput
            yield replace(_run(target, server, ours, concurrency, settings), ceiling=top)
        else:
            yield _run(target, server, ours if server == OURS else virtuoso, concurrency, settings)


def _warm_up(target: Target, ours: str, virtuoso: str, settings: Settings) -> None:
    """Load ``target`` on both servers before measuring it, as a client session would.

    Both servers do work on a query's first runs that later runs skip (Virtuoso compiles
    and caches its plan; ours parses it once per process and first answers it in a query
    worker, see ``smckg.server.inline``); a benchmark of steady serving leaves that out.
    Keep-alive connections stay with the server process that accepted them, so the warm-up
    opens a new connection per request: every process of ours then sees the query.
    """
    if settings.warmup_seconds <= 0:
        return
    for server, base in ((OURS, ours), (VIRTUOSO, virtuoso)):
        if server == VIRTUOSO and target.virtuoso_query is None:
            continue
        request = request_for(target, server, base)
        if probe_once(request).status == 200:  # a new connection per request reaches every process
            fresh = replace(request, headers=(*request.headers, ("Connection", "close")))
            run_load(fresh, concurrency=WARMUP_CONCURRENCY, seconds=settings.warmup_seconds)


def _order(target: Target, cached: bool, flip: bool) -> list[str]:
    servers = [OURS] + ([VIRTUOSO] if target.virtuoso_query is not None else [])
    if flip:
        servers.reverse()
    return servers + ([OURS_CACHED] if cached and target.kind in CACHED_KINDS else [])


def request_for(target: Target, server: str, base: str) -> Request:
    """What the load generator sends to ``server`` for ``target``."""
    path = target.virtuoso_path() if server == VIRTUOSO else target.path
    headers = (("Accept", target.accept),) + (NO_CACHE if server == OURS else ())
    return Request(f"{base}{path}", headers)


def wait_for_quiet(threshold: float = QUIET_BUSY_SHARE, limit: float = QUIET_LIMIT_SECONDS) -> None:
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


def _run(target: Target, server: str, base: str, concurrency: int, settings: Settings) -> Run:
    request = request_for(target, server, base)
    wait_for_quiet(limit=settings.quiet_seconds)
    probe = probe_once(request)
    for _ in range(PROBE_RETRIES):  # the previous run's requests may still hold every slot
        if probe.status != BUSY:
            break
        time.sleep(1)
        probe = probe_once(request)
    if probe.status != 200:
        return Run(target.name, target.kind, server, concurrency, 0.0, math.nan, math.nan,
                   0, 1, 0.0, None, probe.status)
    seconds = min(settings.max_seconds,
                  max(settings.seconds, 5 * probe.seconds * max(1, concurrency / CORES)))
    result = run_load(request, concurrency=concurrency, seconds=seconds)
    return Run(target.name, target.kind, server, concurrency, result.throughput, result.p50_ms,
               result.p99_ms, result.requests, result.errors, result.seconds, probe.rows, 200)


def probe_once(request: Request, timeout: float = 120) -> Probe:
    """Send ``request`` once: status, seconds taken, rows (SPARQL JSON) or triples (Turtle lines)."""
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
