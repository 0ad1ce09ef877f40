"""Tests of the lookup index: which terms it holds, what it records, how it is saved and found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lookup_fixture import (
    FIXTURE,
    GOVERNANCE,
    HUMAN_CENTRIC,
    IN_AREA,
    INFRASTRUCTURE,
    PHASE_1,
    PHASE_3,
    PINGHU_CASE,
)
from rdflib import Graph

from smckg.lookup import INDEX_FILE, LookupIndex, LookupIndexError, build_index, open_index
from smckg.lookup.terms import Term
from smckg.vocab import SMC, iri


def _term(index: LookupIndex, node: str) -> Term:
    return next(term for term in index.terms if term.iri == node)


def test_individuals_and_ontology_terms_are_indexed_but_not_reports(index: LookupIndex) -> None:
    nodes = {term.iri for term in index.terms}
    assert {GOVERNANCE, PINGHU_CASE, IN_AREA, str(SMC.FunctionalArea)} <= nodes
    assert str(iri("report/en")) not in nodes
    assert str(iri("section/en/3.5")) not in nodes
    assert str(iri("transition/pinghu-iot-platform")) not in nodes  # it has no label


def test_a_term_records_type_labels_and_definitions(index: LookupIndex) -> None:
    term = _term(index, GOVERNANCE)
    assert term.curie == "smcid:area/governance"
    assert term.type == "smc:FunctionalArea"
    assert term.type_label == {"en": "functional area", "zh": "功能领域"}
    assert term.pref == {"en": "Governance", "zh": "治理与运行", "zh_hant": "治理與運行"}
    assert term.alt == {"en": ["Governance and operation"], "zh": ["城市治理"]}
    assert term.definition["zh"].startswith("城镇的日常运转")
    assert "area" in term.kinds
    chinese = next(label for label in term.labels if label.text == "治理与运行")
    assert (chinese.key_hant, chinese.pinyin, chinese.initials) == (
        "治理與運行", "zhi li yu yun xing", "zlyyx")


def test_the_most_specific_type_is_shown_and_superclasses_are_kinds(index: LookupIndex) -> None:
    term = _term(index, HUMAN_CENTRIC)
    assert term.type == "smc:GeneralPrinciple"
    assert {"generalprinciple", "principle", "smc:principle"} <= set(term.kinds)


def test_cases_are_placed_in_the_area_and_phases_of_their_transition(index: LookupIndex) -> None:
    term = _term(index, PINGHU_CASE)
    assert term.areas == (INFRASTRUCTURE,)
    assert term.phases == (PHASE_1, PHASE_3)


def test_outcomes_and_priority_items_are_placed_through_their_owners(
        index: LookupIndex) -> None:
    outcome = _term(index, str(iri("outcome/pinghu-iot-platform/sensors")))
    assert (outcome.areas, outcome.phases) == ((INFRASTRUCTURE,), (PHASE_1, PHASE_3))
    item = _term(index, str(iri("priority-item/infrastructure/1")))
    assert (item.areas, item.phases) == ((INFRASTRUCTURE,), ())


def test_ontology_terms_are_found_but_not_annotated(index: LookupIndex) -> None:
    term = _term(index, IN_AREA)
    assert (term.type, term.annotate) == ("owl:ObjectProperty", False)
    assert "property" in term.kinds


def test_save_is_deterministic_and_load_gives_the_same_terms(tmp_path: Path,
                                                             graph: Graph) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    build_index(graph).save(first)
    build_index(graph).save(second)
    assert first.read_bytes() == second.read_bytes()
    assert LookupIndex.load(first).terms == build_index(graph).terms
    assert list(json.loads(first.read_text(encoding="utf-8"))) == ["format", "note", "terms",
                                                                   "version"]


@pytest.mark.parametrize("content", [
    "not json", '{"format": "other", "version": 1}', "[]",
    '{"format": "smc-kg lookup index", "version": 1, "terms": [{"iri": "x"}]}'])
def test_loading_something_else_is_a_bilingual_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / INDEX_FILE
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LookupIndexError) as caught:
        LookupIndex.load(path)
    assert caught.value.zh and caught.value.http_status == 503


def test_open_index_prefers_the_saved_index(build_dir: Path) -> None:
    (build_dir / "smc-dt.ttl").write_text("", encoding="utf-8")  # would fail if read
    assert len(open_index(build_dir)) == len(LookupIndex.load(build_dir / INDEX_FILE))


def test_open_index_builds_from_the_graph_when_the_index_is_missing(tmp_path: Path,
                                                                    index: LookupIndex) -> None:
    (tmp_path / "smc-dt.ttl").write_bytes(FIXTURE.read_bytes())
    assert open_index(tmp_path).terms == index.terms


def test_open_index_without_a_build_is_a_503(tmp_path: Path) -> None:
    with pytest.raises(LookupIndexError) as caught:
        open_index(tmp_path)
    assert caught.value.http_status == 503
    assert "smc-kg build" in caught.value.en and "smc-kg build" in caught.value.zh
