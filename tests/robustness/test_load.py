"""Load on the live service: rising concurrency, the shedding point, and (full form) a 10-minute soak.

Every call must be answered (200) or shed (503 with Retry-After); a connection error, any
other status or a health check that fails after a level is a failure.  The soak samples
the resident memory of all the server's processes through /proc.
"""

from __future__ import annotations

import statistics
import threading
import time

import pytest
import requests
from launch import rss_bytes, session_pids
from loadgen import run_level
from slowbuilds import wait_for_all
from tally import TALLY, scaled

LEVELS = (1, 4, 16, 64, 128)
SOAK_SECONDS = 600
SOAK_CONCURRENCY = 4
SAMPLE_EVERY = 10.0
WARM_UP = 60.0
MAX_DRIFT_MB = 64


def healthy(base: str) -> bool:
    return requests.get(f"{base}/healthz", timeout=30).status_code == 200


def test_rising_concurrency_is_answered_or_shed(watched: str) -> None:
    wait_for_all()
    for concurrency in LEVELS[:scaled(3, len(LEVELS))]:
        level = run_level(watched, concurrency, scaled(max(150, 10 * concurrency), max(300, 20 * concurrency)),
                          seconds=scaled(20, 90))
        TALLY.levels.append(level)
        for outcome in level.errors:
            if outcome.status and outcome.status >= 500:
                TALLY.unexpected_5xx.append(f"{outcome.status} under load ({outcome.kind})")
        assert not level.errors, [(o.kind, o.status, o.error) for o in level.errors[:10]]
        assert len(level.outcomes) > 0 and level.answered > 0
        assert healthy(watched), f"/healthz failed right after concurrency {concurrency}"


class Sampler:
    """Samples the summed RSS of a process session every ``every`` seconds, in a thread."""

    def __init__(self, leader: int, every: float) -> None:
        self.samples: list[tuple[float, int]] = []
        self._leader = leader
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._started = time.monotonic()
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            self.samples.append((time.monotonic() - self._started, rss_bytes(session_pids(self._leader))))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def range_mb(self) -> tuple[float, float]:
        """The lowest and highest sample, in MB."""
        values = [rss / 2**20 for _, rss in self.samples]
        return min(values), max(values)

    def mean_mb(self, start: float, end: float) -> float:
        """Mean RSS in MB of the samples taken between ``start`` and ``end`` seconds."""
        chosen = [rss for at, rss in self.samples if start <= at <= end]
        return statistics.fmean(chosen) / 2**20


@pytest.mark.slow
def test_soak_keeps_memory_flat_and_answers_everything(watched: str, live_server_process) -> None:  # noqa: ANN001
    wait_for_all()
    sampler = Sampler(live_server_process.process.pid, SAMPLE_EVERY)
    level = run_level(watched, SOAK_CONCURRENCY, 10**9, seconds=SOAK_SECONDS)
    sampler.stop()
    early = sampler.mean_mb(WARM_UP, WARM_UP + 120)
    late = sampler.mean_mb(SOAK_SECONDS - 120, SOAK_SECONDS + SAMPLE_EVERY)
    low, high = sampler.range_mb()
    TALLY.soak = (f"{level.elapsed:.0f} s at concurrency {SOAK_CONCURRENCY}: {len(level.outcomes)} calls, "
                  f"{level.throughput:.1f} answered/s, p99 {level.percentile(0.99) * 1000:.1f} ms, "
                  f"shed {level.shed}, errors {len(level.errors)}; RSS of the server's processes "
                  f"{early:.1f} MB after warm-up -> {late:.1f} MB at the end (drift {late - early:+.1f} MB; "
                  f"{len(sampler.samples)} samples between {low:.1f} and {high:.1f} MB)")
    assert level.elapsed >= SOAK_SECONDS - 5
    assert not level.errors and level.shed == 0, TALLY.soak
    assert late - early < MAX_DRIFT_MB, TALLY.soak
    assert healthy(watched)
