"""The README's summary and docs/performance.md show the published bench run: its table, its
plot, its date and machine; the README links the long story in docs/performance.md."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from smckg.paths import PROJECT_ROOT

BENCH = PROJECT_ROOT / "docs" / "bench"
README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
STORY = (PROJECT_ROOT / "docs" / "performance.md").read_text(encoding="utf-8")


def performance_section() -> str:
    """The README's Performance section, up to the next second-level heading."""
    start = README.index("\n## Performance")
    return README[start:README.index("\n## ", start + 1)]


def sections() -> list[tuple[str, str]]:
    """Each text that shows the run, with the folder its links start from."""
    return [(performance_section(), "docs/bench/"), (STORY, "bench/")]


def test_the_readme_links_the_published_report_and_plot() -> None:
    section = performance_section()
    assert "(docs/performance.md)" in section
    for text, prefix in sections():
        assert f"({prefix}latest.md)" in text and f"({prefix}throughput.png)" in text
    assert (BENCH / "throughput.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_readme_table_is_that_of_the_published_record() -> None:
    """Each size of docs/bench/latest.json has its row, with its triples, in the README's table."""
    record = json.loads((BENCH / "latest.json").read_text(encoding="utf-8"))
    for text, _ in sections():
        rows = [line for line in text.splitlines() if line.startswith("| ")]
        for size in record["sizes"]:
            triples = f"{size['triples']:,}"
            assert any(f"| {triples} |" in row for row in rows), (size["size"], triples)


def test_the_summary_figures_are_those_the_bench_computes(tmp_path: Path) -> None:
    """Each size's row carries the figures ``python -m bench --report`` prints for the published record."""
    shutil.copy(BENCH / "latest.json", tmp_path / "latest.json")
    done = subprocess.run([sys.executable, "-m", "bench", "--report", str(tmp_path / "latest.json")],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    printed = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert printed
    for line in printed:
        figures = line.split(" | ", 1)[1]  # from the triples on
        for text, _ in sections():
            assert any(row.endswith(figures) and row.startswith("| ") for row in text.splitlines()), figures


def test_the_readme_gives_the_run_s_date_and_machine() -> None:
    record = json.loads((BENCH / "latest.json").read_text(encoding="utf-8"))
    day = re.match(r"\d{4}-\d{2}-\d{2}", record["date"])
    assert day is not None
    for text, _ in sections():
        assert f"Latest runs: {day[0]}," in text
        assert record["machine"]["cpu"] in text and f"{record['machine']['cores']} cores" in text
