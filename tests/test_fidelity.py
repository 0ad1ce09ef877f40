"""Regression tests of the second fidelity pass (issue 20): each error the audit found, read
against the report texts, so that the same kind of error cannot come back unnoticed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from smckg.crosscheck import check_reports
from smckg.errors import CrossCheckError
from smckg.paths import RECORDS_DIR
from smckg.records import load_records
from smckg.records.yamlio import read_tsv
from smckg.reports import find_section, match_key, read_report
from smckg.vocab import SMC, iri

ONTOLOGY = Path(__file__).parents[1] / "ontology"


def _zh(reports_dir: Path):  # noqa: ANN202 - ReportText
    return read_report(reports_dir / "wef-smc-2022.zh.txt", "zh")


def _line(reports_dir: Path, number: int) -> str:
    return _zh(reports_dir).line(number).text


def test_no_alternative_label_is_another_individuals_label_unless_listed(kg: Graph) -> None:
    """An alternative label shared with another individual's label must be in shared-labels.tsv
    (a YAML list once split "Suzhou City, Anhui" and gave Suzhou the label "Anhui")."""
    listed = {(row["lang"], row["label"].casefold()) for row in read_tsv(RECORDS_DIR / "shared-labels.tsv")}
    holders: dict[tuple[str, str], set[URIRef]] = {}
    for predicate in (SKOS.prefLabel, SKOS.altLabel):
        for node, label in kg.subject_objects(predicate):
            holders.setdefault((label.language, str(label).casefold()), set()).add(node)
    clashes = sorted(
        (label.language, str(label)) for node, label in kg.subject_objects(SKOS.altLabel)
        if holders[(label.language, str(label).casefold())] - {node}
        and (label.language, str(label).casefold()) not in listed)
    assert clashes == []
    assert (iri("city/suzhou-anhui"), SKOS.altLabel, None) in kg
    assert "anhui" not in {str(label).casefold() for label in kg.objects(iri("city/suzhou-anhui"), SKOS.altLabel)}


def test_the_shenxian_cloud_warehouse_is_not_cloud_computing(kg: Graph, reports_dir: Path) -> None:
    assert "数字云仓" in _line(reports_dir, 448)
    case = iri("case/shenxian-digital-agriculture")
    assert (case, SMC.usesTechnology, iri("technology/cloud")) not in kg
    assert (case, SMC.usesTechnology, iri("technology/digital-warehouse")) in kg
    cloud_labels = [str(label) for p in (SKOS.prefLabel, SKOS.altLabel)
                    for label in kg.objects(iri("technology/cloud"), p)]
    assert not any("仓" in label for label in cloud_labels)


def test_no_score_scale_is_claimed(reports_dir: Path) -> None:
    """The report gives mean and median scores but no scale (zh 166-187, en 120)."""
    table = "".join(_line(reports_dir, number) for number in range(166, 188))
    assert not any(word in table for word in ("五分", "5分制", "五点"))
    for path in (ONTOLOGY / "smc-dt.ttl", ONTOLOGY / "shapes.ttl"):
        text = path.read_text(encoding="utf-8")
        assert "five-point" not in text and "五分制" not in text


def test_case_records_cite_no_english_case_text(reports_dir: Path) -> None:
    """The English report has no case studies; cases, outcomes, partners cite Chinese sections."""
    records = load_records()
    for kind in ("case", "outcome", "organisation"):
        for term in records.of(kind):
            assert "en" not in term.source, (kind, term.slug)


def test_a_case_citing_a_section_without_its_city_is_refused(
        records_copy: Path, edit: Callable[..., None], reports_dir: Path) -> None:
    edit(records_copy / "cases.yaml", "slug: suzhou", 'source: {zh: "3.3"}', 'source: {en: "3.3", zh: "3.3"}')
    with pytest.raises(CrossCheckError, match="section 3.3 cited by"):
        check_reports(load_records(records_copy), reports_dir)


def test_chapter_four_parts_are_exported_and_cited(kg: Graph, reports_dir: Path) -> None:
    zh = _zh(reports_dir)
    chapter = find_section(zh, "4")
    assert (chapter.line_start, chapter.line_end) == (741, 759)
    records = load_records()
    for number, slug in (("4.1", "government"), ("4.2", "citizens"), ("4.3", "enterprises"),
                         ("4.4", "research-institutes")):
        part = find_section(zh, number)
        node = iri(f"section/zh/{number}")
        assert (node, SMC.lineStart, None) in kg
        stakeholder = next(term for term in records.of("stakeholder") if term.slug == slug)
        assert match_key(stakeholder.label.zh) in match_key(part.title)
        assert number in stakeholder.source["zh"]
        for action in records.of("action"):
            if action.get("parent").slug == slug:
                assert action.source["zh"] == (number,), action.slug


def test_kaifeng_phase_one_has_no_phase_two_technology(kg: Graph, reports_dir: Path) -> None:
    assert "旅游企业" in _line(reports_dir, 532) and "安全生产" in _line(reports_dir, 532)
    assert "二期" in _line(reports_dir, 544) and "区块链" in _line(reports_dir, 544)
    case = iri("case/kaifeng-future-city")
    for slug in ("ai", "blockchain"):
        assert (case, SMC.usesTechnology, iri(f"technology/{slug}")) not in kg
    definition = next(str(d) for d in kg.objects(case, SKOS.definition) if d.language == "zh")
    assert "旅游企业" in definition and "二期" in definition


def test_fukuoka_saving_is_given_flatly_and_home_care_lifts_elderly_employment(
        kg: Graph, reports_dir: Path) -> None:
    line = _line(reports_dir, 396)
    assert "4亿日元" in line and "约" not in line.split("4亿日元")[0][-3:]
    assert "家庭护理" in line and "就业率" in line
    outcome = iri("outcome/fukuoka-health-platform/medical-cost-reduction")
    for definition in kg.objects(outcome, SKOS.definition):
        assert "about" not in str(definition) and "约" not in str(definition)
    case = next(str(d) for d in kg.objects(iri("case/fukuoka-health-platform"), SKOS.definition)
                if d.language == "zh")
    assert "就业率" in case


def test_difference_seven_is_not_named_after_the_english_item_for_two_rows(
        kg: Graph, reports_dir: Path) -> None:
    assert _line(reports_dir, 270).startswith("7 保障要素水平")
    assert _line(reports_dir, 271).startswith("8 组织推进难度")
    en = read_report(reports_dir / "wef-smc-2022.en.txt", "en").line(218).text
    assert "digital government readiness" in en and "organizational structure" in en
    for slug in ("enabling-factors", "organisational-difficulty"):
        labels = {str(label) for label in kg.objects(iri(f"difference/{slug}"), SKOS.prefLabel)}
        assert "Digital government readiness" not in labels


@pytest.mark.parametrize(("line", "absent", "path", "unwanted"), [
    (450, "每", "cases.yaml", "per farm"),
    (430, "热门", "cases.yaml", "popular game"),
    (574, "牵头", "organisations.yaml", "led the planning"),
    (266, "一视同仁", "differences.yaml", "一视同仁"),
])
def test_wording_adds_nothing_the_report_does_not_say(
        reports_dir: Path, line: int, absent: str, path: str, unwanted: str) -> None:
    assert absent not in _line(reports_dir, line)
    assert unwanted not in (RECORDS_DIR / path).read_text(encoding="utf-8")


def test_digital_inclusion_and_auxiliary_roles_say_what_the_report_says(reports_dir: Path) -> None:
    records = load_records()
    inclusion = next(term for term in records.of("challenge") if term.slug == "digital-inclusion")
    assert "低收入" not in inclusion.definition.zh and "poor" not in inclusion.definition.en
    assert "部分参与者" in "".join(_line(reports_dir, n) for n in (797, 798, 799))
    research = next(term for term in records.of("stakeholder") if term.slug == "research-institutes")
    assert "advise" not in research.definition.en and "咨询" not in research.definition.zh


def test_every_property_is_used_within_its_domain(kg: Graph) -> None:
    """A property is only put on things of its domain (a finding once got smc:documentType and
    so, by reasoning, became a document)."""
    def members(domain: Node) -> set[Node]:
        union = kg.value(domain, OWL.unionOf)
        classes = set(Collection(kg, union)) if union is not None else {domain}
        return {sub for cls in classes for sub in kg.transitive_subjects(RDFS.subClassOf, cls)}
    wrong = []
    for prop, domain in kg.subject_objects(RDFS.domain):
        if not str(prop).startswith(str(SMC)) or domain == OWL.Thing:
            continue
        allowed = members(domain)
        wrong += [(str(node), str(prop)) for node in set(kg.subjects(prop, None))
                  if not allowed & set(kg.objects(node, RDF.type))]
    assert sorted(wrong) == []
