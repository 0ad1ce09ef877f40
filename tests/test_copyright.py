"""The repository holds facts from the reports, never their sentences (the shared overlap checker)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from smckg.paths import PROJECT_ROOT


def test_no_report_sentence_is_in_the_repository(reports_dir: Path) -> None:
    checker = PROJECT_ROOT.parent / "shared" / "tools" / "report_overlap.py"
    result = subprocess.run(
        [sys.executable, str(checker), "--reports", str(reports_dir), str(PROJECT_ROOT)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith("0 copied passages in 0 files")
