"""Paragraph repair on invented lines: page debris dropped, page-split paragraphs rejoined."""

from __future__ import annotations

from smckg.reports.paragraphs import CAPTION, TABLE, TEXT, build_paragraphs
from smckg.reports.reading import Line, normalise


def _lines(*raw: str) -> list[Line]:
    return [Line(number, text, normalise(text)) for number, text in enumerate(raw, 1)]


def test_english_lower_case_continuation_is_joined_across_a_page_number() -> None:
    lines = _lines("The tide tables are printed each", "", "14", "", "week by the harbour.")
    paragraphs, quirks = build_paragraphs(lines, "en")
    assert [p.text for p in paragraphs] == ["The tide tables are printed each week by the harbour."]
    assert paragraphs[0].line_start == 1 and paragraphs[0].line_end == 5
    assert {q.kind for q in quirks} == {"paragraph-joined", "debris-dropped"}


def test_english_sentence_end_or_capital_keeps_paragraphs_apart() -> None:
    paragraphs, _ = build_paragraphs(
        _lines("Nets dry on the wall.", "", "rope is cheap", "", "Economy"), "en")
    assert [p.text for p in paragraphs] == ["Nets dry on the wall.", "rope is cheap", "Economy"]


def test_caption_between_the_halves_stays_a_caption() -> None:
    paragraphs, _ = build_paragraphs(
        _lines("The pier was painted", "FIGURE 3 | The pier", "blue in the spring.",
               "Source: Parish notes"), "en")
    assert [(p.kind, p.text) for p in paragraphs] == [
        (TEXT, "The pier was painted blue in the spring."), (CAPTION, "FIGURE 3 | The pier")]


def test_line_at_maps_offsets_back_to_lines() -> None:
    paragraphs, _ = build_paragraphs(_lines("one two", "", "three four"), "en")
    paragraph = paragraphs[0]
    assert paragraph.line_at(0) == 1
    assert paragraph.line_at(paragraph.text.index("three")) == 3


def test_chinese_split_word_is_joined_without_space() -> None:
    lines = _lines("渡船每天往返两次，码头在风暴后重", "", "建了。")
    paragraphs, _ = build_paragraphs(lines, "zh")
    assert [p.text for p in paragraphs] == ["渡船每天往返两次，码头在风暴后重建了。"]


def test_chinese_headings_and_list_items_are_not_joined() -> None:
    lines = _lines("码头的新规划", "", "渔民冬天修补渔网，春天出海", "",
                   "(1) 修路", "", "阶段一，修码头")
    paragraphs, _ = build_paragraphs(lines, "zh")
    assert len(paragraphs) == 4


def test_table_rows_stay_one_per_paragraph() -> None:
    paragraphs, _ = build_paragraphs(_lines("表 2 渔获", "鱼\t3", "虾\t5"), "zh")
    assert [p.kind for p in paragraphs] == [CAPTION, TABLE, TABLE]
