"""Tests of the build: outputs, determinism, the vocabulary contract, and failure keeping the last build."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, SKOS, Graph, URIRef
from rdflib.compare import isomorphic

from smckg.paths import RECORDS_DIR
from smckg.vocab import SCHEME, SMC

EXAMPLE_QUERY = """
PREFIX smc:   <https://w3id.org/smc-dt/ontology#>
PREFIX skos:  <http://www.w3.org/2004/02/skos/core#>
SELECT ?case ?en ?zh WHERE {
  ?case a smc:Case ; smc:hasTransition ?t ;
        skos:prefLabel ?en, ?zh .
  ?t smc:inArea <https://w3id.org/smc-dt/id/area/governance> ;
     smc:fromPhase <https://w3id.org/smc-dt/id/phase/1> ;
     smc:toPhase   <https://w3id.org/smc-dt/id/phase/2> .
  FILTER(lang(?en) = "en" && lang(?zh) = "zh")
}
"""
CONTRACT_CLASSES = [SMC.FunctionalArea, SMC.MaturityPhase, SMC.KeyFeature, SMC.Challenge,
                    SMC.ChallengeDimension, SMC.Driver, SMC.Principle, SMC.Stakeholder, SMC.Case,
                    SMC.PhaseTransition, SMC.City]
OUTPUTS = ["smc-dt.ttl", "smc-dt.nt", "smc-dt.jsonld", "ontology.ttl", "ontology.owl", "void.ttl",
           "build.json", "lookup-index.json", "ontology.html", "coverage.md", "coverage.json"]


def run_cli(*args: str, seed: str = "0") -> subprocess.CompletedProcess[str]:
    """Run ``smc-kg`` in a fresh interpreter with the given hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-c", "from smckg.cli import main; main()", *args],
                          capture_output=True, text=True, env=env, timeout=300, check=False)


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file of a build folder by name."""
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def test_all_outputs_are_written(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == sorted(OUTPUTS)


def test_serialisations_hold_the_same_graph(kg: Graph, built: Path) -> None:
    for name, fmt in (("smc-dt.ttl", "turtle"), ("smc-dt.jsonld", "json-ld")):
        assert isomorphic(Graph().parse(built / name, format=fmt), kg), name
    ontology = Graph().parse(built / "ontology.owl", format="xml")
    assert isomorphic(ontology, Graph().parse(built / "ontology.ttl", format="turtle"))
    assert (URIRef("https://w3id.org/smc-dt/ontology"), None, None) in ontology


def test_void_counts_the_triples(kg: Graph, built: Path) -> None:
    void = Graph().parse(built / "void.ttl", format="turtle")
    counts = {int(o) for o in void.objects(predicate=URIRef("http://rdfs.org/ns/void#triples"))}
    assert counts == {len(kg)}
    assert json.loads((built / "build.json").read_text())["triples"] == len(kg)


def test_the_example_question_returns_kaifeng(kg: Graph) -> None:
    rows = list(kg.query(EXAMPLE_QUERY))
    assert len(rows) == 1
    case, en, zh = rows[0]
    assert str(case).endswith("/case/kaifeng-future-city")
    assert "Kaifeng" in str(en) and "开封" in str(zh)


@pytest.mark.parametrize("cls", CONTRACT_CLASSES, ids=lambda c: c.fragment)
def test_every_individual_has_one_label_per_language(kg: Graph, cls: URIRef) -> None:
    individuals = set(kg.subjects(RDF.type, cls))
    assert individuals, cls
    for node in individuals:
        labels = [label.language for label in kg.objects(node, SKOS.prefLabel)]
        assert sorted(labels) == ["en", "zh"], node
        assert (node, RDF.type, SKOS.Concept) in kg and (node, SKOS.inScheme, SCHEME) in kg, node
        assert {d.language for d in kg.objects(node, SKOS.definition)} == {"en", "zh"}, node
        assert list(kg.objects(node, SMC.section)), node


def test_sections_get_line_spans_from_the_reports(kg: Graph) -> None:
    spans = list(kg.subject_objects(SMC.lineStart))
    assert len(spans) >= 30
    assert all(int(line) > 0 for _, line in spans)


def test_two_builds_are_byte_identical(built: Path, tmp_path: Path, reports_dir: Path) -> None:
    out = tmp_path / "again"
    result = run_cli("build", "--reports", str(reports_dir), "--out", str(out), seed="12345")
    assert result.returncode == 0, result.stderr
    assert snapshot(out) == snapshot(built)


def test_a_corrupt_row_fails_and_keeps_the_last_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_cli("build", "--out", str(out)).returncode == 0
    before = snapshot(out)
    records = tmp_path / "records"
    shutil.copytree(RECORDS_DIR, records)
    path = records / "phases.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("number: 2", "number: seven", 1),
                    encoding="utf-8")
    result = run_cli("build", "--records", str(records), "--out", str(out))
    assert result.returncode == 3
    assert f"{path}:" in result.stderr and "number" in result.stderr
    assert snapshot(out) == before


def test_a_missing_report_fails_and_keeps_the_last_build(built: Path, tmp_path: Path,
                                                         reports_dir: Path) -> None:
    out = tmp_path / "copy"
    shutil.copytree(built, out)
    before = snapshot(out)
    partial = tmp_path / "reports"
    partial.mkdir()
    shutil.copy(reports_dir / "wef-smc-2022.en.txt", partial)
    result = run_cli("build", "--reports", str(partial), "--out", str(out))
    assert result.returncode == 4
    assert "wef-smc-2022.zh.txt" in result.stderr
    assert snapshot(out) == before


def test_validate_runs_shapes_reasoner_and_profile(reports_dir: Path) -> None:
    result = run_cli("validate", "--reports", str(reports_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "HermiT" in result.stdout and "valid / 通过" in result.stdout


def test_validate_reports_a_broken_record(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(RECORDS_DIR, records)
    path = records / "cities.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("country_code: JP", "country_code: JPN", 1),
                    encoding="utf-8")
    result = run_cli("validate", "--records", str(records))
    assert result.returncode != 0
    assert "country_code" in result.stderr and str(path) in result.stderr
