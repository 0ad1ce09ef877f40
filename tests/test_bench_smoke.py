"""``python -m bench --smoke`` end to end: both servers started, every output written.

No timing is asserted: only that the pipeline runs, that both servers answered every
measured request (canned queries with the same number of rows), and that the outputs say so.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from smckg.paths import PROJECT_ROOT
from smckg.virtuoso import missing_commands

#: 50 to 80 s on the 2-core machine (the KG build alone takes 8 to 20 s): not well under the
#: two minutes `make test` allows a test, so it is kept for `pytest -m slow` and `make bench-smoke`.
pytestmark = [pytest.mark.virtuoso, pytest.mark.slow]
SMOKE_SECONDS = 110


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    if missing_commands():
        pytest.fail(f"Virtuoso is not installed ({missing_commands()}): run scripts/install-system-deps.sh")
    folder = tmp_path_factory.mktemp("bench")
    command = [sys.executable, "-m", "bench", "--smoke", "--results", str(folder), "--work", str(folder / "work")]
    done = subprocess.run(command,
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=SMOKE_SECONDS)
    assert done.returncode == 0, done.stderr[-3000:]
    return folder, done.stdout


def test_every_output_is_written(results: tuple[Path, str]) -> None:
    folder, _ = results
    (record_file,) = folder.glob("*.json")
    record = json.loads(record_file.read_text())
    assert [size["size"] for size in record["sizes"]] == ["kg", "1k"]
    assert (folder / "latest.md").read_text().startswith("# Benchmark")
    if _has_matplotlib():
        assert (folder / "throughput.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_both_servers_answered_alike(results: tuple[Path, str]) -> None:
    folder, _ = results
    record = json.loads(next(folder.glob("*.json")).read_text())
    for size in record["sizes"]:
        runs = {(run["target"], run["server"], run["concurrency"]): run for run in size["runs"]}
        assert runs and all(run["status"] == 200 and run["requests"] > 0 for run in runs.values())
        for (target, server, concurrency), run in runs.items():
            if server == "virtuoso" and run["kind"] == "canned":
                assert runs[target, "ours", concurrency]["rows"] == run["rows"], (size["size"], target)
        assert size["ours"]["store_bytes"] > 0 and size["virtuoso"]["store_bytes"] > 0


def test_the_judged_concurrency_is_run_in_rounds_and_reported_once(results: tuple[Path, str]) -> None:
    folder, _ = results
    record = json.loads(next(folder.glob("*.json")).read_text())
    repeats = record["settings"]["repeats"]
    assert repeats == 2 and record["settings"]["repeated_concurrency"] == [8]
    for size in record["sizes"]:
        counts = Counter((run["target"], run["server"], run["concurrency"]) for run in size["runs"])
        assert {count for (_, _, concurrency), count in counts.items() if concurrency == 8} == {repeats}
        assert {count for (_, _, concurrency), count in counts.items() if concurrency != 8} == {1}
    table_rows = [line for line in (folder / "latest.md").read_text().splitlines() if line.startswith("| `matrix` |")]
    assert len(table_rows) == len(record["sizes"])


def test_one_ratio_line_per_target_size_and_concurrency(results: tuple[Path, str]) -> None:
    folder, stdout = results
    record = json.loads(next(folder.glob("*.json")).read_text())
    lines = [line for line in stdout.splitlines() if line.startswith("ratio ")]
    twins = {run["target"] for size in record["sizes"] for run in size["runs"] if run["server"] == "virtuoso"}
    assert len(lines) == len(twins) * len(record["sizes"]) * len(record["settings"]["concurrency"])
    assert "ratio assessment-gap-per-area 1k c8: " in stdout


def _has_matplotlib() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True
