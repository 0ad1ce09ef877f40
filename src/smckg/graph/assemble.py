"""Put the knowledge graph together: ontology, concept scheme, reports, every curated term."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import DCTERMS, RDF, SKOS, Graph

from smckg.errors import RecordError
from smckg.graph import cases, context, framework
from smckg.graph.label_keys import add_label_keys
from smckg.graph.provenance import SectionSpan, add_locations, add_reports, add_spans
from smckg.graph.terms import add_labels
from smckg.records import Records, Text
from smckg.vocab import PREFIXES, SCHEME, SMC, area, phase, report, section

BUILDERS = {**framework.BUILDERS, **cases.BUILDERS, **context.BUILDERS}


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def add_scheme(graph: Graph, records: Records) -> None:
    """The SKOS concept scheme every individual belongs to."""
    graph.add((SCHEME, RDF.type, SKOS.ConceptScheme))
    add_labels(
        graph, SCHEME,
        Text("SMC digital-transformation framework", "中小城市数字化转型框架"),
        Text("Thesaurus of the terms of the WEF/Tencent 2022 framework for the digital "
             "transformation of small and medium-sized cities.",
             "世界经济论坛与腾讯研究院 2022 年中小城市数字化转型框架的术语表。"),
    )
    for lang in ("en", "zh"):
        graph.add((SCHEME, DCTERMS.source, report(lang)))
    for term in records.of("area"):
        graph.add((SCHEME, SKOS.hasTopConcept, area(term.slug)))
    for term in records.of("phase"):
        graph.add((SCHEME, SKOS.hasTopConcept, phase(term.get("number"))))


def assemble(
    records: Records,
    *,
    ontology: Graph,
    spans: Iterable[SectionSpan] = (),
    extra: Iterable[Graph] = (),
) -> Graph:
    """The whole graph: ``ontology`` + scheme + reports + terms + section spans + ``extra`` graphs,
    and the label keys of every term in it."""
    graph = new_graph()
    graph += ontology
    add_scheme(graph, records)
    add_reports(graph, records.report)
    for kind in sorted(records.terms):
        for term in records.of(kind):
            BUILDERS[kind](graph, term, records)
    add_locations(graph, records)
    add_spans(graph, list(spans))
    for part in extra:
        graph += part
    add_label_keys(graph)
    _check_sections(graph, records)
    return graph


def _check_sections(graph: Graph, records: Records) -> None:
    """Every section a record cites must be a section listed in ``report.yaml``."""
    for term in records:
        for lang, number in ((lang, n) for lang, ns in term.source.items() for n in ns):
            if (section(lang, number), SMC.sectionNumber, None) not in graph:
                raise RecordError(
                    f"source section {lang} {number} is not listed in report.yaml",
                    f"来源章节 {lang} {number} 未列在 report.yaml 中",
                    where=term.where,
                )
