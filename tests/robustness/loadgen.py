"""A bounded load generator for the live service: fixed request counts, a wall-clock cap, loopback only.

``run_level(base, concurrency, requests)`` drives ``concurrency`` threads, each with its own
``requests.Session``, through a fixed mix of canned queries, term lookups and ad-hoc SPARQL
queries until ``requests`` calls are made or ``seconds`` have passed, and returns a
:class:`Level`: throughput, latency percentiles of the answered calls, and the count of
each kind of outcome (answered, shed with 503 + Retry-After, anything else).
"""

from __future__ import annotations

import itertools
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests

JSON_RESULTS = {"Accept": "application/sparql-results+json"}
#: A small query any healthy service answers at once.
ORDINARY = "SELECT ?case WHERE { ?case a <https://w3id.org/smc-dt/ontology#Case> } LIMIT 3"
CALL_TIMEOUT = 30.0
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Call:
    """One request of the mix: method, path, query-string parameters, form body."""

    kind: str
    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    data: dict[str, str] | None = None


#: Canned queries, lookups and ad-hoc queries, in the order the threads cycle through them.
MIX: tuple[Call, ...] = (
    Call("canned", "GET", "/api/queries/cases-by-transition",
         {"area": "https://w3id.org/smc-dt/id/area/governance"}),
    Call("lookup", "GET", "/api/lookup", {"q": "Kaifeng"}),
    Call("adhoc", "POST", "/sparql", data={
        "query": "SELECT ?case WHERE { ?case a <https://w3id.org/smc-dt/ontology#Case> } LIMIT 20"}),
    Call("canned", "GET", "/api/queries/challenges-by-score"),
    Call("lookup", "GET", "/api/lookup", {"q": "治理", "lang": "zh"}),
    Call("adhoc", "GET", "/sparql", {
        "query": "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"}),
    Call("canned", "GET", "/api/queries/matrix"),
    Call("lookup", "GET", "/api/lookup", {"q": "zhili"}),
    Call("canned", "GET", "/api/queries/top-challenges", {"n": "3"}),
)


@dataclass(frozen=True)
class Outcome:
    """What one call got: its status (None when no HTTP answer came) and how long it took."""

    kind: str
    status: int | None
    seconds: float
    retry_after: str | None = None
    error: str | None = None

    @property
    def answered(self) -> bool:
        """A successful answer."""
        return self.status == 200

    @property
    def shed(self) -> bool:
        """A deliberate refusal: 503 with a Retry-After header."""
        return self.status == 503 and bool(self.retry_after)


@dataclass(frozen=True)
class Level:
    """The figures of one concurrency level."""

    concurrency: int
    outcomes: tuple[Outcome, ...]
    elapsed: float

    @property
    def answered(self) -> int:
        """Calls answered with 200."""
        return sum(o.answered for o in self.outcomes)

    @property
    def shed(self) -> int:
        """Calls refused with 503 + Retry-After."""
        return sum(o.shed for o in self.outcomes)

    @property
    def errors(self) -> tuple[Outcome, ...]:
        """Everything else: connection failures, other statuses."""
        return tuple(o for o in self.outcomes if not (o.answered or o.shed))

    @property
    def throughput(self) -> float:
        """Answered calls per second."""
        return self.answered / self.elapsed if self.elapsed else 0.0

    def percentile(self, fraction: float) -> float:
        """Latency (seconds) of answered calls at ``fraction`` (0.5 for the median)."""
        times = sorted(o.seconds for o in self.outcomes if o.answered)
        if not times:
            return float("nan")
        if len(times) == 1:
            return times[0]
        return statistics.quantiles(times, n=100, method="inclusive")[round(fraction * 100) - 1]

    def row(self) -> str:
        """One line of the printed report."""
        return (f"concurrency {self.concurrency:>4}: {len(self.outcomes):>5} calls in {self.elapsed:5.1f} s, "
                f"{self.throughput:7.1f} answered/s, p50 {self.percentile(0.5) * 1000:7.1f} ms, "
                f"p99 {self.percentile(0.99) * 1000:7.1f} ms, shed {self.shed}, errors {len(self.errors)}")


def call(session: requests.Session, base: str, request: Call) -> Outcome:
    """Make one call and time it; a failure to get any answer is an Outcome too."""
    started = time.perf_counter()
    try:
        response = session.request(request.method, base + request.path, params=request.params,
                                   data=request.data, headers=JSON_RESULTS, timeout=CALL_TIMEOUT)
    except requests.RequestException as error:
        return Outcome(request.kind, None, time.perf_counter() - started, error=type(error).__name__)
    return Outcome(request.kind, response.status_code, time.perf_counter() - started,
                   response.headers.get("Retry-After"))


def ordinary_query_answered(base: str) -> bool:
    """Whether the service answers an ordinary query with 200."""
    with requests.Session() as session:
        return call(session, base, Call("ordinary", "POST", "/sparql", data={"query": ORDINARY})).answered


def run_level(base: str, concurrency: int, total: int, *, seconds: float = 60.0,
              mix: Sequence[Call] = MIX) -> Level:
    """Make ``total`` calls (fewer if ``seconds`` run out) from ``concurrency`` threads."""
    if urlsplit(base).hostname != LOOPBACK:
        raise ValueError(f"the load generator only targets {LOOPBACK}, not {base}")
    tickets = itertools.count()
    lock = threading.Lock()
    outcomes: list[Outcome] = []
    deadline = time.monotonic() + seconds

    def worker() -> None:
        with requests.Session() as session:
            while time.monotonic() < deadline:
                with lock:
                    ticket = next(tickets)
                if ticket >= total:
                    return
                outcome = call(session, base, mix[ticket % len(mix)])
                with lock:
                    outcomes.append(outcome)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + CALL_TIMEOUT)
    return Level(concurrency, tuple(outcomes), time.monotonic() - started)
