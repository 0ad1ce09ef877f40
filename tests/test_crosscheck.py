"""Tests of smckg.crosscheck: records that disagree with the report texts fail with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from smckg.crosscheck import check_reports
from smckg.errors import CrossCheckError
from smckg.records import load_records


def _edit(path: Path, anchor: str, old: str, new: str) -> None:
    """Replace the first ``old`` after ``anchor`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    start = text.index(anchor)
    tail = text[start:]
    assert old in tail
    path.write_text(text[:start] + tail.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def test_the_curated_records_agree_with_the_reports(reports_dir: Path) -> None:
    evidence = check_reports(load_records(), reports_dir)
    sources = {"en", "zh", "deloitte-2017", "undesa-2021"}
    assert {lang for lang in evidence.inputs if evidence.inputs[lang]} == sources
    assert {span.lang for span in evidence.spans} == sources


def test_a_wrong_phase_span_names_the_case_heading(records_copy: Path, reports_dir: Path) -> None:
    _edit(records_copy / "cases.yaml", "slug: kaifeng-future-city", "to_phase: 2", "to_phase: 3")
    with pytest.raises(CrossCheckError) as caught:
        check_reports(load_records(records_copy), reports_dir)
    zh = reports_dir / "wef-smc-2022.zh.txt"
    assert caught.value.where == f"{zh}:{_line_of(zh, '开封未来城市一期')}"
    assert "kaifeng-future-city" in caught.value.en and "(1, 2)" in caught.value.en


def test_a_wrong_score_names_the_table_row(records_copy: Path, reports_dir: Path) -> None:
    path = records_copy / "challenges.tsv"
    path.write_text(path.read_text(encoding="utf-8").replace("\t3.93\t", "\t3.95\t", 1), encoding="utf-8")
    with pytest.raises(CrossCheckError) as caught:
        check_reports(load_records(records_copy), reports_dir)
    zh = reports_dir / "wef-smc-2022.zh.txt"
    assert caught.value.where == f"{zh}:{_line_of(zh, '3.93')}"
    assert "mean" in caught.value.en and "3.93" in caught.value.zh


def test_a_wrong_role_names_chapter_four(records_copy: Path, reports_dir: Path) -> None:
    _edit(records_copy / "stakeholders.yaml", "slug: citizens", "core:\n", "core:\n    - governance\n")
    with pytest.raises(CrossCheckError) as caught:
        check_reports(load_records(records_copy), reports_dir)
    assert "core areas of 'citizens'" in caught.value.en
    assert caught.value.where.startswith(str(reports_dir))


def test_a_citation_of_a_missing_section_is_refused(records_copy: Path, reports_dir: Path) -> None:
    path = records_copy / "drivers.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('en: "1.1"', 'en: "1.9"', 1), encoding="utf-8")
    with pytest.raises(CrossCheckError) as caught:
        check_reports(load_records(records_copy), reports_dir)
    assert "section 1.9" in caught.value.en and str(path) in caught.value.where
