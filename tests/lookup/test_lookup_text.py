"""Tests of the text folding shared by the index, the matcher and the annotator."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smckg.lookup import text


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Governance", "governance"),
        ("ＧＯＶＥＲＮＡＮＣＥ", "governance"),
        ("治理與運行", "治理与运行"),
        ("发展保障（领导力/政策）", "发展保障领导力政策"),
        ("Environment and low-carbon", "environment and low carbon"),
        ("Cities and areas", "city and area"),
        ("People-centred organisation", "people centered organization"),
        ("Phase two", "phase 2"),
        ("需要对应的政府组织架构与KPIs", "需要对应的政府组织架构与 kpi"),
        ("business status", "business status"),
        ("?!", ""),
    ],
)
def test_key_folds_case_width_script_punctuation_and_plurals(raw: str, folded: str) -> None:
    assert text.key(raw) == folded


def test_key_without_simplifying_keeps_traditional_characters() -> None:
    assert text.key("治理與運行", simplify=False) == "治理與運行"


@given(st.text(max_size=60))
def test_token_offsets_point_into_the_source(source: str) -> None:
    tokens = text.tokens(source)
    previous_end = 0
    for token in tokens:
        assert previous_end <= token.start < token.end <= len(source)
        assert token.text
        previous_end = token.end


def test_each_chinese_character_is_a_token_with_its_offset() -> None:
    source = "在治理與運行中"
    tokens = text.tokens(source)
    assert [t.text for t in tokens] == list("在治理与运行中")
    assert [source[t.start:t.end] for t in tokens] == list(source)


def test_pinyin_of_a_chinese_key() -> None:
    romanised = text.pinyin("治理与运行")
    assert romanised.plain == "zhi li yu yun xing"
    assert romanised.tone == "zhi4 li3 yu3 yun4 xing2"
    assert romanised.initials == "zlyyx"


@pytest.mark.parametrize(
    ("query", "read"),
    [
        ("zhili yu yunxing", ("zhiliyuyunxing", "zhiliyuyunxing")),
        ("zhì lǐ", ("zhili", "zhili")),
        ("zhi4 li3", ("zhili", "zhi4li3")),
        ("lü", ("lv", "lv")),
        ("治理", None),
        ("123", None),
    ],
)
def test_pinyin_query_reads_tones_marks_and_spaces(query: str,
                                                   read: tuple[str, str] | None) -> None:
    assert text.pinyin_query(query) == read
