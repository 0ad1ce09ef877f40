"""How to isolate queries: a persistent worker pool against a fresh process per query, measured.

Loads a synthetic KG-shaped graph (see ``bench/engines.py``) into an on-disk store, then
times the same query three ways: in the calling process (no isolation, the floor), in a
persistent ``WorkerPool`` worker, and in a worker process started for that one query and
stopped after it.  The pool is what the server uses; this shows what it costs.

Run: ``.venv/bin/python -m bench.executor [--repeat N]``.  Not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from pathlib import Path

from bench.engines import QUERIES, median_ms, synthetic_graph
from bench.inprocess import FORMATS
from smckg.server.failures import FailedQueries
from smckg.server.pool import WorkerPool
from smckg.server.store.embedded import EmbeddedStore, prepare_store
from smckg.server.worker import Job, StoreSpec, WorkerSpec, answer


def write_build(out_dir: Path, triples: int) -> None:
    """A build folder (``smc-dt.nt``, ``build.json``) holding the synthetic graph."""
    out_dir.mkdir(parents=True)
    dump = synthetic_graph(triples).serialize(format="nt", encoding="utf-8")
    (out_dir / "smc-dt.nt").write_bytes(dump)
    build = {"build_id": hashlib.sha256(dump).hexdigest(), "triples": dump.count(b"\n")}
    (out_dir / "build.json").write_text(json.dumps(build), encoding="utf-8")


def main() -> None:
    """Print the per-query cost of each way of running a query."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_build(root / "out", 10_000)
        record = prepare_store(root / "out", root / "store")
        spec = WorkerSpec(
            store=StoreSpec("embedded", str(record.path), record.info, 10_000, 10.0),
            allowlist=(),
            memory_limit_mb=2048,
        )
        direct = EmbeddedStore(record, max_rows=10_000)
        failed = FailedQueries(root / "failed")
        pool = WorkerPool(spec, size=1, timeout=10.0, failed=failed)
        print(f"median of {options.repeat} runs, milliseconds")
        print(f"{'query':40} {'in-process':>11} {'pool':>8} {'fresh process':>14}")
        for name, text in QUERIES.items():
            job = Job(text, {}, formats=FORMATS)
            inline = median_ms(lambda job=job: answer(direct, job), options.repeat)
            pooled = median_ms(lambda job=job: pool.run(job), options.repeat)
            fresh = median_ms(lambda job=job: _fresh(spec, job, failed), max(options.repeat // 4, 3))
            print(f"{name:40} {inline:11.2f} {pooled:8.2f} {fresh:14.2f}")
        pool.close()


def _fresh(spec: WorkerSpec, job: Job, failed: FailedQueries) -> object:
    single = WorkerPool(spec, size=1, timeout=10.0, failed=failed)
    try:
        return single.run(job)
    finally:
        single.close()


if __name__ == "__main__":
    main()
