"""The plot of each canned query's throughput on each server (PNG, matplotlib from the ``bench`` extra).

One panel per size: a row per canned query, a dot per server (ours uncached, cached and at
``/sparql``, Oxigraph's server, Virtuoso), requests per second at the judged concurrency
on a log scale.  Without matplotlib no plot is written (and the caller says so).
"""

from __future__ import annotations

from pathlib import Path

from bench.report import Record, targets_of, throughput
from bench.runs import JUDGED_CONCURRENCY, OURS, OURS_CACHED, OURS_SPARQL, OXIGRAPH, VIRTUOSO
from bench.targets import CANNED

SERIES = ((OURS_CACHED, "ours (cached)", "tab:green", "D"), (OURS, "ours (uncached)", "tab:blue", "o"),
          (OURS_SPARQL, "ours (/sparql)", "tab:cyan", "s"), (OXIGRAPH, "Oxigraph's server", "tab:orange", "^"),
          (VIRTUOSO, "Virtuoso", "tab:red", "v"))


def write_plot(record: Record, path: Path) -> bool:
    """Write the PNG; False when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot
    except ImportError:
        return False
    sizes = record["sizes"]
    rows = max((len(targets_of(size, CANNED)) for size in sizes), default=1)
    figure, panels = pyplot.subplots(1, max(len(sizes), 1), figsize=(6 * max(len(sizes), 1), 1.5 + 0.25 * rows),
                                     squeeze=False)
    for size, axes in zip(sizes, panels[0], strict=False):
        names = targets_of(size, CANNED)
        for server, label, colour, marker in SERIES:
            values = [throughput(size, name, server) or float("nan") for name in names]
            axes.scatter(values, range(len(names)), label=label, color=colour, marker=marker, s=18)
        axes.set_yticks(range(len(names)), names, fontsize=7)
        axes.invert_yaxis()
        axes.set_xscale("log")
        axes.set_xlabel(f"requests per second, c{JUDGED_CONCURRENCY}")
        axes.set_title(f"{size['size']}: {size['triples']:,} triples", fontsize=9)
        axes.grid(True, which="both", axis="x", alpha=0.3)
        axes.legend(fontsize=7, loc="lower right")
    figure.suptitle(f"smc-kg, Oxigraph's server and Virtuoso, {record['date']}, {record['machine']['cpu']}",
                    fontsize=9)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    pyplot.close(figure)
    return True
