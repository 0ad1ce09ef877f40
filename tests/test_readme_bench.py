"""The README shows the published bench run: its table, its plot, its date and machine."""

from __future__ import annotations

import json
import re

from smckg.paths import PROJECT_ROOT

BENCH = PROJECT_ROOT / "docs" / "bench"
README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def performance_section() -> str:
    """The README's Performance section, up to the next second-level heading."""
    start = README.index("\n## Performance")
    return README[start:README.index("\n## ", start + 1)]


def test_the_readme_links_the_published_report_and_plot() -> None:
    section = performance_section()
    assert "(docs/bench/latest.md)" in section and "(docs/bench/throughput.png)" in section
    assert (BENCH / "throughput.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_readme_table_is_that_of_the_published_record() -> None:
    """Each size of docs/bench/latest.json has its row, with its triples, in the README's table."""
    record = json.loads((BENCH / "latest.json").read_text(encoding="utf-8"))
    rows = [line for line in performance_section().splitlines() if line.startswith("| ")]
    for size in record["sizes"]:
        triples = f"{size['triples']:,}"
        assert any(f"| {triples} |" in row for row in rows), (size["size"], triples)


def test_the_readme_gives_the_run_s_date_and_machine() -> None:
    record = json.loads((BENCH / "latest.json").read_text(encoding="utf-8"))
    day = re.match(r"\d{4}-\d{2}-\d{2}", record["date"])
    assert day is not None
    section = performance_section()
    assert f"Latest runs: {day[0]}," in section
    assert record["machine"]["cpu"] in section and f"{record['machine']['cores']} cores" in section
