"""Passages for sections and tables of an (invented) report."""

from __future__ import annotations

from pathlib import Path

import pytest

from smckg.errors import ReportError
from smckg.reports.passages import passage_for
from smckg.reports.reading import ReportText, read_report

FIXTURES = Path(__file__).parent / "fixtures" / "reports"


@pytest.fixture(scope="module")
def mini_zh() -> ReportText:
    return read_report(FIXTURES / "mini.zh.txt", "zh")


def test_section_passage_is_repaired_and_located(mini_zh: ReportText) -> None:
    passage = passage_for(mini_zh, "1.1")
    assert passage.title == "渡船时刻" and passage.lang == "zh"
    assert passage.text.startswith("早班渡船四十分钟到达对岸小岛，晚班船会等候从镇上")
    assert "来源" not in passage.text
    assert mini_zh.line(passage.line_start).raw == "1.1 渡船时刻"
    assert passage.line_start < passage.line_end


def test_appendix_and_front_matter(mini_zh: ReportText) -> None:
    assert passage_for(mini_zh, "appendix").text == "问卷共收回三十份。"
    assert "盐湖村" in passage_for(mini_zh, "0").text


def test_table_passage(mini_zh: ReportText) -> None:
    passage = passage_for(mini_zh, "table-1")
    assert passage.text.splitlines() == ["灯笼数量", "灯笼种类 | 数量 | 排名", "红灯笼 | 12 | 1",
                                         "白灯笼 | 7 | 2"]
    assert passage.source == "table-1"


def test_unknown_section_is_an_error(mini_zh: ReportText) -> None:
    with pytest.raises(ReportError, match="9.9"):
        passage_for(mini_zh, "9.9")
