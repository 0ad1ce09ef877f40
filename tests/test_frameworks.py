"""Tests of ``smckg.frameworks``: Deloitte's maturity model, the ranking and Shanghai checked against
the source texts, every individual a bilingual concept with its source, the WEF crosswalk and
its query, the SHACL shapes, and broken records reported with file and line."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib import DCTERMS, RDF, SKOS, Graph, Literal, URIRef

from smckg.errors import RecordError
from smckg.frameworks import FRAMEWORKS_DIR, city_iri, framework_graph, stage_iri
from smckg.mappings import load_mapping_sets, mapping_graph, read_mapping_set
from smckg.paths import QUERIES_DIR
from smckg.queryfiles import parse_query_file
from smckg.records import load_records
from smckg.validation import check_shapes
from smckg.vocab import SMC, iri, phase

SHANGHAI = city_iri("shanghai")
MODEL = iri("deloitte/model")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return framework_graph()


@pytest.fixture(scope="module")
def deloitte(reports_dir: Path) -> str:
    return (reports_dir / "deloitte-super-smart-city-2017.en.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def undesa(reports_dir: Path) -> str:
    return (reports_dir / "undesa-smart-cities-webinar-2021.en.txt").read_text(encoding="utf-8")


def label(graph: Graph, node: URIRef, lang: str = "en") -> str:
    return next(str(o) for o in graph.objects(node, SKOS.prefLabel) if o.language == lang)


def labels(graph: Graph, node: URIRef) -> set[str]:
    return {str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in graph.objects(node, p)
            if o.language == "en"}


def number(graph: Graph, node: URIRef, predicate: URIRef) -> int:
    return int(graph.value(node, predicate).toPython())


# ---------------------------------------------------------------- the model against the report


def test_stages_are_the_reports_four_in_order(graph: Graph, deloitte: str) -> None:
    header = next(line for line in deloitte.splitlines() if "1. Initial" in line)
    named = dict(re.findall(r"(\d)\. (\w+)", header))
    stages = set(graph.objects(MODEL, SMC.hasStage))
    assert {number(graph, s, SMC.stageNumber): label(graph, s) for s in stages} == {
        int(n): name for n, name in named.items()}
    chain = [stage_iri("initial")]
    while (nxt := graph.value(chain[-1], SMC.nextStage)) is not None:
        chain.append(nxt)
    assert [number(graph, s, SMC.stageNumber) for s in chain] == [1, 2, 3, 4]


def test_stage_table_rows_are_the_reports_dimensions(graph: Graph, deloitte: str) -> None:
    table = deloitte[deloitte.index("## Four stages of building"):deloitte.index("# Seven key lessons")]
    rows = set(re.findall(r"^([A-Z][A-Za-z &]+)\t<ul", table, flags=re.MULTILINE))
    cells = list(graph.subjects(RDF.type, SMC.StageCharacteristic))
    dimensions = {graph.value(c, SMC.inCapabilityDimension) for c in cells}
    assert len(rows) == 7 and len(cells) == 7 * 4
    assert all(labels(graph, d) & rows for d in dimensions) and len(dimensions) == 7
    pairs = {(graph.value(c, SMC.inCapabilityDimension), graph.value(c, SMC.atStage)) for c in cells}
    assert len(pairs) == 28


def test_capability_framework_has_the_reports_nine_dimensions(graph: Graph, deloitte: str) -> None:
    assert "nine-dimension capability framework" in deloitte
    dimensions = list(graph.objects(MODEL, SMC.hasCapabilityDimension))
    headings = set(re.findall(r"^### (.+)$", deloitte, flags=re.MULTILINE))
    assert len(dimensions) == 9
    assert all(labels(graph, d) & headings for d in dimensions)


def test_index_has_four_dimensions(graph: Graph, deloitte: str) -> None:
    assert "evaluated based on four dimensions" in deloitte
    assert len(set(graph.objects(MODEL, SMC.hasIndexDimension))) == 4


def test_ranking_is_the_reports(graph: Graph, deloitte: str) -> None:
    table = deloitte[deloitte.index("City\tSmart city ranking"):]
    ranked = re.findall(r"^([A-Z][a-z]+)\t(\d+)\t(\d+)$", table, flags=re.MULTILINE)[:25]
    cities = set(graph.subjects(SMC.superSmartCityRank, None))
    ours = {(label(graph, c).split(" (")[0], number(graph, c, SMC.superSmartCityRank),
             number(graph, c, SMC.gdpPerCapitaRank)) for c in cities}
    assert len(ranked) == 25
    assert ours == {(name, int(rank), int(gdp)) for name, rank, gdp in ranked}


def test_suzhou_of_the_ranking_is_not_the_case_city(graph: Graph) -> None:
    suzhou = city_iri("suzhou-jiangsu")
    assert label(graph, suzhou, "zh") == "苏州"
    assert (suzhou, SMC.locatedIn, iri("region/jiangsu")) in graph


# ---------------------------------------------------------------- Shanghai


def figure(graph: Graph, slug: str) -> URIRef:
    node = iri(f"figure/shanghai/{slug}")
    assert (SHANGHAI, SMC.hasFigure, node) in graph
    return node


def test_shanghai_is_a_reference_city_not_a_case(graph: Graph) -> None:
    types = set(graph.objects(SHANGHAI, RDF.type))
    assert SMC.ReferenceCity in types and not types & {SMC.Case, SMC.City}
    assert set(graph.objects(SHANGHAI, DCTERMS.source)) == {iri("report/deloitte-2017"),
                                                            iri("report/undesa-2021")}


def test_shanghai_figures_are_typed_and_agree_with_the_sources(graph: Graph, undesa: str,
                                                              deloitte: str) -> None:
    users, fibre = figure(graph, "e-government-users"), figure(graph, "gigabit-fibre-coverage")
    research = figure(graph, "rd-intensity-2015")
    values = {node: graph.value(node, SMC.figureValue) for node in (users, fibre, research)}
    assert all(value.datatype == rdflib.XSD.decimal for value in values.values())
    assert f"{values[users].toPython() / Decimal(1_000_000):.2f} million" in undesa
    assert f"coverage of {values[fibre].toPython():.0f}%" in undesa
    assert f"{values[research].toPython()}%" in deloitte
    assert graph.value(users, SMC.isLowerBound) == Literal(True)
    assert graph.value(research, SMC.figureYear) == Literal("2015", datatype=rdflib.XSD.gYear)
    population = graph.value(SHANGHAI, SMC.population)
    assert population.datatype == rdflib.XSD.integer
    assert f"over {population.toPython() // 1_000_000} million" in undesa


# ---------------------------------------------------------------- every individual


def test_every_individual_is_a_bilingual_concept_with_its_source(graph: Graph) -> None:
    reports = set(graph.subjects(RDF.type, SMC.Report))
    assert reports == {iri("report/deloitte-2017"), iri("report/undesa-2021")}
    for node in graph.subjects(RDF.type, SKOS.Concept):
        for predicate in (SKOS.prefLabel, SKOS.definition):
            assert sorted(o.language for o in graph.objects(node, predicate)) == ["en", "zh"], node
        assert (node, SKOS.inScheme, iri("scheme")) in graph
        assert node in reports or set(graph.objects(node, DCTERMS.source)) & reports, node


def test_reference_cities_lie_in_regions_of_the_records(graph: Graph) -> None:
    regions = {iri(term.path) for term in load_records().of("region")}
    located = set(graph.objects(None, SMC.locatedIn))
    assert located and located <= regions


def test_graph_passes_the_shapes_together_with_the_kg(kg: Graph, graph: Graph) -> None:
    assert check_shapes(kg + graph + mapping_graph(load_mapping_sets())) == []


# ---------------------------------------------------------------- the crosswalk


@pytest.fixture(scope="module")
def crosswalk() -> list:
    return list(read_mapping_set(FRAMEWORKS_DIR / "deloitte-wef.sssom.tsv").mappings)


def test_crosswalk_links_every_phase_and_every_stage(graph: Graph, crosswalk: list) -> None:
    stages = set(graph.subjects(RDF.type, SMC.MaturityStage))
    assert {m.subject for m in crosswalk} == {phase(n) for n in (1, 2, 3)}
    assert {m.object for m in crosswalk} == stages
    assert all(m.reason.en and m.reason.zh for m in crosswalk)


def test_close_matches_keep_the_order_of_phases_and_stages(graph: Graph, crosswalk: list) -> None:
    close = sorted((int(str(m.subject).rsplit("/", 1)[1]), number(graph, m.object, SMC.stageNumber))
                   for m in crosswalk if m.predicate == SKOS.closeMatch)
    assert [stage for _, stage in close] == sorted(stage for _, stage in close)
    assert len({p for p, _ in close}) == 3


def test_crosswalk_query_answers_each_phase_with_its_stages_and_reasons(
    kg: Graph, graph: Graph, crosswalk: list
) -> None:
    query = parse_query_file(QUERIES_DIR / "crosswalk-phase-stages.rq")
    rows = list(kg.query(query.text))  # the build merges the framework graph into the KG
    assert [(r.phase, r.relation, r.stage) for r in rows] == [
        (m.subject, m.predicate, m.object) for m in crosswalk]  # the file lists them in order
    assert all(r.reason_en.language == "en" and r.reason_zh.language == "zh" for r in rows)
    assert [str(r.phase_en) for r in rows][:2] == ["Phase 1", "Phase 1"]


# ---------------------------------------------------------------- broken records


def broken_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    folder = tmp_path / "frameworks"
    shutil.copytree(FRAMEWORKS_DIR, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("deloitte.yaml", "    transformed:\n      en: \"Strategy is revised",
     "    final:\n      en: \"Strategy is revised", "unknown 'final'"),
    ("deloitte.yaml", "{city: beijing, rank: 3,", "{city: beijing, rank: 30,", "without gaps"),
    ("reference-cities.yaml", "region: zhejiang", "region: atlantis", "unknown 'atlantis'"),
    ("reference-cities.yaml", "label: {en: Harbin, zh: 哈尔滨}", "label: {en: Harbin}", "zh"),
    ("reference-cities.yaml", "unit: percent", "unit: furlong", "unknown 'furlong'"),
])
def test_broken_records_are_reported_with_file_and_line(tmp_path: Path, file: str, old: str,
                                                        new: str, message: str) -> None:
    folder = broken_copy(tmp_path, file, old, new)
    with pytest.raises(RecordError) as caught:
        framework_graph(folder)
    path = folder / file
    where = caught.value.where or ""
    assert where.startswith(f"{path}:") and int(where.rsplit(":", 1)[1]) > 0
    assert message in caught.value.en and caught.value.zh
