"""Tests of smckg.queryfiles: headers, BASIL-style parameters and their binding."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import XSD, Literal, URIRef

from smckg.errors import ParameterError, QueryError
from smckg.queryfiles import parse_query_file

QUERY = """\
#+ summary: Cases of an area from a phase
#+ summary_zh: 某领域某阶段起步的案例
#+ tags: [cases]
#+ params:
#+   - name: area
#+     description: the area
#+     description_zh: 领域
#+     default: https://w3id.org/smc-dt/id/area/governance
PREFIX smc: <https://w3id.org/smc-dt/ontology#>
SELECT ?case WHERE {
  ?case smc:hasTransition ?t . ?t smc:inArea ?_area_iri ; smc:fromPhase ?p .
  ?p smc:phaseNumber ?_from_integer .
  OPTIONAL { ?case <http://www.w3.org/2004/02/skos/core#prefLabel> ?__label_en }
}
"""


@pytest.fixture()
def query_file(tmp_path: Path) -> Path:
    path = tmp_path / "cases-of-area.rq"
    path.write_text(QUERY, encoding="utf-8")
    return path


def test_header_and_parameters_are_read(query_file: Path) -> None:
    canned = parse_query_file(query_file)
    assert canned.name == "cases-of-area"
    assert canned.summary_zh == "某领域某阶段起步的案例"
    assert [(p.name, p.kind, p.optional) for p in canned.params] == [
        ("area", "iri", False), ("from", "integer", False), ("label", "en", True)]


def test_values_are_bound_as_typed_terms(query_file: Path) -> None:
    bound = parse_query_file(query_file).bindings({"from": "1", "label": "Kaifeng"})
    assert bound["_area_iri"] == URIRef("https://w3id.org/smc-dt/id/area/governance")
    assert bound["_from_integer"] == Literal(1, datatype=XSD.integer)
    assert bound["__label_en"] == Literal("Kaifeng", lang="en")


def test_a_missing_required_parameter_is_refused(query_file: Path) -> None:
    with pytest.raises(ParameterError, match="from"):
        parse_query_file(query_file).bindings({})


@pytest.mark.parametrize("name,value", [("from", "one"), ("area", 'x" } ; DROP ALL ; #'),
                                        ("area", "https://example.org/a b")])
def test_ill_typed_values_are_refused(query_file: Path, name: str, value: str) -> None:
    values = {"from": "1", name: value}
    with pytest.raises(ParameterError) as caught:
        parse_query_file(query_file).bindings(values)
    assert caught.value.where == name and caught.value.zh


def test_a_header_without_chinese_summary_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text("#+ summary: only English\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="summary_zh"):
        parse_query_file(path)
