"""The bounded HTTP load generator: ``wrk`` on loopback, or a Python thread pool when wrk is missing.

A run sends one request (URL and headers) over ``concurrency`` keep-alive connections for
a fixed number of seconds (or, when the request is *fresh*, that URL with a SPARQL comment
of its own appended each time, so that each query text is new to the server), and
reports completed requests per second and the 50th and 99th latency percentiles.  Only
loopback URLs are accepted.  wrk (C, event loop) is preferred: on a 2-core machine a
Python client would take much of the CPU it measures.  wrk counts whole seconds, so
shorter runs (the smoke test's) use the thread pool.
"""

from __future__ import annotations

import http.client
import itertools
import json
import math
import os
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")
#: Seconds a request may take before wrk counts it as timed out.
REQUEST_TIMEOUT = 60


@dataclass(frozen=True)
class Request:
    """What the load generator sends: a GET of ``url`` with ``headers``.

    ``fresh``, when set, is a tag that makes each URL new: ``%0A%23<fresh>-<thread>-<n>``
    (a line break and a comment naming the request) is appended to it.
    """

    url: str
    headers: tuple[tuple[str, str], ...] = ()
    fresh: str = ""


@dataclass(frozen=True)
class Measure:
    """The outcome of one bounded run."""

    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def throughput(self) -> float:
        """Successful requests per second."""
        return max(self.requests - self.errors, 0) / self.seconds if self.seconds else 0.0


def run_load(request: Request, *, concurrency: int, seconds: float) -> Measure:
    """Load ``request`` with ``concurrency`` connections for ``seconds``."""
    if urlsplit(request.url).hostname != "127.0.0.1":
        raise ValueError(f"the load generator only targets 127.0.0.1, not {request.url}")
    if shutil.which("wrk") and seconds >= 1:  # wrk counts its duration in whole seconds
        return _wrk(request, concurrency, round(seconds))
    return _threads(request, concurrency, seconds)


def _wrk(request: Request, concurrency: int, seconds: int) -> Measure:
    command = ["wrk", "-t", str(min(2, concurrency)), "-c", str(concurrency), "-d", f"{seconds}s",
               "--timeout", f"{REQUEST_TIMEOUT}s", "-s", str(WRK_SCRIPT)]
    for name, value in request.headers:
        command += ["-H", f"{name}: {value}"]
    env = dict(os.environ, BENCH_FRESH=request.fresh) if request.fresh else None
    done = subprocess.run([*command, request.url], capture_output=True, text=True, check=True,
                          timeout=seconds + REQUEST_TIMEOUT + 30, env=env)
    line = next(line for line in done.stdout.splitlines() if line.startswith("{"))
    data = json.loads(line)
    return Measure(data["requests"], data["errors"], data["duration_us"] / 1e6,
                   data["p50_us"] / 1000, data["p99_us"] / 1000)


def _threads(request: Request, concurrency: int, seconds: float) -> Measure:
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client(thread: int) -> None:
        parts = urlsplit(request.url)
        connection = http.client.HTTPConnection(parts.netloc, timeout=REQUEST_TIMEOUT)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        for number in itertools.count():
            if time.perf_counter() >= deadline:
                break
            suffix = f"%0A%23{request.fresh}-{thread}-{number}" if request.fresh else ""
            started = time.perf_counter()
            ok = _fetch(connection, path + suffix, dict(request.headers))
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                errors[0] += not ok
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(thread,)) for thread in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Measure(len(latencies), errors[0], time.perf_counter() - started,
                   _percentile(latencies, 50), _percentile(latencies, 99))


def _fetch(connection: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> bool:
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status < 400
    except (OSError, http.client.HTTPException):
        connection.close()
        return False


def _percentile(values: list[float], percent: int) -> float:
    if len(values) < 2:
        return values[0] if values else math.nan
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]
