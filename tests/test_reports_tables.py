"""Numbered tables found by caption and read row by row (invented text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from smckg.errors import ReportError
from smckg.reports.reading import read_report
from smckg.reports.tables import table

FIXTURES = Path(__file__).parent / "fixtures" / "reports"


def test_table_rows_header_and_span() -> None:
    report = read_report(FIXTURES / "mini.zh.txt", "zh")
    found = table(report, 1)
    assert found.title == "灯笼数量"
    assert found.header == ("灯笼种类", "数量", "排名")
    assert [row.cells for row in found.rows] == [("红灯笼", "12", "1"), ("白灯笼", "7", "2")]
    assert report.line(found.line_start).raw.startswith("表 1")
    assert report.line(found.line_end).raw.startswith("来源")
    assert [report.line(row.line).raw.split("\t")[0] for row in found.rows] == ["红灯笼", "白灯笼"]


def test_repeated_header_after_a_page_break_is_skipped(tmp_path: Path) -> None:
    text = (FIXTURES / "mini.zh.txt").read_text(encoding="utf-8")
    path = tmp_path / "paged.zh.txt"
    paged = text.replace("白灯笼\t7\t2", "\n灯笼种类\t数量\t排名\n白灯笼\t7\t2")
    path.write_text(paged, encoding="utf-8")
    assert [row.cells[0] for row in table(read_report(path, "zh"), 1).rows] == ["红灯笼", "白灯笼"]


def test_missing_table_is_an_error() -> None:
    with pytest.raises(ReportError, match="table 9"):
        table(read_report(FIXTURES / "mini.zh.txt", "zh"), 9)
