"""Tests of smckg.reports.outline: the sections of Deloitte's report and the UN DESA note."""

from __future__ import annotations

from pathlib import Path

import pytest

from smckg.errors import ReportError
from smckg.reports.outline import OTHER_FILES, outline, read_other

DELOITTE = {"1": "Smart cities today", "2": "Super smart cities in the future",
            "3": "China super smart cities index", "4": "Building a super smart city",
            "5": "Seven key lessons", "6": "Evaluation index system",
            **{f"5.{n}": f"lesson {n}" for n in range(1, 8)}}


def test_deloitte_chapters_and_lessons(reports_dir: Path) -> None:
    text = read_other(reports_dir / OTHER_FILES["deloitte-2017"], "deloitte-2017")
    parts = {part.number: part for part in outline(text, DELOITTE)}
    assert parts["3"].line_start == 451 and parts["5.3"].line_start == 994
    assert parts["5"].line_end < parts["5.1"].line_start
    assert text.line(parts["5.7"].line_start).text == "# 7"
    assert parts["6"].line_end < 1289  # the contacts are back matter


def test_undesa_headings(reports_dir: Path) -> None:
    text = read_other(reports_dir / OTHER_FILES["undesa-2021"], "undesa-2021")
    titles = {"0": "", "background": "Background", "objectives": "Objectives", "format": "Format",
              "targeted-audience": "Targeted Audience", "expected-results": "Expected Results",
              "proposed-agenda": "Proposed Agenda", "closing-remarks": "Closing Remarks"}
    parts = outline(text, titles)
    assert [p.number for p in parts] == list(titles)
    assert parts[1].line_start == 23


def test_an_unlisted_heading_is_refused(reports_dir: Path) -> None:
    text = read_other(reports_dir / OTHER_FILES["undesa-2021"], "undesa-2021")
    with pytest.raises(ReportError, match="not listed"):
        outline(text, {"0": "", "background": "Background"})
