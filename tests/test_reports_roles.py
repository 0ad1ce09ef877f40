"""Stakeholder roles of chapter 4, read from invented texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from smckg.errors import ReportError
from smckg.reports.areas import area_slug
from smckg.reports.reading import read_report
from smckg.reports.roles import stakeholder_roles

FIXTURES = Path(__file__).parent / "fixtures" / "reports"


def _slugs(labels: tuple[str, ...]) -> list[str | None]:
    return [area_slug(label) for label in labels]


def test_english_core_and_auxiliary_areas() -> None:
    report = read_report(FIXTURES / "mini.en.txt", "en")
    (statement,) = stakeholder_roles(report)
    assert (statement.section, statement.stakeholder_slug) == ("4.1", "research-institutes")
    assert _slugs(statement.core_areas) == ["governance"]
    assert _slugs(statement.auxiliary_areas) == ["infrastructure", "industry-economy"]
    assert "key role" in report.line(statement.line).raw


def test_chinese_core_and_auxiliary_areas() -> None:
    report = read_report(FIXTURES / "mini.zh.txt", "zh")
    government = next(s for s in stakeholder_roles(report) if s.stakeholder == "政府")
    assert government.core_areas == ("治理与运行", "基础设施")
    assert _slugs(government.auxiliary_areas) == ["governmental-effectiveness"]


def test_stated_count_must_match_the_names(tmp_path: Path) -> None:
    text = (FIXTURES / "mini.en.txt").read_text(encoding="utf-8")
    path = tmp_path / "miscounted.en.txt"
    path.write_text(text.replace("role in two areas", "role in three areas"), encoding="utf-8")
    with pytest.raises(ReportError, match="says 3 areas but names 2") as caught:
        stakeholder_roles(read_report(path, "en"))
    assert "miscounted.en.txt:" in caught.value.where
