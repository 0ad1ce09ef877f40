"""Reading report texts: decoding, normalisation, line numbers and every refusal path."""

from __future__ import annotations

from pathlib import Path

import pytest

from smckg.errors import ParameterError, ReportError
from smckg.reports.reading import match_key, normalise, read_report, tidy

FIXTURES = Path(__file__).parent / "fixtures" / "reports"


def test_lines_are_numbered_from_one_as_in_the_file() -> None:
    report = read_report(FIXTURES / "mini.en.txt", "en")
    raw_lines = (FIXTURES / "mini.en.txt").read_text(encoding="utf-8").splitlines()
    assert len(report.lines) == len(raw_lines)
    assert [line.number for line in report.lines] == list(range(1, len(raw_lines) + 1))
    assert report.line(1).raw == raw_lines[0]
    assert report.where(3).endswith("mini.en.txt:3")


def test_whitespace_only_lines_count_as_blank() -> None:
    report = read_report(FIXTURES / "mini.en.txt", "en")
    spaced = [line for line in report.lines if line.raw and not line.raw.strip()]
    assert spaced and all(line.blank for line in spaced)


def test_raw_keeps_full_width_punctuation_and_text_folds_it() -> None:
    report = read_report(FIXTURES / "mini.zh.txt", "zh")
    line = next(line for line in report.lines if "（阶段" in line.raw)
    assert "(阶段" in line.text and "（" not in line.text


@pytest.mark.parametrize(("given", "expected"), [
    ("３．５　治理", "3.5 治理"),
    ("a\u00a0\u00a0b\t c ", "a b c"),
    ("注释¹²", "注释¹²"),
])
def test_normalise(given: str, expected: str) -> None:
    assert normalise(given) == expected


def test_match_key_ignores_width_case_spaces_and_footnote_marks() -> None:
    assert match_key("发展保障（领导力 / 政策）") == match_key("发展保障(领导力/政策)")
    assert match_key("Ferry  Timetables³") == match_key("ferry timetables")


def test_tidy_keeps_the_characters() -> None:
    assert tidy("  甲（乙）  丙 ") == "甲（乙） 丙"


def test_missing_file_is_named() -> None:
    with pytest.raises(ReportError) as caught:
        read_report(FIXTURES / "absent.en.txt", "en")
    assert caught.value.where.endswith("absent.en.txt")
    assert caught.value.en and caught.value.zh


def test_bytes_that_are_not_utf8_are_located_by_line() -> None:
    with pytest.raises(ReportError) as caught:
        read_report(FIXTURES / "gbk.zh.txt", "zh")
    assert caught.value.where.endswith("gbk.zh.txt:3")
    assert "line 3" in caught.value.en and "第 3 行" in caught.value.zh


def test_blank_file_is_refused() -> None:
    with pytest.raises(ReportError, match="empty") as caught:
        read_report(FIXTURES / "blank.en.txt", "en")
    assert "blank.en.txt" in str(caught.value)


def test_text_cut_before_chapter_4_is_refused() -> None:
    with pytest.raises(ReportError, match="truncated") as caught:
        read_report(FIXTURES / "truncated.en.txt", "en")
    assert "truncated.en.txt" in str(caught.value)


def test_chinese_text_without_its_appendix_is_refused(tmp_path: Path) -> None:
    text = (FIXTURES / "mini.zh.txt").read_text(encoding="utf-8")
    cut = tmp_path / "cut.zh.txt"
    cut.write_text(text.split("\n问卷")[0].rsplit("\n附录", 1)[0], encoding="utf-8")
    with pytest.raises(ReportError, match="truncated"):
        read_report(cut, "zh")


def test_unknown_language_is_a_parameter_error() -> None:
    with pytest.raises(ParameterError):
        read_report(FIXTURES / "mini.en.txt", "fr")
