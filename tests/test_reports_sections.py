"""Sections found through the contents, repairs reported, and the two languages paired."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smckg.errors import ReportError
from smckg.paths import REPORT_FILES, default_reports_dir
from smckg.reports.reading import ReportText, match_key, read_report
from smckg.reports.sections import Section, align, quirks, sections

FIXTURES = Path(__file__).parent / "fixtures" / "reports"
TOC_NUMBER = re.compile(r"^\d+\t(\d+(?:\.\d+)?)\.?\s")


def _real(lang: str) -> ReportText:
    path = default_reports_dir() / REPORT_FILES[lang]
    if not path.is_file():
        pytest.skip(f"report text {path} is absent (set SMCKG_REPORTS to its folder)")
    return read_report(path, lang)


@pytest.fixture(scope="module")
def en() -> ReportText:
    return _real("en")


@pytest.fixture(scope="module")
def zh() -> ReportText:
    return _real("zh")


def _by_number(found: list[Section]) -> dict[str, Section]:
    return {section.number: section for section in found}


def _contents_numbers(report: ReportText) -> list[str]:
    return [m.group(1) for line in report.lines if (m := TOC_NUMBER.match(line.raw))]


# --- invented texts ----------------------------------------------------------------------

def test_every_heading_shape_is_found_in_the_invented_text() -> None:
    report = read_report(FIXTURES / "mini.en.txt", "en")
    found = sections(report)
    assert [s.number for s in found] == ["0", "1", "1.1", "1.2", "2", "2.1", "3", "3.1", "4", "4.1"]
    shapes = {q.kind: q.note for q in quirks(report) if q.kind.startswith("heading-")}
    assert shapes == {"heading-without-number": "Harbour life",
                      "heading-number-after-title": "Net mending",
                      "heading-split": "Lantern festival"}


def test_split_heading_starts_at_its_number_line() -> None:
    report = read_report(FIXTURES / "mini.en.txt", "en")
    chapter = _by_number(sections(report))["2"]
    assert report.line(chapter.line_start).text == "2"
    assert "Lantern festival" not in chapter.text


def test_sections_end_before_back_matter_and_skip_blank_tails() -> None:
    report = read_report(FIXTURES / "mini.en.txt", "en")
    last = sections(report)[-1]
    assert "Names would be listed" not in last.text
    assert not report.line(last.line_end).blank


def test_section_text_is_repaired() -> None:
    report = read_report(FIXTURES / "mini.en.txt", "en")
    body = _by_number(sections(report))["1.1"].text
    assert "evening boat waits" in body
    assert "Source:" not in body and "\n7\n" not in body
    assert body.endswith("FIGURE 1 | Ferry routes across the bay")


def test_chinese_subparts_become_pseudo_sections() -> None:
    report = read_report(FIXTURES / "mini.zh.txt", "zh")
    found = _by_number(sections(report))
    assert (found["4.1"].title, found["4.2"].title) == ("政府", "市民")
    assert found["appendix"].title.startswith("附录")
    assert found["4"].line_end < found["4.1"].line_start


def test_repeated_paragraph_is_dropped_and_reported() -> None:
    report = read_report(FIXTURES / "mini.zh.txt", "zh")
    found = _by_number(sections(report))
    repeated = [q for q in quirks(report) if q.kind == "duplicate-paragraph"]
    assert len(repeated) == 1
    assert found["3.2"].line_start < repeated[0].line_start <= found["3.2"].line_end
    first = found["3.1"].paragraphs[0].text
    assert all(p.text != first for p in found["3.2"].paragraphs)


def test_missing_numbered_heading_is_an_error(tmp_path: Path) -> None:
    text = (FIXTURES / "mini.en.txt").read_text(encoding="utf-8")
    broken = tmp_path / "broken.en.txt"
    broken.write_text(text.replace("\nNet mending 1.2\n", "\n\n"), encoding="utf-8")
    with pytest.raises(ReportError, match="1.2") as caught:
        sections(read_report(broken, "en"))
    assert "broken.en.txt:" in caught.value.where


# --- the real reports ----------------------------------------------------------------------

def test_english_contents_are_all_found_in_order(en: ReportText) -> None:
    found = sections(en)
    assert [s.number for s in found] == ["0", *_contents_numbers(en)]
    starts = [s.line_start for s in found]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for section in found[1:]:
        assert section.line_start <= section.line_end
        start = section.line_start
        heading = " ".join(en.line(n).text for n in range(start, start + 3))
        assert match_key(section.title) in match_key(heading)


def test_chinese_sections_are_found(zh: ReportText) -> None:
    numbers = [s.number for s in sections(zh)]
    wanted = [n for n in _contents_numbers(zh) if n[0] in "123"]
    assert [n for n in numbers if n in wanted] == wanted
    assert {"1.1", "3.9", "4.1", "4.4", "appendix"} <= set(numbers)


def test_chinese_section_3_8_loses_its_repeated_paragraph(zh: ReportText) -> None:
    found = _by_number(sections(zh))
    repeated = [q for q in quirks(zh) if q.kind == "duplicate-paragraph"]
    assert len(repeated) == 1
    quirk = repeated[0]
    assert found["3.8"].line_start < quirk.line_start <= quirk.line_end <= found["3.8"].line_end
    assert "3.7" in quirk.note
    opening = match_key(found["3.7"].paragraphs[0].text)
    assert opening not in {match_key(p.text) for p in found["3.8"].paragraphs}
    assert opening == match_key("".join(zh.line(n).raw for n in range(quirk.line_start,
                                                                         quirk.line_end + 1)))


def test_real_text_has_no_page_numbers_or_source_lines_left(en: ReportText, zh: ReportText) -> None:
    for report in (en, zh):
        for section in sections(report):
            for paragraph in section.paragraphs:
                assert not re.fullmatch(r"\d{1,3}", paragraph.text)
                assert not paragraph.text.startswith(("Source:", "来源"))


def test_align_pairs_topics(en: ReportText, zh: ReportText) -> None:
    pairs = {(e.number if e else None, z.number if z else None) for e, z in align(sections(en),
                                                                                 sections(zh))}
    assert {("1.1", "1.3"), ("1.2", "1.4"), ("3.5", "3.5"), ("4.4", "4.4")} <= pairs
    assert {(None, "1.1"), (None, "1.2"), (None, "appendix")} <= pairs
    assert all(e is not None for e, z in pairs if z not in ("1.1", "1.2", "appendix"))
