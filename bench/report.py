"""The benchmark's outputs: the JSON record, the Markdown table of ratios, the plot, the summary lines.

Everything is computed from the JSON record (``record["sizes"][i]["runs"]`` holds every
run), so the Markdown and the plot can be rebuilt from a saved record with
``python -m bench --report FILE.json``.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from typing import Any

from bench.runs import OURS, OURS_CACHED, VIRTUOSO
from bench.targets import CANNED, CEILING, LOOKUP

Record = dict[str, Any]
#: The concurrency the targets are judged at.
JUDGED_CONCURRENCY = 8
#: Sizes of at least this many triples are judged against the scale target.
SCALE_TRIPLES = 900_000
CEILING_SHARE = 0.7
KG_RATIO, KG_P99_MS, SCALE_RATIO = 2.0, 10.0, 1.0
LOAD_SECONDS, LOAD_MEMORY_BYTES, LOAD_TRIPLES = 120.0, 4 * 2**30, 9_000_000


def throughput(size: Record, target: str, server: str, concurrency: int) -> float | None:
    """Requests per second (the median of repeated runs), None when not made or failed."""
    run = run_of(size, target, server, concurrency)
    return float(run["throughput"]) if run is not None and _answered(run) else None


def _answered(run: Record) -> bool:
    """Whether a run got answers: HTTP 200 and some requests per second."""
    return bool(run["status"] == 200 and run["throughput"] > 0)


def run_of(size: Record, target: str, server: str, concurrency: int) -> Record | None:
    """The run record, if it was made; for repeated runs, their medians (see ``median_run``)."""
    runs = [run for run in size["runs"]
            if (run["target"], run["server"], run["concurrency"]) == (target, server, concurrency)]
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
    for field in ("throughput", "p50_ms", "p99_ms", "ceiling"):
        values = [run[field] for run in runs if run.get(field) is not None]
        merged[field] = statistics.median(values) if values else None
    return merged


def ratio(size: Record, target: str, concurrency: int) -> float | None:
    """Ours (uncached) over Virtuoso's throughput."""
    ours = throughput(size, target, OURS, concurrency)
    theirs = throughput(size, target, VIRTUOSO, concurrency)
    return ours / theirs if ours and theirs else None


def ceiling_share(size: Record, target: str, concurrency: int) -> float | None:
    """Cached throughput as a share of ``/livez`` measured just before it (or in its own run)."""
    run = run_of(size, target, OURS_CACHED, concurrency)
    if run is None or not _answered(run):
        return None
    top = run.get("ceiling") or throughput(size, _ceiling_name(size), OURS, concurrency)
    return run["throughput"] / top if top else None


def _uncached_share(size: Record, target: str, concurrency: int) -> float | None:
    value = throughput(size, target, OURS, concurrency)
    top = throughput(size, _ceiling_name(size), OURS, concurrency)
    return value / top if value and top else None


def targets_of(size: Record, *kinds: str) -> list[str]:
    """Target names of the given kinds, in the order they were measured."""
    return list(dict.fromkeys(run["target"] for run in size["runs"] if run["kind"] in kinds))


def summary_lines(record: Record) -> Iterable[str]:
    """``ratio <query> <size> c<conc>: <ours/virtuoso>`` for every target with a twin."""
    for size in record["sizes"]:
        for target in targets_of(size, CANNED, LOOKUP, "construct"):
            for concurrency in record["settings"]["concurrency"]:
                value = ratio(size, target, concurrency)
                shown = f"{value:.2f}" if value is not None else "n/a"
                yield f"ratio {target} {size['size']} c{concurrency}: {shown}"


def verdicts(record: Record) -> list[tuple[str, bool, str]]:
    """(target, holds, detail) for each target of the issue that this record can judge."""
    found = []
    for size in record["sizes"]:
        found += _kg_verdicts(size) if size["cities"] == 0 else []
        found += _scale_verdicts(size) if size["triples"] >= SCALE_TRIPLES else []
        found += _ceiling_verdicts(size)
        found += _load_verdicts(size) if size["triples"] >= LOAD_TRIPLES else []
    return found


def _kg_verdicts(size: Record) -> list[tuple[str, bool, str]]:
    found = []
    for target in targets_of(size, CANNED):
        value = ratio(size, target, JUDGED_CONCURRENCY)
        run = run_of(size, target, OURS, JUDGED_CONCURRENCY)
        p99 = run["p99_ms"] if run else math.nan
        holds = value is not None and value >= KG_RATIO and p99 <= KG_P99_MS
        detail = f"{_x(value)}, p99 {p99:.1f} ms"
        if p99 > KG_P99_MS:
            detail += _latency_floor(size, target)
        if differ := _answers_differ(size, target):
            holds, detail = False, f"{detail}; {differ}"
        found.append((f"KG {target}: ≥ {KG_RATIO:g}x Virtuoso at c{JUDGED_CONCURRENCY}, p99 ≤ {KG_P99_MS:g} ms",
                      holds, detail))
    return found


def _answers_differ(size: Record, target: str) -> str | None:
    """Why the two servers' figures are not comparable, when their answers' row counts differ."""
    ours = run_of(size, target, OURS, JUDGED_CONCURRENCY)
    theirs = run_of(size, target, VIRTUOSO, JUDGED_CONCURRENCY)
    if ours is None or theirs is None or None in (ours["rows"], theirs["rows"]) or ours["rows"] == theirs["rows"]:
        return None
    return f"answers differ ({ours['rows']} rows against Virtuoso's {theirs['rows']}): not comparable"


def _latency_floor(size: Record, target: str) -> str:
    """Why a p99 is over the target: the mean latency the throughput allows, the ceiling's p99.

    With c clients each waiting for its answer before sending again, the mean latency is
    c / throughput (Little's law): below about 800 requests/s at c8 the mean alone is over
    10 ms, whatever the tail.
    """
    rps = throughput(size, target, OURS, JUDGED_CONCURRENCY)
    ceiling = run_of(size, _ceiling_name(size), OURS, JUDGED_CONCURRENCY)
    floor = f" (mean ≥ {1000 * JUDGED_CONCURRENCY / rps:.1f} ms at {rps:,.0f} rps" if rps else " ("
    return floor + (f"; /livez p99 {ceiling['p99_ms']:.1f} ms)" if ceiling else ")")


def _scale_verdicts(size: Record) -> list[tuple[str, bool, str]]:
    found = []
    for target in targets_of(size, CANNED):
        value = ratio(size, target, JUDGED_CONCURRENCY)
        holds, detail = value is not None and value >= SCALE_RATIO, _x(value)
        theirs = run_of(size, target, VIRTUOSO, JUDGED_CONCURRENCY)
        ours = throughput(size, target, OURS, JUDGED_CONCURRENCY)
        if value is None and ours and theirs is not None and theirs["status"] != 200:
            holds, detail = True, f"Virtuoso answered HTTP {theirs['status']}; ours {ours:,.0f} rps"
        if differ := _answers_differ(size, target):
            holds, detail = False, f"{detail}; {differ}"
        found.append((f"{size['size']} ({size['triples']:,} triples) {target}: ≥ 1x Virtuoso at "
                      f"c{JUDGED_CONCURRENCY}", holds, detail))
    return found


def _ceiling_verdicts(size: Record) -> list[tuple[str, bool, str]]:
    found = []
    for target in targets_of(size, CANNED, LOOKUP):
        share = ceiling_share(size, target, JUDGED_CONCURRENCY)
        found.append((f"{size['size']} {target} (cached): ≥ {CEILING_SHARE:.0%} of /livez at "
                      f"c{JUDGED_CONCURRENCY}", share is not None and share >= CEILING_SHARE, _pct(share)))
    return found


def _load_verdicts(size: Record) -> list[tuple[str, bool, str]]:
    ours = size["ours"]
    holds = ours["load_seconds"] < LOAD_SECONDS and ours["load_peak_rss_bytes"] < LOAD_MEMORY_BYTES
    detail = f"{ours['load_seconds']:.0f} s, peak {ours['load_peak_rss_bytes'] / 2**30:.2f} GiB"
    return [(f"{size['size']} ({size['triples']:,} triples): load < 2 min, peak memory < 4 GB", holds, detail)]


def _repeats_note(settings: Record) -> str:
    """What the figures at repeated concurrencies are (empty when nothing was repeated)."""
    repeats, levels = settings.get("repeats", 1), settings.get("repeated_concurrency", [])
    if repeats <= 1 or not levels:
        return ""
    shown = ", ".join(f"c{level}" for level in levels)
    return (f" At {shown} each target was run in {repeats} rounds on both servers, the order "
            "swapped each round; every figure shown there (throughput, p50, p99, share of "
            "the ceiling) is the median of its rounds, and every run is in the JSON record.")


def markdown(record: Record) -> str:
    """The Markdown report: machine, per size the costs and the table of ratios, the verdicts."""
    machine = record["machine"]
    lines = [
        "# Benchmark: smc-kg against Virtuoso",
        "",
        "<!-- generated by `python -m bench` (make bench); do not edit -->",
        "",
        f"Run on {record['date']} on {machine['cpu']} ({machine['cores']} cores, "
        f"{machine['memory_gib']:.0f} GiB), {machine['os']}; {machine['versions']}.",
        "",
        "Ratios are ours / Virtuoso in requests per second, ours uncached (`Cache-Control: "
        "no-cache`); *cached* is the canned query (or lookup) answered from the per-build cache, "
        "as a share of the trivial endpoint `/livez` of the same server at the same concurrency, "
        "measured just before it. Latencies in milliseconds; c = concurrent connections; "
        "*in-process* is the query run as a worker runs it, without HTTP. Uncached queries "
        "that a query worker has answered within 10 ms are then run in the web process "
        "itself (`smckg.server.inline`) and answered before Flask sees the request, as are cache "
        "hits and `/livez` (`smckg.server.fast_lane`); on a kept-alive connection the gunicorn "
        "worker's event loop answers these itself, with no thread (`smckg.server.loop_lane`); "
        "slower queries stay in the supervised workers. Before its "
        f"runs, each query is loaded on both servers for {record['settings'].get('warmup_seconds', 0):g} s "
        "(warm-up, not counted), and each run starts once the machine's CPUs are at least 85 % idle "
        "(at most 30 s of waiting), so that neither server is measured while the other finishes "
        "the queries of its previous run." + _repeats_note(record["settings"]),
        "",
        f"Reproduce: `make bench` or `python -m bench --sizes {','.join(record['settings']['sizes'])}`.",
        "",
        "![Requests per second of each canned query against graph size, ours and Virtuoso's]"
        "(throughput.png)",
        "",
    ]
    for size in record["sizes"]:
        lines += _size_section(record, size)
    lines += ["## Targets", "", "| target | holds | measured |", "|---|---|---|"]
    lines += [f"| {name} | {'yes' if holds else '**no**'} | {detail} |"
              for name, holds, detail in verdicts(record)]
    return "\n".join(lines) + "\n"


def _size_section(record: Record, size: Record) -> list[str]:
    ours, theirs = size["ours"], size["virtuoso"]
    concurrency = record["settings"]["concurrency"]
    head = ["query"] + [f"ratio c{c}" for c in concurrency] + [
        f"ours rps c{JUDGED_CONCURRENCY}", f"Virtuoso rps c{JUDGED_CONCURRENCY}",
        f"ours p50/p99 c{JUDGED_CONCURRENCY}", f"Virtuoso p50/p99 c{JUDGED_CONCURRENCY}",
        f"ours c{JUDGED_CONCURRENCY} / ceiling", f"cached c{JUDGED_CONCURRENCY} / ceiling",
        "in-process p50/p99", "rows ours/Virtuoso"]
    lines = [
        f"## {size['size']}: {size['triples']:,} triples ({size['cities']:,} assessed cities)",
        "",
        f"Build {size['build_seconds']:.1f} s. Ours: load {ours['load_seconds']:.1f} s "
        f"(restart on the same store {ours['reuse_seconds']:.2f} s), load peak "
        f"{_gib(ours['load_peak_rss_bytes'])}, store {_mib(ours['store_bytes'])}, serving peak "
        f"{_gib(ours['serve_peak_rss_bytes'])} (all processes). Virtuoso: load "
        f"{theirs['load_seconds']:.1f} s, peak {_gib(theirs['peak_rss_bytes'])}, database "
        f"{_mib(theirs['store_bytes'])}. Machine load average (5 min) at the end: "
        f"{size.get('load_average', float('nan')):.1f}. Ceiling (`/livez`): "
        + ", ".join(f"c{c} {_rps(throughput(size, _ceiling_name(size), OURS, c))}" for c in concurrency)
        + " requests/s.",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for target in targets_of(size, CANNED, LOOKUP, "construct"):
        lines.append("| " + " | ".join(_row(size, target, concurrency)) + " |")
    return lines + [""]


def _row(size: Record, target: str, concurrency: list[int]) -> list[str]:
    ours = run_of(size, target, OURS, JUDGED_CONCURRENCY)
    theirs = run_of(size, target, VIRTUOSO, JUDGED_CONCURRENCY)
    latency = size["inprocess"].get(target)
    return [
        f"`{target}`",
        *(_x(ratio(size, target, c)) for c in concurrency),
        _rps(throughput(size, target, OURS, JUDGED_CONCURRENCY)),
        _rps(throughput(size, target, VIRTUOSO, JUDGED_CONCURRENCY)),
        _latency(ours), _latency(theirs),
        _pct(_uncached_share(size, target, JUDGED_CONCURRENCY)),
        _pct(ceiling_share(size, target, JUDGED_CONCURRENCY)),
        f"{latency['p50_ms']:.2f} / {latency['p99_ms']:.2f}" if latency and latency["runs"] else "-",
        f"{_count(ours)} / {_count(theirs)}",
    ]


def geometric_mean(values: Iterable[float | None]) -> float | None:
    """The geometric mean of the values that exist."""
    present = [value for value in values if value]
    return statistics.geometric_mean(present) if present else None


def _ceiling_name(size: Record) -> str:
    return next((t for t in targets_of(size, CEILING)), "livez")


def _x(value: float | None) -> str:
    return f"{value:.2f}x" if value is not None else "n/a"


def _pct(value: float | None) -> str:
    return f"{value:.0%}" if value is not None else "-"


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
