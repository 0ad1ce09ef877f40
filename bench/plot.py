"""The plot of throughput against graph size (PNG, matplotlib from the ``bench`` extra).

Left: the geometric mean over the canned queries of ours uncached, ours cached and
Virtuoso, with the ceiling (``/livez``); right: the assessment queries one by one.  All at
the judged concurrency.  Without matplotlib no plot is written (and the caller says so).
"""

from __future__ import annotations

from pathlib import Path

from bench.report import JUDGED_CONCURRENCY, Record, geometric_mean, targets_of, throughput
from bench.runs import OURS, OURS_CACHED, VIRTUOSO
from bench.targets import CANNED

SERIES = ((OURS, "ours (uncached)", "tab:blue"), (OURS_CACHED, "ours (cached)", "tab:green"),
          (VIRTUOSO, "Virtuoso", "tab:red"))


def write_plot(record: Record, path: Path) -> bool:
    """Write the PNG; False when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot
    except ImportError:
        return False
    sizes = sorted(record["sizes"], key=lambda size: size["triples"])
    triples = [size["triples"] for size in sizes]
    figure, (overall, assessments) = pyplot.subplots(1, 2, figsize=(12, 4.8), sharey=True)
    for server, label, colour in SERIES:
        means = [geometric_mean(throughput(size, target, server, JUDGED_CONCURRENCY)
                                for target in targets_of(size, CANNED)) for size in sizes]
        overall.plot(triples, means, marker="o", label=label, color=colour)
    ceilings = [throughput(size, "livez", OURS, JUDGED_CONCURRENCY) for size in sizes]
    overall.plot(triples, ceilings, linestyle=":", color="grey", label="ceiling (/livez)")
    names = [t for t in targets_of(sizes[-1], CANNED) if t.startswith("assessment-")]
    for index, name in enumerate(names):
        for server, label, colour in SERIES[::2]:
            values = [throughput(size, name, server, JUDGED_CONCURRENCY) for size in sizes]
            assessments.plot(triples, values, marker="os^"[index % 3], color=colour,
                             label=f"{name} - {label}", alpha=0.8)
    overall.set_title(f"canned queries (geometric mean), c{JUDGED_CONCURRENCY}")
    assessments.set_title(f"assessment queries, c{JUDGED_CONCURRENCY}")
    for axes in (overall, assessments):
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlabel("triples")
        axes.grid(True, which="both", alpha=0.3)
        axes.legend(fontsize=7)
    overall.set_ylabel("requests per second")
    figure.suptitle(f"smc-kg against Virtuoso, {record['date']}, {record['machine']['cpu']}")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    pyplot.close(figure)
    return True
