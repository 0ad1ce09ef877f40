"""The benchmark's outputs: the Markdown tables of ratios and the targets, from the JSON record.

Everything is computed from the JSON record (``record["sizes"][i]["runs"]`` holds every
run), so the Markdown and the plot can be rebuilt from a saved record with
``python -m bench --report FILE.json``.  The targets are those of issue 18, all ratios of
the same run: a fresh query's extra latency over Oxigraph's server (c1), ``/sparql``
uncached against Oxigraph's server, canned queries from the cache against Oxigraph's
server and uncached against Virtuoso, the lookup against its SPARQL twin on Oxigraph.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from typing import Any

from bench.runs import (
    FRESH_CONCURRENCY,
    JUDGED_CONCURRENCY,
    OURS,
    OURS_CACHED,
    OURS_FRESH,
    OURS_SPARQL,
    OXIGRAPH,
    OXIGRAPH_FRESH,
    VIRTUOSO,
)
from bench.targets import CANNED, CEILING, CONSTRUCT, LOOKUP

Record = dict[str, Any]
Verdict = tuple[str, bool, str]
#: Sizes of at least this many triples are judged against the scale target.
SCALE_TRIPLES = 900_000
FRESH_EXTRA_MS = 3.0
SPARQL_MEDIAN, SPARQL_FLOOR = 0.3, 0.15
CACHED_RATIO, KG_RATIO, SCALE_RATIO, LOOKUP_RATIO = 1.0, 2.0, 1.0, 0.5


def run_of(size: Record, target: str, server: str) -> Record | None:
    """The run record, if it was made; for repeated runs, their medians (see ``median_run``)."""
    runs = [run for run in size["runs"] if (run["target"], run["server"]) == (target, server)]
    return median_run(runs) if runs else None


def median_run(runs: list[Record]) -> Record:
    """One record for repeated runs: the median of each figure, or the first failed run.

    Each figure's median is taken on its own (the run with the median throughput need not
    have the median p99); ``repeats`` says how many runs there were.
    """
    failed = [run for run in runs if not _answered(run)]
    if len(runs) == 1 or failed:
        return failed[0] if failed else runs[0]
    merged = dict(runs[0], repeats=len(runs), requests=sum(run["requests"] for run in runs))
    for field in ("throughput", "p50_ms", "p99_ms"):
        merged[field] = statistics.median(run[field] for run in runs)
    return merged


def _answered(run: Record) -> bool:
    """Whether a run got answers: HTTP 200 and some requests per second."""
    return bool(run["status"] == 200 and run["throughput"] > 0)


def throughput(size: Record, target: str, server: str) -> float | None:
    """Requests per second (the median of repeated runs), None when not made or failed."""
    run = run_of(size, target, server)
    return float(run["throughput"]) if run is not None and _answered(run) else None


def ratio(size: Record, target: str, ours: str, theirs: str) -> float | None:
    """``ours`` over ``theirs`` in requests per second."""
    mine, other = throughput(size, target, ours), throughput(size, target, theirs)
    return mine / other if mine and other else None


def fresh_extra_ms(size: Record, target: str) -> float | None:
    """How many milliseconds more than Oxigraph's server a fresh text takes on ours (p50, c1)."""
    mine, other = run_of(size, target, OURS_FRESH), run_of(size, target, OXIGRAPH_FRESH)
    if mine is None or other is None or not (_answered(mine) and _answered(other)):
        return None
    return float(mine["p50_ms"] - other["p50_ms"])


def targets_of(size: Record, *kinds: str) -> list[str]:
    """Target names of the given kinds, in the order they were measured."""
    return list(dict.fromkeys(run["target"] for run in size["runs"] if run["kind"] in kinds))


def own_server(kind: str) -> str:
    """The server name of our own answer to a target: its route, or ``/sparql`` for the CONSTRUCT."""
    return OURS_SPARQL if kind == CONSTRUCT else OURS


def verdicts(record: Record) -> list[Verdict]:
    """(target, holds, detail) for each target of the issue that this record can judge."""
    found = []
    for size in record["sizes"]:
        name = f"{size['size']} ({size['triples']:,} triples)"
        canned = targets_of(size, CANNED, CONSTRUCT)
        found += [_fresh_verdict(size, name, canned), _sparql_verdict(size, name, targets_of(size, CANNED))]
        found.append(_each(size, f"{name}: canned queries from the cache ≥ {CACHED_RATIO:g}x Oxigraph's "
                                 f"server uncached, c{JUDGED_CONCURRENCY}", OURS_CACHED, OXIGRAPH, CACHED_RATIO))
        if size["cities"] == 0 or size["triples"] >= SCALE_TRIPLES:
            least = KG_RATIO if size["cities"] == 0 else SCALE_RATIO
            found.append(_each(size, f"{name}: canned queries uncached ≥ {least:g}x Virtuoso, "
                                     f"c{JUDGED_CONCURRENCY}", OURS, VIRTUOSO, least))
        lookup = ratio(size, "lookup", OURS, OXIGRAPH)
        found.append((f"{name}: the lookup uncached ≥ {LOOKUP_RATIO:g}x its SPARQL twin (`term-by-label`) on "
                      f"Oxigraph's server, c{JUDGED_CONCURRENCY}", lookup is not None and lookup >= LOOKUP_RATIO,
                      _x(lookup)))
    return found


def summary_row(size: Record) -> list[str]:
    """The short summary of a size (the README's and docs/performance.md's table): one cell per target.

    The fresh query's median extra latency over Oxigraph's server; the median and lowest
    ratio to Oxigraph's server of ``/sparql`` and of cached canned queries; the range of
    uncached canned queries against Virtuoso; the lookup against its twin.
    """
    canned = targets_of(size, CANNED)
    extra = [value for target in targets_of(size, CANNED, CONSTRUCT)
             if (value := fresh_extra_ms(size, target)) is not None]
    cells = [f"{statistics.median(extra):+.1f} ms" if extra else "-"]
    for ours, theirs in ((OURS_SPARQL, OXIGRAPH), (OURS_CACHED, OXIGRAPH), (OURS, VIRTUOSO)):
        ratios = [value for target in canned if (value := ratio(size, target, ours, theirs))]
        cells.append(f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}x–{max(ratios):.2f}x)" if ratios else "-")
    return [*cells, _x(ratio(size, "lookup", OURS, OXIGRAPH))]


def _fresh_verdict(size: Record, name: str, targets: list[str]) -> Verdict:
    extra = {target: value for target in targets if (value := fresh_extra_ms(size, target)) is not None}
    title = (f"{name}: a fresh ad hoc query adds ≤ {FRESH_EXTRA_MS:g} ms (median, c{FRESH_CONCURRENCY}) "
             "over Oxigraph's server")
    if not extra:
        return title, False, "not measured"
    middle = statistics.median(extra.values())
    worst = max(extra, key=extra.__getitem__)
    detail = (f"median {middle:+.2f} ms over {len(extra)} texts (from {min(extra.values()):+.2f} to "
              f"{extra[worst]:+.2f} ms, `{worst}`)")
    return title, middle <= FRESH_EXTRA_MS, detail


def _sparql_verdict(size: Record, name: str, targets: list[str]) -> Verdict:
    ratios = {target: value for target in targets if (value := ratio(size, target, OURS_SPARQL, OXIGRAPH))}
    title = (f"{name}: repeated ad hoc `/sparql` uncached, c{JUDGED_CONCURRENCY}: median ≥ {SPARQL_MEDIAN:g}x "
             f"Oxigraph's server, none below {SPARQL_FLOOR:g}x")
    if not ratios:
        return title, False, "not measured"
    middle, low = statistics.median(ratios.values()), min(ratios, key=ratios.__getitem__)
    below = [target for target, value in ratios.items() if value < SPARQL_FLOOR]
    detail = f"median {middle:.2f}x, lowest {ratios[low]:.2f}x (`{low}`)"
    detail += f"; below {SPARQL_FLOOR:g}x: {_names(below)}" if below else ""
    return title, middle >= SPARQL_MEDIAN and not below and len(ratios) == len(targets), detail


def _each(size: Record, title: str, ours: str, theirs: str, least: float) -> Verdict:
    """A target every canned query must meet: how many do, the range, and those that miss."""
    ratios = {target: ratio(size, target, ours, theirs) for target in targets_of(size, CANNED)}
    missed = [target for target, value in ratios.items()
              if value is None or value < least or _answers_differ(size, target, theirs)]
    present = [value for value in ratios.values() if value is not None]
    detail = f"{len(ratios) - len(missed)} of {len(ratios)}"
    detail += f", {min(present):.2f}x–{max(present):.2f}x (median {statistics.median(present):.2f}x)" if present else ""
    detail += f"; missed: {_names(missed)}" if missed else ""
    return title, not missed and bool(ratios), detail


def _answers_differ(size: Record, target: str, theirs: str) -> bool:
    """Whether our answer and the other server's have different row counts (not comparable)."""
    mine, other = run_of(size, target, OURS), run_of(size, target, theirs)
    if mine is None or other is None or None in (mine["rows"], other["rows"]):
        return False
    return bool(mine["rows"] != other["rows"])


def _names(targets: list[str]) -> str:
    return ", ".join(f"`{target}`" for target in targets)


def markdown(record: Record) -> str:
    """The Markdown report: machine, per size the costs and the tables of ratios, the targets."""
    machine = record["machine"]
    lines = [
        "# Benchmark: smc-kg against Oxigraph's server and Virtuoso",
        "",
        "<!-- generated by `python -m bench` (make bench); do not edit -->",
        "",
        f"Run on {record['date']} on {machine['cpu']} ({machine['cores']} cores, "
        f"{machine['memory_gib']:.0f} GiB), {machine['os']}; {machine['versions']}.",
        "",
        "The three servers hold the same dump: ours (`smc-kg serve`, granian, queries in supervised "
        "worker processes), Oxigraph's own server (`oxigraph serve`, in memory) and Virtuoso. "
        "Ratios are ours / theirs in requests per second at "
        f"c{JUDGED_CONCURRENCY} (concurrent connections). *uncached* is our own route "
        "(`/api/queries/<name>`, `/api/lookup`) sent with `Cache-Control: no-cache`; *cached* is the "
        "same answered from the per-build cache; */sparql* is the same SPARQL text at our `/sparql` "
        "(never cached), the text Oxigraph's server and Virtuoso are asked. *Fresh* runs are at "
        f"c{FRESH_CONCURRENCY} and append a comment of its own to every request, so each text is new "
        "to the server; they give the median latency (p50). The servers are measured one after the "
        f"other for each query, the order reversed each round ({record['settings'].get('repeats', 1)} "
        "round(s); with more, each figure is the median of its rounds); runs of "
        f"{record['settings']['seconds']:g} s or more. *in-process* is the query run as a worker runs it, "
        "without HTTP or processes.",
        "",
        f"Reproduce: `make bench` or `python -m bench --sizes {','.join(record['settings']['sizes'])}`.",
        "",
        "![Requests per second of each canned query on each server](throughput.png)",
        "",
    ]
    for size in record["sizes"]:
        lines += _size_section(size)
    lines += ["## Targets", "", "| target | holds | measured |", "|---|---|---|"]
    lines += [f"| {name} | {'yes' if holds else '**no**'} | {detail} |" for name, holds, detail in verdicts(record)]
    if record.get("notes"):
        lines += ["", record["notes"].strip()]
    return "\n".join(lines) + "\n"


def _size_section(size: Record) -> list[str]:
    ours, oxigraph, virtuoso = size["ours"], size.get("oxigraph", {}), size["virtuoso"]
    head = ["query", f"fresh p50 ours / Oxigraph c{FRESH_CONCURRENCY}", "/sparql ÷ Oxigraph",
            "cached ÷ Oxigraph", "uncached ÷ Virtuoso", "rps uncached / cached / /sparql",
            "rps Oxigraph / Virtuoso", "p50/p99 /sparql", "in-process p50", "rows ours / Oxigraph / Virtuoso"]
    others = ["target", "ours rps", "Oxigraph rps", "Virtuoso rps", "÷ Oxigraph", "÷ Virtuoso",
              f"fresh p50 ours / Oxigraph c{FRESH_CONCURRENCY}", "p50/p99 ours"]
    return [
        f"## {size['size']}: {size['triples']:,} triples ({size['cities']:,} assessed cities)",
        "",
        f"Build {size['build_seconds']:.1f} s. Ours: load {ours['load_seconds']:.1f} s "
        f"(restart on the same store {ours['reuse_seconds']:.2f} s), load peak "
        f"{_gib(ours['load_peak_rss_bytes'])}, store {_mib(ours['store_bytes'])}, serving peak "
        f"{_gib(ours['serve_peak_rss_bytes'])} (all processes). Oxigraph's server: load "
        f"{oxigraph.get('load_seconds', float('nan')):.1f} s, peak {_gib(oxigraph.get('peak_rss_bytes', 0))}. "
        f"Virtuoso: load {virtuoso['load_seconds']:.1f} s, peak {_gib(virtuoso['peak_rss_bytes'])}, "
        f"database {_mib(virtuoso['store_bytes'])}. Machine load average (5 min) at the end: "
        f"{size.get('load_average', float('nan')):.1f}.",
        "",
        *_table(head, [_canned_row(size, target) for target in targets_of(size, CANNED)]),
        "",
        *_table(others, [_other_row(size, target) for target in targets_of(size, LOOKUP, CONSTRUCT, CEILING)]),
        "",
        *_failures(size),
    ]


def _failures(size: Record) -> list[str]:
    """A paragraph naming the runs that had failed requests (not counted in their throughput)."""
    failed = [f"`{run['target']}` {run['server']} {run['errors']:,} of {run['requests']:,}"
              for run in size["runs"] if run["errors"]]
    if not failed:
        return []
    return ["Runs with failed requests (an HTTP error or a broken connection; not counted in the "
            "requests per second): " + "; ".join(failed) + ".", ""]


def _table(head: list[str], rows: Iterable[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head), *("| " + " | ".join(row) + " |" for row in rows)]


def _canned_row(size: Record, target: str) -> list[str]:
    latency = size["inprocess"].get(target)

    def rps(server: str) -> str:
        return _rps(throughput(size, target, server))

    return [
        f"`{target}`", _fresh(size, target),
        _x(ratio(size, target, OURS_SPARQL, OXIGRAPH)), _x(ratio(size, target, OURS_CACHED, OXIGRAPH)),
        _x(ratio(size, target, OURS, VIRTUOSO)),
        f"{rps(OURS)} / {rps(OURS_CACHED)} / {rps(OURS_SPARQL)}", f"{rps(OXIGRAPH)} / {rps(VIRTUOSO)}",
        _latency(run_of(size, target, OURS_SPARQL)),
        f"{latency['p50_ms']:.2f} ms" if latency and latency["runs"] else "-",
        " / ".join(_count(run_of(size, target, server)) for server in (OURS, OXIGRAPH, VIRTUOSO)),
    ]


def _other_row(size: Record, target: str) -> list[str]:
    kind = next(run["kind"] for run in size["runs"] if run["target"] == target)
    ours = own_server(kind)
    return [
        f"`{target}`", _rps(throughput(size, target, ours)), _rps(throughput(size, target, OXIGRAPH)),
        _rps(throughput(size, target, VIRTUOSO)), _x(ratio(size, target, ours, OXIGRAPH)),
        _x(ratio(size, target, ours, VIRTUOSO)), _fresh(size, target), _latency(run_of(size, target, ours)),
    ]


def _fresh(size: Record, target: str) -> str:
    mine, other = run_of(size, target, OURS_FRESH), run_of(size, target, OXIGRAPH_FRESH)
    if mine is None or other is None:
        return "-"
    return f"{_p50(mine)} / {_p50(other)} ms"


def _p50(run: Record) -> str:
    return f"{run['p50_ms']:.1f}" if _answered(run) else "-"


def geometric_mean(values: Iterable[float | None]) -> float | None:
    """The geometric mean of the values that exist."""
    present = [value for value in values if value]
    return statistics.geometric_mean(present) if present else None


def _x(value: float | None) -> str:
    return f"{value:.2f}x" if value is not None else "n/a"


def _rps(value: float | None) -> str:
    return f"{value:,.0f}" if value and value >= 10 else (f"{value:.2f}" if value else "-")


def _latency(run: Record | None) -> str:
    if run is None or run["status"] != 200:
        return "-"
    return f"{run['p50_ms']:.1f} / {run['p99_ms']:.1f}"


def _count(run: Record | None) -> str:
    return str(run["rows"]) if run and run["rows"] is not None else "-"


def _gib(value: int) -> str:
    return f"{value / 2**30:.2f} GiB"


def _mib(value: int) -> str:
    return f"{value / 2**20:.0f} MiB"
