"""The evaluation set and its scores, and the issue's acceptance checks on the real build."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import astuple
from pathlib import Path

import pytest
from tbx_check import tbx_problems

from smckg.lookup import LookupIndex, annotate, lookup, open_index, to_tbx
from smckg.lookup.evaluation import KINDS, Case, Outcome, read_cases, run, scores, scores_by_kind
from smckg.vocab import PREFIXES, SMCID, area

EVAL_SET = Path(__file__).parent / "eval_set.tsv"
TARGET_HIT1 = 0.95


def _outcome(kind: str, rank: int | None) -> Outcome:
    return Outcome(Case("q", None, kind, "x"), rank, None)


def test_scores_count_hits_and_reciprocal_ranks() -> None:
    outcomes = [_outcome("en", 1), _outcome("en", 2), _outcome("typo", 6), _outcome("typo", None)]
    assert astuple(scores(outcomes)) == pytest.approx((4, 0.25, 0.5, (1 + 1 / 2 + 1 / 6) / 4))
    assert astuple(scores_by_kind(outcomes)["typo"]) == pytest.approx((2, 0.0, 0.0, 1 / 12))
    assert astuple(scores([])) == (0, 0.0, 0.0, 0.0)


def test_the_eval_set_is_large_varied_and_spans_the_framework() -> None:
    cases = read_cases(EVAL_SET)
    assert len(cases) >= 150
    kinds = Counter(case.kind for case in cases)
    assert set(kinds) == set(KINDS) and min(kinds.values()) >= 10
    families = {case.expected_iri.removeprefix(str(SMCID)).split("/")[0]
                for case in cases if case.expected_iri.startswith(str(SMCID))}
    assert {"area", "phase", "stakeholder", "challenge", "driver", "principle", "case",
            "city"} <= families
    assert any(case.expected_iri.startswith(PREFIXES["smc"]) for case in cases)
    assert {case.lang for case in cases} == {None, "en", "zh"}


# --- on the real build (the session fixture ``built`` of tests/conftest.py)

@pytest.fixture(scope="module")
def real_index(built: Path) -> LookupIndex:
    return open_index(built)


def test_hit_at_1_on_the_real_build_reaches_the_target(real_index: LookupIndex) -> None:
    cases = read_cases(EVAL_SET)
    known = {term.iri for term in real_index.terms}
    assert [case.expected_iri for case in cases if case.expected_iri not in known] == []
    outcomes = run(real_index, cases)
    misses = [(o.case.query, o.case.expected_iri, o.first) for o in outcomes if o.rank != 1]
    assert scores(outcomes).hit1 >= TARGET_HIT1, misses


@pytest.mark.parametrize("query", ["治理与运行", "治理與運行", "zhili yu yunxing", "governance",
                                   "govrnance"])
def test_the_issue_queries_put_governance_first(real_index: LookupIndex, query: str) -> None:
    assert lookup(real_index, query)[0].iri == str(area("governance"))


def test_zhengfu_xiaoneng_in_english(real_index: LookupIndex) -> None:
    assert lookup(real_index, "政府效能", lang="en")[0].label == "Governmental effectiveness"


def test_the_real_glossary_has_the_tbx_basic_structure(real_index: LookupIndex) -> None:
    assert tbx_problems(ET.fromstring(to_tbx(real_index).encode("utf-8"))) == []


def test_a_chinese_paragraph_naming_three_areas_on_the_real_build(
        real_index: LookupIndex) -> None:
    paragraph = ("县里把环境与低碳放在首位，同时推进产业与经济转型，"
                 "并以发展保障（领导力/政策）兜底，计划两年内从阶段一走到阶段二。")
    result = annotate(real_index, paragraph)
    assert set(result.areas) == {str(area(slug)) for slug in (
        "environment-low-carbon", "industry-economy", "development-assurance")}
