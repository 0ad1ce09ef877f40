"""Tests of annotation: mentions in Chinese without spaces, whole English words, summaries."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lookup_fixture import (
    CITIZENS,
    EFFECTIVENESS,
    ENTERPRISES,
    ENVIRONMENT,
    GOVERNANCE,
    INFRASTRUCTURE,
    PHASE_1,
    PHASE_2,
    PHASE_3,
    PINGHU_CASE,
    SERVICES,
)

from smckg.errors import ParameterError
from smckg.lookup import LookupIndex, TextTooLargeError, annotate
from smckg.lookup.annotate import MAX_TEXT

#: A paragraph written for this test: a county's plan naming three areas, a phase and
#: two stakeholders, with no spaces between words.
PLAN_ZH = (
    "本县今后三年的数字化工作分三条线推进：一是完善民生与服务，让群众少跑腿；"
    "二是提升政府效能，打通部门之间的数据；三是加快基础设施建设，先把传感网铺到乡镇。"
    "目前全县整体处于阶段一，力争由企业和市民共同参与，逐步迈向下一阶段。"
)


def test_a_chinese_paragraph_naming_three_areas_finds_all_three(index: LookupIndex) -> None:
    result = annotate(index, PLAN_ZH)
    assert set(result.areas) == {SERVICES, EFFECTIVENESS, INFRASTRUCTURE}
    assert result.phases == {PHASE_1: 1}
    mentioned = {span.iri for span in result.spans}
    assert {CITIZENS, ENTERPRISES} <= mentioned
    for span in result.spans:
        assert PLAN_ZH[span.start:span.end] == span.text


def test_traditional_text_is_matched_and_offsets_stay_in_the_source(index: LookupIndex) -> None:
    source = "本市重視治理與運行。"
    [span] = annotate(index, source).spans
    assert (span.iri, span.text, span.label, span.lang) == (GOVERNANCE, "治理與運行", "治理与运行",
                                                            "zh")


def test_spans_take_in_the_label_s_own_brackets_and_quotes(index: LookupIndex) -> None:
    spans = annotate(index, "一是发展保障(领导力/政策)，二是“以人为本”为核心。").spans
    assert [span.text for span in spans] == ["发展保障(领导力/政策)", "“以人为本”为核心"]


def test_the_longest_label_wins_over_one_inside_it(index: LookupIndex) -> None:
    spans = annotate(index, "治理与运行").spans
    assert [(s.start, s.end, s.iri) for s in spans] == [(0, 5, GOVERNANCE)]


def test_english_matches_whole_words_only(index: LookupIndex) -> None:
    source = ("Misgovernance aside, the plan puts Governance and the Environment and low-carbon "
              "work first; local enterprises help.")
    spans = annotate(index, source).spans
    assert [(s.text, s.iri) for s in spans] == [
        ("Governance", GOVERNANCE),
        ("Environment and low-carbon", ENVIRONMENT),
        ("enterprises", ENTERPRISES),
    ]


def test_a_case_mention_touches_its_area_and_phases(index: LookupIndex) -> None:
    result = annotate(index, "We visited the Pinghu IoT sensing platform and Phase 2 plans.")
    assert PINGHU_CASE in {span.iri for span in result.spans}
    assert result.areas == {INFRASTRUCTURE: 1}
    assert result.phases == {PHASE_1: 1, PHASE_2: 1, PHASE_3: 1}


def test_as_dict_lists_touches_with_both_labels(index: LookupIndex) -> None:
    data = annotate(index, "治理与运行和治理與運行").as_dict()
    assert data["areas"] == [{"iri": GOVERNANCE, "count": 2,
                              "label": {"en": "Governance", "zh": "治理与运行"}}]
    assert len(data["spans"]) == 2 and data["phases"] == []


def test_text_without_terms_gives_no_spans(index: LookupIndex) -> None:
    result = annotate(index, "")
    assert (result.spans, result.areas, result.phases) == ([], {}, {})


def test_too_long_or_non_text_input_is_refused(index: LookupIndex) -> None:
    with pytest.raises(TextTooLargeError) as caught:
        annotate(index, "治" * (MAX_TEXT + 1))
    assert caught.value.http_status == 413
    with pytest.raises(ParameterError):
        annotate(index, b"bytes")  # type: ignore[arg-type]


#: Text made of label fragments, punctuation and noise, so that mentions do occur.
_PIECES = st.sampled_from(["治理", "与运行", "治理與運行", "Governance", " and ", "low-carbon",
                           "Environment", "（", "）", "“", "以人为本", "阶段", "二", " ", "x", "。"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=3), max_size=30).map("".join))
def test_spans_are_ordered_disjoint_and_point_into_the_text(index: LookupIndex,
                                                             source: str) -> None:
    spans = annotate(index, source).spans
    for span in spans:
        assert source[span.start:span.end] == span.text and span.text
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))

