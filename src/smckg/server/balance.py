"""Spreading connections evenly over the server's worker processes.

Every gunicorn worker process waits on the same listening socket, and whichever event loop
wakes first takes a new connection; a kept-alive connection then stays with that process.
Eight clients connecting at once often end up seven on one process and one on the other,
or all on one: one core queues while the other idles.  Measured with wrk at concurrency 8
on two cores (``drivers``, uncached): 4/4 gave a p99 of 5.7 to 5.9 ms, 7/1 gave 7.9 to
9.2 ms, and 8/0 about half the throughput.

:class:`Balance` keeps each worker's number of open connections in memory shared by the
gunicorn master and the workers it forks, one slot per worker (given by the master before
the fork, see :func:`assign_slot`).  A worker holding more connections than the least
loaded one lets that one take the next connection: it leaves the connection to the other
process for at most :data:`MAX_DEFER_SECONDS`, so a stalled or dead peer never keeps a
client waiting longer.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import time
from typing import Any

#: A slot no live worker holds.
FREE = -1
#: How many more connections than its least loaded peer a worker may hold and still accept.
SLACK = 1
#: Longest a worker leaves a waiting connection to a less loaded peer.
MAX_DEFER_SECONDS = 0.002
#: How long a deferring worker pauses before looking again (the listener stays readable).
DEFER_PAUSE_SECONDS = 0.0001


class Balance:
    """Open connections per worker slot, shared across ``fork``; made once in the master."""

    def __init__(self, workers: int) -> None:
        self._counts = multiprocessing.RawArray(ctypes.c_int, [FREE] * workers)
        self._deferring_since: float | None = None  # per process: each worker has its copy

    def claim_free_slot(self, taken: set[int]) -> int | None:
        """A slot none of the ``taken`` ones (live workers'), marked as holding no connection."""
        for slot in range(len(self._counts)):
            if slot not in taken:
                self._counts[slot] = 0
                return slot
        return None

    def publish(self, slot: int | None, connections: int) -> None:
        """Record a worker's number of open connections."""
        if slot is not None:
            self._counts[slot] = connections

    def release(self, slot: int | None) -> None:
        """Free a stopping worker's slot, so that no peer waits for it."""
        self.publish(slot, FREE)

    def crowded(self, slot: int | None, connections: int) -> bool:
        """Whether the worker in ``slot`` holds more connections than its least loaded live peer."""
        if slot is None:
            return False
        peers = [count for index, count in enumerate(self._counts) if index != slot and count != FREE]
        return bool(peers) and connections > min(peers) + SLACK

    def defers(self, slot: int | None, connections: int) -> bool:
        """Whether to leave a waiting connection to a peer now (never longer than MAX_DEFER_SECONDS)."""
        if not self.crowded(slot, connections):
            self._deferring_since = None
            return False
        now = time.monotonic()
        if self._deferring_since is None:
            self._deferring_since = now
        if now - self._deferring_since > MAX_DEFER_SECONDS:
            self._deferring_since = None
            return False
        time.sleep(DEFER_PAUSE_SECONDS)
        return True


def assign_slot(arbiter: Any, worker: Any) -> None:
    """gunicorn's ``pre_fork`` hook: give the worker about to be forked a free slot of the balance."""
    balance: Balance = arbiter.app.balance
    taken = {getattr(live, "balance_slot", None) for live in arbiter.WORKERS.values()}
    worker.balance_slot = balance.claim_free_slot({slot for slot in taken if slot is not None})
