"""``python -m bench``: our service against Oxigraph's own server and Virtuoso, same data, same run.

For each size (``--sizes kg,10k,100k,1m``): build the graph (timed), load it into our
embedded store in a process of its own (time, peak memory, store size; then once more, to
time a restart that reuses the store), measure every canned query in process, then start
Virtuoso (bulk-loaded with the same N-Triples), ``oxigraph serve`` (in memory, loaded with
the same dump) and ``smc-kg serve`` side by side on loopback and load them over HTTP,
alternating (see :mod:`bench.runs`).  After each size the JSON record, ``latest.md`` and
``throughput.png`` are (re)written in ``--results`` (default ``bench/results/``); at the end
one line per target of the issue says its figure and whether it holds.  ``--smoke`` runs a
short form (tiny sizes, five canned queries, short runs) that checks the whole pipeline,
into ``bench/results/smoke/``.  ``--report FILE.json`` rewrites the outputs from a saved
record; ``--notes FILE.md`` adds a Markdown text (the profiles of the misses) to the record.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench.data import KG_SIZE, WORK_DIR, Dataset, build_kg, exclusive, synthesise
from bench.inprocess import measure_all
from bench.plot import write_plot
from bench.report import Record, markdown, summary_row, verdicts
from bench.runs import Endpoints, Run, Settings, measure
from bench.servers import our_service, oxigraph_server, split_dump, store_load
from bench.targets import canned_targets, fixed_targets
from smckg.paths import PROJECT_ROOT
from smckg.virtuoso import VirtuosoSettings, running_virtuoso

RESULTS_DIR = PROJECT_ROOT / "bench" / "results"
GRAPH = "https://w3id.org/smc-dt/graph/bench"
#: Our service's defaults (ServerConfig), given to Virtuoso too.
MAX_ROWS = 10_000
QUERY_TIMEOUT = 10


@dataclass(frozen=True)
class Profile:
    """Sizes, queries, run lengths and in-process repetitions of one kind of benchmark run."""

    sizes: tuple[str, ...]
    queries: frozenset[str] | None  # None: every canned query
    http: Settings
    inprocess_runs: tuple[int, int]
    inprocess_budget: float
    results: Path
    work: Path  # graphs, stores and Virtuoso databases, held by one run at a time


FULL = Profile(("kg", "10k", "100k", "1m"), None, Settings(3.0, 20.0, quiet_seconds=1.0),
               (5, 200), 1.0, RESULTS_DIR, WORK_DIR)
SMOKE = Profile(("kg", "1k"), frozenset({"matrix", "cases-by-transition", "assessment-cities-in-phase",
                                         "assessment-gap-per-area", "term-by-label"}),
                Settings(0.1, 0.2, quiet_seconds=0.0, repeats=2), (2, 3), 0.02, RESULTS_DIR / "smoke",
                WORK_DIR.with_name("bench-smoke"))


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or rewrite the outputs of a saved record)."""
    options = _arguments(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop both servers on the way out
    if options.report:
        record = json.loads(Path(options.report).read_text(encoding="utf-8"))
        if options.notes:
            record["notes"] = options.notes.read_text(encoding="utf-8")
        _write_outputs(record, Path(options.report).parent, Path(options.report).name)
        _print_summary(record)
        return 0
    profile = _profile(options)
    record = _new_record(profile)
    name = f"{record['date'].replace(':', '')}.json"
    with exclusive(profile.work):
        kg = build_kg(profile.work)
        for size in profile.sizes:
            dataset = kg if size == KG_SIZE else synthesise(kg, size, profile.work)
            _log(f"{size}: {dataset.triples:,} triples built in {dataset.build_seconds:.1f} s")
            record["sizes"].append(measure_size(dataset, profile))
            _write_outputs(record, profile.results, name)
    _print_summary(record)
    return 0


def _print_summary(record: Record) -> None:
    """One line per target (its verdict and figure), then the summary row of each size."""
    for name, holds, detail in verdicts(record):
        print(f"target {'holds' if holds else 'MISSED'}: {name}: {detail}")
    for size in record["sizes"]:
        print(f"| {size['size']} | {size['triples']:,} | " + " | ".join(summary_row(size)) + " |")


def measure_size(dataset: Dataset, profile: Profile) -> Record:
    """Everything measured on one graph."""
    store_dir = profile.work / f"store-{dataset.size}"
    shutil.rmtree(store_dir, ignore_errors=True)
    load = store_load(dataset.out_dir, store_dir)
    reuse = store_load(dataset.out_dir, store_dir)
    _log(f"{dataset.size}: our store loaded in {load.seconds:.1f} s (restart {reuse.seconds:.2f} s)")
    low, high = profile.inprocess_runs
    latencies = measure_all(store_dir, profile.queries, max_rows=MAX_ROWS, min_runs=low,
                            max_runs=high, budget=profile.inprocess_budget)
    targets = canned_targets(profile.queries) + fixed_targets()
    virtuoso_dir = profile.work / f"virtuoso-{dataset.size}"
    shutil.rmtree(virtuoso_dir, ignore_errors=True)
    settings = VirtuosoSettings(max_rows=MAX_ROWS, query_timeout=QUERY_TIMEOUT)
    dump = dataset.out_dir / "smc-dt.nt"
    with running_virtuoso(virtuoso_dir, settings) as virtuoso:
        started = time.perf_counter()
        virtuoso.bulk_load(split_dump(dump, virtuoso_dir / "parts"), GRAPH)
        virtuoso_load = time.perf_counter() - started
        _log(f"{dataset.size}: Virtuoso loaded in {virtuoso_load:.1f} s")
        with oxigraph_server(dump, profile.work / f"oxigraph-{dataset.size}", QUERY_TIMEOUT) as oxigraph, \
                our_service(dataset.out_dir, store_dir, profile.work / f"serve-{dataset.size}") as ours:
            _log(f"{dataset.size}: Oxigraph's server loaded in {oxigraph.load_seconds:.1f} s")
            endpoints = Endpoints(ours.url, oxigraph.url, f"http://127.0.0.1:{virtuoso.http_port}")
            runs = [_logged(run) for run in measure(targets, endpoints, profile.http)]
            serve_peak = ours.peak_memory_bytes()
            oxigraph_figures = {"load_seconds": oxigraph.load_seconds,
                                "peak_rss_bytes": oxigraph.peak_memory_bytes()}
        virtuoso_figures = {"load_seconds": virtuoso_load, "peak_rss_bytes": virtuoso.peak_memory_bytes(),
                            "store_bytes": virtuoso.database_bytes()}
    shutil.rmtree(virtuoso_dir, ignore_errors=True)
    return {
        "size": dataset.size, "cities": dataset.cities, "triples": dataset.triples,
        "dump_bytes": dataset.dump_bytes, "build_seconds": dataset.build_seconds,
        "ours": {"load_seconds": load.seconds, "reuse_seconds": reuse.seconds,
                 "load_peak_rss_bytes": load.peak_rss_bytes, "store_bytes": load.store_bytes,
                 "serve_peak_rss_bytes": serve_peak},
        "oxigraph": oxigraph_figures,
        "virtuoso": virtuoso_figures,
        "load_average": os.getloadavg()[1],  # over the last 5 minutes of runs: others' load on the machine
        "inprocess": {name: asdict(latency) for name, latency in latencies.items()},
        "runs": [run.as_dict() for run in runs],
    }


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="short form: tiny sizes, a few queries, short runs")
    parser.add_argument("--sizes", help="comma-separated sizes, e.g. kg,10k,100k,1m")
    parser.add_argument("--seconds", type=float, help="length of each HTTP run")
    parser.add_argument("--repeats", type=int, help="rounds of runs of each target (median reported)")
    parser.add_argument("--queries", help="only these canned queries (comma-separated names)")
    parser.add_argument("--results", type=Path, help="folder for the JSON, Markdown and PNG")
    parser.add_argument("--work", type=Path, help="folder for graphs, stores and databases (var/bench)")
    parser.add_argument("--report", help="rewrite latest.md and the plot from this saved JSON record")
    parser.add_argument("--notes", type=Path, help="with --report: Markdown to add to the record and report")
    options = parser.parse_args(argv)
    options.queries = frozenset(options.queries.split(",")) if options.queries else None
    return options


def _profile(options: argparse.Namespace) -> Profile:
    profile = SMOKE if options.smoke else FULL
    http = profile.http
    if options.seconds:
        http = replace(http, seconds=options.seconds, max_seconds=max(http.max_seconds, options.seconds))
    if options.repeats:
        http = replace(http, repeats=options.repeats)
    sizes = tuple(options.sizes.split(",")) if options.sizes else profile.sizes
    return replace(profile, sizes=sizes, http=http, queries=options.queries or profile.queries,
                   results=options.results or profile.results, work=options.work or profile.work)


def _new_record(profile: Profile) -> Record:
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%MZ"),
        "machine": machine(),
        "settings": {"sizes": list(profile.sizes), "seconds": profile.http.seconds,
                     "max_seconds": profile.http.max_seconds, "repeats": profile.http.repeats,
                     "max_rows": MAX_ROWS},
        "sizes": [],
    }


def machine() -> dict[str, Any]:
    """CPU model, cores, memory, OS and the versions of the engines compared."""
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    memory_kib = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                          if line.startswith("MemTotal")))
    versions = (f"Python {platform.python_version()}, pyoxigraph {version('pyoxigraph')}, "
                f"Flask {version('flask')}, granian {version('granian')}, "
                f"Oxigraph server {version('oxigraph')}, Virtuoso {_virtuoso_version()}")
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": memory_kib / 2**20,
            "os": platform.platform(terse=True), "versions": versions}


def _virtuoso_version() -> str:
    done = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True, check=False)
    line = next((line for line in (done.stdout + done.stderr).splitlines() if line.startswith("Version")), "")
    return line.split()[1] if line else "?"


def _write_outputs(record: Record, folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    (folder / "latest.md").write_text(markdown(record), encoding="utf-8")
    if not write_plot(record, folder / "throughput.png"):
        _log("matplotlib is not installed (pip install -e '.[bench]'): no plot written")


def _logged(run: Run) -> Run:
    _log(f"  {run.target:32} {run.server:14} c{run.concurrency:<3} {run.throughput:9.1f} rps "
         f"p50 {run.p50_ms:7.2f} p99 {run.p99_ms:7.2f} ms  status {run.status} errors {run.errors}")
    return run


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as error:
        _log(f"error: {error}")
        sys.exit(2)
