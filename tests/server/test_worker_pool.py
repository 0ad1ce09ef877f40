"""Supervised query workers: answers, errors carried across, runaway queries stopped from outside."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator

import pytest

from smckg.server.errors import OutboundRefused, QueryTimeout, ResourceLimit
from smckg.server.media import JSON_RESULTS, negotiate_formats
from smckg.server.pool import WorkerPool
from smckg.server.render import Rendered
from smckg.server.store.base import QueryResult
from smckg.server.worker import Job, WorkerSpec

TIMEOUT = 1.5
CROSS = "?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o"
COUNT_FOREVER = f"SELECT (COUNT(*) AS ?n) {{ {CROSS} }}"
SORT_EVERYTHING = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?c ?f ?i ?l"


@pytest.fixture()
def pool(mini_worker_spec: WorkerSpec) -> Iterator[WorkerPool]:
    workers = WorkerPool(mini_worker_spec, size=2, timeout=TIMEOUT)
    yield workers
    workers.close()


def workers_alive() -> list[multiprocessing.Process]:
    return [p for p in multiprocessing.active_children() if p.name == "smckg-query-worker"]


def test_answers_as_terms_or_as_bytes(pool: WorkerPool) -> None:
    result = pool.run(Job("ASK { ?s ?p ?o }", {}))
    assert isinstance(result, QueryResult) and result.boolean is True
    rendered = pool.run(Job("ASK {}", {}, formats=dict(negotiate_formats(None))))
    assert isinstance(rendered, Rendered) and rendered.media_type == JSON_RESULTS


def test_errors_keep_their_class_and_both_messages(pool: WorkerPool) -> None:
    with pytest.raises(OutboundRefused) as raised:
        pool.run(Job("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", {}))
    assert raised.value.http_status == 403 and "127.0.0.1:9" in raised.value.zh


def test_a_runaway_query_is_killed_on_time_and_replaced(pool: WorkerPool) -> None:
    answered: list[bool] = []
    other = threading.Thread(target=lambda: answered.append(
        pool.run(Job("ASK { ?s ?p ?o }", {})).boolean is True))
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as raised:
        threading.Timer(0.3, other.start).start()
        pool.run(Job(COUNT_FOREVER, {}))
    assert TIMEOUT <= time.monotonic() - started < TIMEOUT + 1.5
    assert raised.value.http_status == 503 and raised.value.retry_after
    other.join(timeout=5)
    assert answered == [True]  # the other worker answered meanwhile
    assert pool.replaced == 1 and len(workers_alive()) == 2
    assert pool.run(Job("ASK { ?s ?p ?o }", {})).boolean is True


def test_a_query_past_its_memory_dies_alone(mini_worker_spec: WorkerSpec) -> None:
    workers = WorkerPool(mini_worker_spec, size=1, timeout=30)
    try:
        started = time.monotonic()
        with pytest.raises(ResourceLimit):
            workers.run(Job(SORT_EVERYTHING, {}))
        assert time.monotonic() - started < 30  # the memory limit, not the clock, stopped it
        assert workers.run(Job("ASK { ?s ?p ?o }", {})).boolean is True
    finally:
        workers.close()


def test_a_worker_that_died_idle_is_replaced_unnoticed(pool: WorkerPool) -> None:
    victim = workers_alive()[0]
    os.kill(victim.pid, signal.SIGKILL)
    victim.join(timeout=5)
    for _ in range(3):
        assert pool.run(Job("ASK { ?s ?p ?o }", {})).boolean is True
    assert pool.replaced == 1


def test_closing_stops_every_worker(mini_worker_spec: WorkerSpec) -> None:
    workers = WorkerPool(mini_worker_spec, size=2, timeout=TIMEOUT)
    assert len(workers_alive()) == 2
    workers.close()
    assert workers_alive() == []
