"""Connections spread over the worker processes: the shared counts, and a live two-worker server."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kept_alive import Kept, head
from polling import eventually
from procfs import worker_connections

from smckg.server.balance import FREE, MAX_DEFER_SECONDS, SLACK, Balance

#: Connections the live test opens at once, and how many times.
CONNECTIONS, ROUNDS = 12, 3
#: Most attempts a bounded wait makes.
ATTEMPTS = 10_000


def test_slots_are_claimed_once_each() -> None:
    balance = Balance(3)
    assert balance.claim_free_slot(set()) == 0
    assert balance.claim_free_slot({0}) == 1
    assert balance.claim_free_slot({0, 1}) == 2
    assert balance.claim_free_slot({0, 1, 2}) is None


def test_a_worker_is_crowded_only_beyond_the_slack_over_its_least_loaded_live_peer() -> None:
    balance = Balance(3)
    for slot in (0, 1):
        balance.claim_free_slot({0, 1} - {slot})
    balance.publish(1, 2)
    assert not balance.crowded(0, 2 + SLACK)
    assert balance.crowded(0, 3 + SLACK)
    balance.release(1)
    assert not balance.crowded(0, 100)  # no live peer left
    assert not balance.crowded(None, 100)  # a worker without a slot always accepts


def test_a_free_slot_is_no_peer() -> None:
    balance = Balance(2)
    balance.claim_free_slot(set())
    assert not balance.crowded(0, 50)  # slot 1 was never claimed: FREE
    balance.publish(1, 0)
    assert balance.crowded(0, 50)
    balance.publish(1, FREE)
    assert not balance.crowded(0, 50)


def test_deferring_stops_after_its_time_limit() -> None:
    balance = Balance(2)
    balance.claim_free_slot(set())
    balance.claim_free_slot({0})
    started = time.monotonic()
    deferrals = 0
    while balance.defers(0, 10) and deferrals < ATTEMPTS:
        deferrals += 1
    waited = time.monotonic() - started
    assert 0 < deferrals < ATTEMPTS
    assert MAX_DEFER_SECONDS <= waited < MAX_DEFER_SECONDS + 0.05
    assert balance.defers(0, 10)  # a new wait begins
    assert not balance.defers(0, 0)  # not crowded: accept at once


def test_counts_are_shared_with_forked_workers() -> None:
    balance = Balance(2)
    balance.claim_free_slot(set())
    balance.claim_free_slot({0})
    child = os.fork()
    if child == 0:  # the "worker": publish, then leave at once
        balance.publish(1, 7)
        os._exit(0)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert balance.crowded(0, 7 + SLACK + 1) and not balance.crowded(0, 7 + SLACK)


def livez(sock: socket.socket) -> bytes:
    """Ask ``/livez`` on a connected socket (kept alive) and read the whole answer."""
    return Kept(sock, sock.makefile("rb")).ask(head("/livez", "127.0.0.1"))


def wait_for_workers(server_pid: int, host: str, port: int, workers: int) -> None:
    """Return once ``workers`` processes have each accepted a connection (both have booted)."""
    seen: set[int] = set()
    deadline = time.monotonic() + 60
    while len(seen) < workers and time.monotonic() < deadline:
        with socket.create_connection((host, port), timeout=30) as sock:
            answer = livez(sock)  # answered: some worker has accepted the connection
            assert answer.startswith(b"HTTP/1.1 200 ") and answer.endswith(b"\r\n\r\nok\n")
            seen |= set(worker_connections(server_pid, port))
        time.sleep(0.05)
    assert len(seen) == workers, f"only {len(seen)} worker(s) accepted connections"


def test_clients_connecting_at_once_spread_over_both_workers(
    serve_kg: Callable[..., AbstractContextManager[Any]], mini_build: Path
) -> None:
    """As a load generator does: all connect first (they wait in the backlog), then ask."""
    with serve_kg(mini_build, workers=2) as server:
        host, port = "127.0.0.1", urlsplit(server.url).port or 80
        wait_for_workers(server.process.pid, host, port, 2)
        for _ in range(ROUNDS):
            with ExitStack() as stack:
                sockets = [stack.enter_context(socket.create_connection((host, port), timeout=30))
                           for _ in range(CONNECTIONS)]
                assert all(livez(sock).startswith(b"HTTP/1.1 200 ") for sock in sockets)
                held = worker_connections(server.process.pid, port)
            assert sum(held.values()) == CONNECTIONS and len(held) == 2, held
            assert max(held.values()) - min(held.values()) <= SLACK + 1, held
            wait_until_closed(server.process.pid, port)


def wait_until_closed(server_pid: int, port: int) -> None:
    """Return once the workers hold no connection any more (they noticed the clients leave)."""
    assert eventually(lambda: not worker_connections(server_pid, port), 10)
