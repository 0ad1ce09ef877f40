"""Queries proven cheap run in the web process: promotion, equal answers, demotion after strikes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smckg.server.inline import STRIKES, InlineRunner
from smckg.server.media import negotiate_formats
from smckg.server.pool import WorkerPool
from smckg.server.render import Rendered
from smckg.server.worker import Job, WorkerSpec, open_store

LABELS = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?label } ORDER BY ?s ?label"
GENEROUS = 5.0  # seconds: any query of the fixture graph fits
TIMEOUT = 10.0


@pytest.fixture()
def pool(mini_worker_spec: WorkerSpec) -> Iterator[WorkerPool]:
    workers = WorkerPool(mini_worker_spec, size=1, timeout=TIMEOUT)
    yield workers
    workers.close()


def runner_for(pool: WorkerPool, spec: WorkerSpec, budget: float) -> InlineRunner:
    return InlineRunner(pool, lambda: open_store(spec.store), allowlist=(), budget=budget)


def rendered(text: str) -> Job:
    return Job(text, {}, formats=dict(negotiate_formats(None)))


def test_a_query_answered_within_budget_runs_inline_with_the_same_answer(
    pool: WorkerPool, mini_worker_spec: WorkerSpec
) -> None:
    runner = runner_for(pool, mini_worker_spec, GENEROUS)
    job = rendered(LABELS)
    assert not runner.is_cheap(job)
    by_worker = runner.run(job)
    assert runner.is_cheap(job)
    inline = runner.run(job)
    assert isinstance(by_worker, Rendered) and isinstance(inline, Rendered)
    assert inline.body == by_worker.body and inline.body.count(b'"label"') > 2


def test_a_query_over_budget_stays_with_the_workers(pool: WorkerPool, mini_worker_spec: WorkerSpec) -> None:
    runner = runner_for(pool, mini_worker_spec, 0.0)
    job = rendered(LABELS)
    for _ in range(3):
        runner.run(job)
    assert not runner.is_cheap(job)


def test_inline_runs_over_budget_in_a_row_send_the_query_back_for_good(
    pool: WorkerPool, mini_worker_spec: WorkerSpec
) -> None:
    runner = runner_for(pool, mini_worker_spec, GENEROUS)
    job = rendered(LABELS)
    runner.run(job)  # by a worker: promoted
    runner.budget = 0.0  # every run is now over it
    for _ in range(STRIKES - 1):
        runner.run(job)
        assert runner.is_cheap(job)
    runner.run(job)
    assert not runner.is_cheap(job)
    runner.budget = GENEROUS  # a fast worker run no longer promotes it
    runner.run(job)
    assert not runner.is_cheap(job)


def test_a_run_within_budget_clears_the_strikes(pool: WorkerPool, mini_worker_spec: WorkerSpec) -> None:
    runner = runner_for(pool, mini_worker_spec, GENEROUS)
    job = rendered(LABELS)
    runner.run(job)  # by a worker: promoted
    for _ in range(3):  # noisy runs, each followed by a normal one, never add up
        runner.budget = 0.0
        for _ in range(STRIKES - 1):
            runner.run(job)
        runner.budget = GENEROUS
        runner.run(job)
    assert runner.is_cheap(job)


def test_parameters_and_dataset_make_different_queries(pool: WorkerPool, mini_worker_spec: WorkerSpec) -> None:
    runner = runner_for(pool, mini_worker_spec, GENEROUS)
    runner.run(rendered(LABELS))
    other_dataset = Job(LABELS, {}, default_graph_uris=("urn:x",), formats=dict(negotiate_formats(None)))
    assert not runner.is_cheap(other_dataset)


def test_errors_of_an_inline_query_are_the_workers_errors(pool: WorkerPool, mini_worker_spec: WorkerSpec) -> None:
    runner = runner_for(pool, mini_worker_spec, GENEROUS)
    job = Job("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", {})
    with pytest.raises(Exception) as by_worker:
        runner.run(job)
    assert not runner.is_cheap(job) and getattr(by_worker.value, "http_status", None) == 403
