"""Fixtures of the robustness suite and the printing of its figures at the end of every run.

The short form is ``pytest -m "not slow" tests/robustness`` (part of ``make test``), the full
form runs the tests marked ``slow`` too; ``TALLY.form`` tells the tests which one runs, so
they can scale their example counts (``tally.scaled``).  The figures collected in :data:`tally.TALLY` are
printed by ``pytest_terminal_summary``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from launch import children
from listeners import Recorder
from loadgen import ordinary_query_answered
from tally import TALLY

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
        problems.append(f"a gunicorn worker of the live server was replaced: {workers} -> "
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
