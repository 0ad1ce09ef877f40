"""Benchmark of the term lookup: quality on the evaluation set and latency of lookup and annotation.

Prints hit@1, hit@5 and MRR (overall and per kind of query), then p50/p99 latency of one
lookup and of the annotation of a page of text (about 2,000 characters).

usage: python -m bench.lookup_bench [--out DIR] [--eval FILE] [--page FILE] [--rounds N]
(DIR is a build folder, default dist/; the index is read from it, or built from smc-dt.ttl.)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from smckg.lookup import LookupIndex, annotate, lookup, open_index
from smckg.lookup.evaluation import Scores, read_cases, run, scores, scores_by_kind
from smckg.paths import DEFAULT_OUT, PROJECT_ROOT

TESTS = PROJECT_ROOT / "tests" / "lookup"


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="build folder")
    parser.add_argument("--eval", type=Path, default=TESTS / "eval_set.tsv")
    parser.add_argument("--page", type=Path, default=TESTS / "fixtures" / "page.txt")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the queries")
    return parser.parse_args(argv)


def _line(name: str, result: Scores) -> str:
    return (f"{name:<16} n={result.count:<4} hit@1={result.hit1:.3f}  hit@5={result.hit5:.3f}"
            f"  MRR={result.mrr:.3f}")


def _timed(call: Callable[[], object]) -> float:
    """Milliseconds one call takes."""
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _percentiles(taken: list[float]) -> str:
    cuts = statistics.quantiles(taken, n=100, method="inclusive")
    return f"p50={cuts[49]:.2f} ms  p99={cuts[98]:.2f} ms  (n={len(taken)})"


def _timings(index: LookupIndex, queries: list[str], page: str, rounds: int) -> list[str]:
    annotate(index, page)  # builds the annotation trie once, as the first request would
    lookups = [_timed(partial(lookup, index, query)) for _ in range(rounds) for query in queries]
    pages = [_timed(partial(annotate, index, page)) for _ in range(rounds * 20)]
    return [f"lookup           {_percentiles(lookups)}",
            f"annotate {len(page):>5} chars {_percentiles(pages)}"]


def main(argv: list[str]) -> int:
    """Print the quality figures and latencies; exit 1 when hit@1 is below 0.95."""
    options = _arguments(argv)
    start = time.perf_counter()
    index = open_index(options.out)
    print(f"index: {len(index)} terms, {len(index.labels)} labels, "
          f"opened in {(time.perf_counter() - start) * 1000:.0f} ms")
    cases = read_cases(options.eval)
    outcomes = run(index, cases)
    overall = scores(outcomes)
    print(_line("all", overall))
    for kind, result in scores_by_kind(outcomes).items():
        print(_line(kind, result))
    for outcome in outcomes:
        if outcome.rank != 1:
            print(f"  miss: {outcome.case.query!r} expected {outcome.case.expected_iri}, "
                  f"first {outcome.first}, rank {outcome.rank}")
    page = options.page.read_text(encoding="utf-8")
    for line in _timings(index, [case.query for case in cases], page, options.rounds):
        print(line)
    return 0 if overall.hit1 >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
