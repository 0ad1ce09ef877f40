"""Fixtures of the robustness suite and the printing of its figures at the end of every run.

The short form is ``pytest -m "not slow" tests/robustness`` (part of ``make test``), the full
form runs the tests marked ``slow`` too; ``TALLY.form`` tells the tests which one runs, so
they can scale their example counts (``tally.scaled``).  The figures collected in :data:`tally.TALLY` are
printed by ``pytest_terminal_summary``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from launch import children
from listeners import Recorder
from loadgen import ordinary_query_answered
from slowbuilds import Background, hostile_records, small_disk, start_build
from tally import TALLY

#: Room left on the small disk beyond the copy of the last good build: less than a new build needs.
SPARE_BYTES = 400_000

CRASH_MARKS = ("WORKER TIMEOUT", "Worker exiting", "unhandled error", "Traceback")


def pytest_configure(config: pytest.Config) -> None:
    """Tell the tests which form runs: short when slow tests are deselected."""
    TALLY.form = "short" if "not slow" in (config.option.markexpr or "") else "full"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the figures of the run, when robustness tests ran."""
    if TALLY.empty():
        return
    terminalreporter.section("robustness figures")
    for line in TALLY.lines():
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def outbound() -> Iterator[Recorder]:
    """The loopback listener every SSRF attempt points at; it must never see a connection."""
    recorder = Recorder()
    yield recorder
    TALLY.outbound = len(recorder.connections)
    recorder.close()


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Background]:
    """The KG with markup in its labels, being built from a changed copy of the records."""
    folder = tmp_path_factory.mktemp("hostile")
    records = hostile_records(folder / "records")
    build = start_build(["--records", str(records)], folder / "dist", folder / "build.log")
    yield build
    build.stop()


@pytest.fixture(scope="session")
def full_disk_build(built: Path, reports_dir: Path, tmp_path_factory: pytest.TempPathFactory
                    ) -> Iterator[Background]:
    """A build onto a disk holding a copy of the last good build and too little room for another."""
    sizes = [path.stat().st_size for path in built.iterdir()]
    disk = tmp_path_factory.mktemp("full-disk") / "disk"
    with small_disk(disk, sum(sizes) + SPARE_BYTES, max(sizes)) as options:
        shutil.copytree(built, disk / "dist")
        build = start_build(["--reports", str(reports_dir)], disk / "dist", disk.parent / "build.log",
                            **options)
        yield build
        build.stop()


SLOW_BUILDS = ("hostile_build", "full_disk_build")


@pytest.fixture(scope="session", autouse=True)
def _slow_builds_start_first(request: pytest.FixtureRequest) -> None:
    """Start the whole builds the selected tests need at once, so they run alongside the others."""
    wanted = {name for item in request.session.items for name in item.fixturenames if name in SLOW_BUILDS}
    for name in sorted(wanted):
        request.getfixturevalue(name)


@pytest.fixture(scope="module")
def watched(live_server_process) -> Iterator[str]:  # noqa: ANN001 - tests/conftest.py's LiveServer
    """The session's live server, watched: its worker processes and log must show no crash."""
    master = live_server_process.process
    workers = children(master.pid)
    marks = _crash_marks(live_server_process.log)
    yield live_server_process.url
    problems = []
    if master.poll() is not None:
        problems.append(f"the live server exited with {master.returncode}")
    elif children(master.pid) != workers:
        problems.append(f"a web process of the live server was replaced: {workers} -> "
                        f"{children(master.pid)}")
    if _crash_marks(live_server_process.log) > marks:
        problems.append("crash or traceback lines in the live server's log")
    if master.poll() is None and not ordinary_query_answered(live_server_process.url):
        problems.append("the live server stopped answering ordinary queries")
    TALLY.crashes.extend(problems)
    assert not problems, problems


def _crash_marks(log: Path) -> int:
    text = log.read_text(encoding="utf-8", errors="replace")
    return sum(text.count(mark) for mark in CRASH_MARKS)
