"""Supervised query workers: answers, errors carried across, runaway and failing queries contained.

These jobs go to the workers directly, past every check of the web layer: what a worker may
not do (open a connection, outrun its time or memory) is enforced by the worker's process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from smckg.server.errors import EngineFailure, NetworkRefused, QueryTimeout, ResourceLimit
from smckg.server.failures import FailedQueries
from smckg.server.media import JSON_RESULTS, negotiate_formats
from smckg.server.pool import WorkerPool
from smckg.server.render import Rendered
from smckg.server.worker import Job, WorkerSpec

TIMEOUT = 1.5
CROSS = "?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o"
COUNT_FOREVER = f"SELECT (COUNT(*) AS ?n) {{ {CROSS} }}"
SORT_EVERYTHING = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?c ?f ?i ?l"
PANIC = ('SELECT ?o { VALUES ?o { 2 "b" 42 "zz" "10" 10 -3 "a" 1 "c" 7 "x" 3.5 "y" 100 "q" <a:b> 5 '
         '"5"@en true false 0 "0" 1.5e3 "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> 8 9 11 '
         '12 13 "d" "e" "f" } } ORDER BY ?o')
FORMATS = dict(negotiate_formats(None))


def job(sparql: str) -> Job:
    return Job(sparql, {}, FORMATS)


def boolean(rendered: Rendered) -> bool:
    return rendered.body == b'{"head":{},"boolean":true}'


def make_pool(spec: WorkerSpec, folder: Path, *, size: int = 2, timeout: float = TIMEOUT) -> WorkerPool:
    return WorkerPool(spec, size=size, timeout=timeout, failed=FailedQueries(folder / "failed"))


@pytest.fixture()
def pool(mini_worker_spec: WorkerSpec, tmp_path: Path) -> Iterator[WorkerPool]:
    workers = make_pool(mini_worker_spec, tmp_path)
    yield workers
    workers.close()


def workers_alive() -> list[multiprocessing.Process]:
    return [p for p in multiprocessing.active_children() if p.name == "smckg-query-worker"]


def test_answers_come_written_as_asked(pool: WorkerPool) -> None:
    rendered = pool.run(job("ASK { ?s ?p ?o }"))
    assert rendered.media_type == JSON_RESULTS and boolean(rendered)


def test_the_engine_itself_cannot_reach_the_network(pool: WorkerPool) -> None:
    """A SERVICE handed straight to a worker: the kernel refuses the socket, nobody is called."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        with pytest.raises(NetworkRefused) as raised:
            pool.run(job(f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"))
        silent = pool.run(job(f"ASK {{ SERVICE SILENT <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}"))
        with pytest.raises(TimeoutError):
            listener.accept()
    assert raised.value.http_status == 403 and raised.value.zh
    assert silent.kind == "boolean"


def test_a_runaway_query_is_killed_on_time_and_replaced(pool: WorkerPool) -> None:
    answered: list[bool] = []
    other = threading.Thread(target=lambda: answered.append(boolean(pool.run(job("ASK { ?s ?p ?o }")))))
    started = time.monotonic()
    with pytest.raises(QueryTimeout) as raised:
        threading.Timer(0.3, other.start).start()
        pool.run(job(COUNT_FOREVER))
    assert TIMEOUT <= time.monotonic() - started < TIMEOUT + 1.5
    assert raised.value.http_status == 503 and raised.value.retry_after
    other.join(timeout=5)
    assert answered == [True]  # the other worker answered meanwhile
    assert pool.replaced == 1 and len(workers_alive()) == 2
    assert boolean(pool.run(job("ASK { ?s ?p ?o }")))


def test_a_worker_outlives_jobs_whose_cpu_adds_up_past_the_limit(mini_worker_spec: WorkerSpec,
                                                                  tmp_path: Path) -> None:
    """The CPU limit is per job: a worker's total CPU time may grow far past ``timeout``."""
    workers = make_pool(mini_worker_spec, tmp_path, size=1)
    cross = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    try:
        started = time.process_time(), time.monotonic()
        runs = 0
        while time.monotonic() - started[1] < 3 * TIMEOUT and runs < 200:
            workers.run(job(cross))
            runs += 1
        assert runs >= 2 and workers.replaced == 0
    finally:
        workers.close()


def test_a_query_past_its_memory_dies_alone(mini_worker_spec: WorkerSpec, tmp_path: Path) -> None:
    workers = make_pool(mini_worker_spec, tmp_path, size=1, timeout=30)
    try:
        started = time.monotonic()
        with pytest.raises(ResourceLimit):
            workers.run(job(SORT_EVERYTHING))
        assert time.monotonic() - started < 30  # the memory limit, not the clock, stopped it
        assert boolean(workers.run(job("ASK { ?s ?p ?o }")))
    finally:
        workers.close()


def test_an_engine_panic_is_contained_and_remembered(pool: WorkerPool) -> None:
    with pytest.raises(EngineFailure) as first:
        pool.run(job(PANIC))
    assert pool.replaced == 1 and "engine failure" in first.value.en and "memory" not in first.value.en
    assert boolean(pool.run(job("ASK { ?s ?p ?o }")))
    started = time.monotonic()
    with pytest.raises(EngineFailure) as again:
        pool.run(job(PANIC))
    assert time.monotonic() - started < 0.5 and pool.replaced == 1  # refused without a worker
    assert "not run again" in again.value.en


def test_a_worker_that_died_idle_is_replaced_unnoticed(pool: WorkerPool) -> None:
    victim = workers_alive()[0]
    os.kill(victim.pid, signal.SIGKILL)
    victim.join(timeout=5)
    for _ in range(3):
        assert boolean(pool.run(job("ASK { ?s ?p ?o }")))
    assert pool.replaced == 1


def test_closing_stops_every_worker(mini_worker_spec: WorkerSpec, tmp_path: Path) -> None:
    workers = make_pool(mini_worker_spec, tmp_path)
    assert len(workers_alive()) == 2
    workers.close()
    assert workers_alive() == []
