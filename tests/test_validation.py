"""SHACL shapes on tiny fixture graphs, the combined ``validate`` result, and missing Java."""

from __future__ import annotations

import re
from pathlib import Path

import owlready2
import pytest
from rdflib import RDF, Graph
from rdflib.namespace import SH

from smckg.errors import ValidationError
from smckg.validation import (
    SHAPES_FILE,
    Violation,
    check_consistency,
    check_profile,
    check_shapes,
    validate,
)
from smckg.vocab import SMC, feature, iri, transition

FIXTURES = Path(__file__).parent / "fixtures" / "validation"
CJK = re.compile(r"[\u3400-\u9fff]")

FEATURE = feature("governance", 1)
TRANSITION = transition("kaifeng-future-city")
CHALLENGE = iri("challenge/test-funding")
PRINCIPLE = iri("principle/test-principle")

#: defect fixture -> the one (focus node, path) it must be reported at
DEFECTS = {
    "missing-zh-label.ru": (FEATURE, "skos:prefLabel"),
    "two-areas.ru": (FEATURE, "smc:inArea"),
    "backwards-transition.ru": (TRANSITION, None),
    "mean-score-7.ru": (CHALLENGE, "smc:meanScore"),
    "principle-missing-zh-definition.ru": (PRINCIPLE, "skos:definition"),
}


def _valid() -> Graph:
    return Graph().parse(FIXTURES / "valid.ttl")


def _with_defect(name: str) -> Graph:
    graph = _valid()
    before = set(graph)
    graph.update((FIXTURES / name).read_text(encoding="utf-8"))
    assert set(graph) != before, f"{name} changed nothing"
    return graph


def test_valid_fixture_passes_the_shapes() -> None:
    assert check_shapes(_valid()) == []


@pytest.mark.parametrize("name", DEFECTS)
def test_defect_is_reported_at_its_focus_node(name: str) -> None:
    focus, path = DEFECTS[name]
    violations = check_shapes(_with_defect(name))
    assert [(v.focus, v.path) for v in violations] == [(str(focus), path)]
    violation = violations[0]
    assert violation.severity == "Violation"
    assert violation.message_en and not CJK.search(violation.message_en)
    assert CJK.search(violation.message_zh)
    assert str(focus) in str(violation)
    assert violation.message_en in str(violation) and violation.message_zh in str(violation)


def test_sparql_message_names_the_phases() -> None:
    (violation,) = check_shapes(_with_defect("backwards-transition.ru"))
    assert "phase 3 to phase 1" in violation.message_en
    assert "阶段 3 到阶段 1" in violation.message_zh


def test_every_shape_has_a_message_in_both_languages() -> None:
    shapes = Graph().parse(SHAPES_FILE)
    named = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.objects(None, SH.property))
    named |= set(shapes.objects(None, SH.sparql))
    assert len(named) > 40
    for shape in named:
        languages = sorted(m.language for m in shapes.objects(shape, SH.message))
        assert languages == ["en", "zh"], shape


def test_shapes_name_only_ontology_terms() -> None:
    """A misspelt class or property in a shape would silently check nothing."""
    text = SHAPES_FILE.read_text(encoding="utf-8")
    assert text.count("smc:") > 100
    assert sorted(set(re.findall(r"smc:(\w+)", text)) - set(SMC.__annotations__)) == []


def test_violation_reads_in_both_languages() -> None:
    violation = Violation(focus="https://example.org/x", path="smc:city", message_en="needs a city",
                          message_zh="需要城市", value='"7"')
    assert str(violation) == ('[Violation] https://example.org/x smc:city (value: "7"): '
                              "needs a city / 需要城市")


def test_validate_passes_the_valid_fixture() -> None:
    result = validate(_valid())
    assert result.ok, str(result)
    assert result.reasoner is not None and result.reasoner.consistent
    assert str(result).endswith("valid / 通过")


def test_validate_fails_on_a_defect_and_lists_it() -> None:
    result = validate(_with_defect("mean-score-7.ru"))
    assert not result.ok
    assert [v.focus for v in result.violations] == [str(CHALLENGE)]
    assert str(CHALLENGE) in str(result) and "NOT valid / 未通过" in str(result)


def test_validate_reports_a_contradiction_found_by_hermit() -> None:
    graph = _valid()
    graph.add((TRANSITION, RDF.type, SMC.Case))
    result = validate(graph)
    assert not result.ok
    assert result.reasoner is not None and not result.reasoner.consistent


def test_profile_check_catches_a_non_dl_graph() -> None:
    graph = Graph().parse(data=f"""
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        <https://example.org/o> a owl:Ontology .
        <{SMC.city}> a owl:ObjectProperty , owl:DatatypeProperty .""", format="turtle")
    assert check_profile(graph) != []


def test_missing_java_is_a_bilingual_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(owlready2, "JAVA_EXE", "/nonexistent/java")
    with pytest.raises(ValidationError) as raised:
        check_consistency()
    assert "Java" in raised.value.en and "Java" in raised.value.zh and "缺少" in raised.value.zh
    result = validate(_valid())
    assert not result.ok and result.reasoner is None and len(result.errors) == 2
    assert "Java" in str(result)
