"""Tests of term lookup: kinds of match, languages and scripts, pinyin, typos, bad input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lookup_fixture import (
    EFFECTIVENESS,
    GOVERNANCE,
    GOVERNANCE_DIMENSION,
    HUMAN_CENTRIC,
    INFRASTRUCTURE,
    LORAWAN,
)

from smckg.errors import ParameterError
from smckg.lookup import LookupIndex, lookup
from smckg.lookup.match import MAX_QUERY, TIERS


@pytest.mark.parametrize(
    ("query", "via"),
    [
        ("治理与运行", "label"),
        ("治理與運行", "traditional"),
        ("zhili yu yunxing", "pinyin"),
        ("zhiliyuyunxing", "pinyin"),
        ("zhi4 li3 yu3 yun4 xing2", "pinyin-tone"),
        ("zhì lǐ yǔ yùn xíng", "pinyin"),
        ("governance", "label"),
        ("ＧＯＶＥＲＮＡＮＣＥ", "label"),
        ("govrnance", "label"),
        ("Governance and operations", "label"),
    ],
)
def test_governance_comes_first_in_every_script(index: LookupIndex, query: str, via: str) -> None:
    first = lookup(index, query)[0]
    assert (first.iri, first.via) == (GOVERNANCE, via)


def test_a_chinese_query_with_lang_en_is_shown_in_english(index: LookupIndex) -> None:
    first = lookup(index, "政府效能", lang="en")[0]
    assert (first.iri, first.label, first.label_lang) == (
        EFFECTIVENESS, "Governmental effectiveness", "en")
    assert (first.matched, first.matched_lang, first.match) == ("政府效能", "zh", "exact")


def test_a_hit_carries_both_languages(index: LookupIndex) -> None:
    hit = lookup(index, "治理与运行")[0]
    assert hit.pref == {"en": "Governance", "zh": "治理与运行", "zh_hant": "治理與運行"}
    assert hit.alt["en"] == ["Governance and operation"]
    assert set(hit.definition) == {"en", "zh"}
    assert (hit.type, hit.type_label["zh"]) == ("smc:FunctionalArea", "功能领域")
    assert hit.as_dict()["iri"] == GOVERNANCE


def test_display_falls_back_to_the_other_language(index: LookupIndex) -> None:
    hit = lookup(index, "lorawan", lang="zh")[0]
    assert (hit.iri, hit.label, hit.label_lang) == (LORAWAN, "LoRaWAN", "en")


def test_lang_orders_but_never_hides_the_other_language(index: LookupIndex) -> None:
    assert lookup(index, "治理与运行", lang="en")[0].iri == GOVERNANCE
    assert lookup(index, "governance", lang="zh")[0].iri == GOVERNANCE


def test_kinds_rank_exact_prefix_word_substring_fuzzy(index: LookupIndex) -> None:
    hits = lookup(index, "governance", limit=20)
    kinds = [hit.match for hit in hits]
    assert kinds[:2] == ["exact", "exact"] and "prefix" in kinds
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert all(TIERS[a] >= TIERS[b] for a, b in zip(kinds, kinds[1:], strict=False)
               if "fuzzy" not in (a, b))


@pytest.mark.parametrize(
    ("query", "kind"),
    [("Infra", "prefix"), ("and low carbon", "word"), ("nmental eff", "substring"),
     ("Infrastucture", "fuzzy"), ("zfxn", "initials")],
)
def test_each_kind_of_match(index: LookupIndex, query: str, kind: str) -> None:
    assert lookup(index, query)[0].match == kind


def test_alternative_labels_match(index: LookupIndex) -> None:
    assert lookup(index, "People-centered")[0].iri == HUMAN_CENTRIC
    assert lookup(index, "以人為本")[0].iri == HUMAN_CENTRIC


def test_ties_are_broken_by_the_framework_order_and_types_filter(index: LookupIndex) -> None:
    assert [h.iri for h in lookup(index, "Governance", limit=2)] == [GOVERNANCE,
                                                                     GOVERNANCE_DIMENSION]
    assert lookup(index, "governance", types=["dimension"])[0].iri == GOVERNANCE_DIMENSION
    assert lookup(index, "human", types=["Principle"])[0].iri == HUMAN_CENTRIC
    assert lookup(index, "infrastructure", types=["smc:FunctionalArea"])[0].iri == INFRASTRUCTURE
    assert lookup(index, "governance", types=["class"]) == []


@pytest.mark.parametrize("query", ["xyzzy", "asdfghjkl", "lorem ipsum dolor", "banana",
                                   "qwertyuiop", "???", "hello world", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"])
def test_nonsense_finds_nothing(index: LookupIndex, query: str) -> None:
    assert lookup(index, query) == []


@pytest.mark.parametrize(
    ("arguments", "where"),
    [
        ({"q": ""}, "q"),
        ({"q": " \t\n "}, "q"),
        ({"q": "x" * (MAX_QUERY + 1)}, "q"),
        ({"q": "gov\x00ernance"}, "q"),
        ({"q": "gov\x1bernance"}, "q"),
        ({"q": "governance", "lang": "fr"}, "lang"),
        ({"q": "governance", "limit": 0}, "limit"),
        ({"q": "governance", "limit": 101}, "limit"),
        ({"q": "governance", "types": ["nonsense"]}, "type"),
    ],
)
def test_unusable_parameters_are_bilingual_400s(index: LookupIndex, arguments: dict,
                                                where: str) -> None:
    with pytest.raises(ParameterError) as caught:
        lookup(index, **arguments)
    assert (caught.value.where, caught.value.http_status) == (where, 400)
    assert caught.value.en and caught.value.zh


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=MAX_QUERY + 5))
def test_any_text_gives_hits_or_a_parameter_error(index: LookupIndex, query: str) -> None:
    try:
        hits = lookup(index, query, limit=5)
    except ParameterError:
        return
    assert len(hits) <= 5
