"""``smc-kg query``: a canned query by its name (as an installed package has no query files
at hand) or a ``.rq`` file by its path; an unknown name lists the known ones."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from smckg.paths import QUERIES_DIR


def smc_kg(*args: str) -> subprocess.CompletedProcess[str]:
    program = str(Path(sys.executable).with_name("smc-kg"))
    return subprocess.run([program, *args], capture_output=True, text=True, timeout=120, check=False)


def test_by_name_and_by_file_alike(built: Path) -> None:
    by_name = smc_kg("query", "phases", "--format", "csv", "--out", str(built))
    by_file = smc_kg("query", str(QUERIES_DIR / "phases.rq"), "--format", "csv", "--out", str(built))
    assert by_name.returncode == by_file.returncode == 0
    assert by_name.stdout == by_file.stdout and "阶段一" in by_name.stdout


def test_parameters_by_name(built: Path) -> None:
    done = smc_kg("query", "cases-by-transition", "-p", "from=https://w3id.org/smc-dt/id/phase/2",
                  "--out", str(built))
    assert done.returncode == 0 and "Kaifeng" not in done.stdout


def test_an_unknown_name(built: Path) -> None:
    done = smc_kg("query", "no-such-query", "--out", str(built))
    assert done.returncode != 0
    assert "no canned query named 'no-such-query'" in done.stderr and "cases-by-transition" in done.stderr
