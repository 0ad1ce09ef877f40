"""Triples of the case studies: cases, their phase transitions, measured outcomes, cities,
regions, partner organisations, technologies and units."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import OWL, RDF, SKOS, XSD, Graph, Literal, URIRef

from smckg.graph.terms import (
    add_concept,
    add_labels,
    add_sources,
    add_term,
    decimal_literal,
    with_definition,
)
from smckg.records import Records, Term, Text
from smckg.vocab import GEONAMES, QUDT, SMC, WD, area, iri, phase, transition

PHASE_ZH = {1: "阶段一", 2: "阶段二", 3: "阶段三"}


def unit_iri(term: Term) -> URIRef:
    """A unit's IRI: the QUDT one where the record names it, else the project's own."""
    return URIRef(term.get("iri")) if term.get("iri") else iri(term.path)


def add_unit(graph: Graph, term: Term, records: Records) -> None:
    """A unit of measure; the project describes only the units QUDT lacks."""
    if term.get("iri"):
        graph.add((unit_iri(term), RDF.type, QUDT.Unit))
        add_labels(graph, unit_iri(term), term.label, None)
        return
    definition = Text(
        f"Unit of measure '{term.label.en}', used for case outcomes that no standard unit covers.",
        f"计量单位“{term.label.zh}”，用于标准单位无法表示的案例成效数值。",
    )
    node = add_term(graph, with_definition(term, definition), QUDT.Unit)
    graph.add((node, RDF.type, OWL.NamedIndividual))


def _add_matches(graph: Graph, node: URIRef, term: Term) -> None:
    if term.get("wikidata"):
        graph.add((node, SKOS.exactMatch, WD[term.get("wikidata")]))
    if term.get("geonames"):
        graph.add((node, SKOS.exactMatch, GEONAMES[f"{term.get('geonames')}/"]))


def add_region(graph: Graph, term: Term, records: Records) -> None:
    """A province, prefecture or municipality that a case city lies in."""
    node = add_term(graph, term, SMC.AdministrativeRegion)
    graph.add((node, SMC.countryCode, Literal(term.get("country_code"))))
    _add_matches(graph, node, term)


def add_city(graph: Graph, term: Term, records: Records) -> None:
    """A case city with its country, region, size and external identifiers."""
    node = add_term(graph, term, SMC.City)
    graph.add((node, SMC.countryCode, Literal(term.get("country_code"))))
    graph.add((node, SMC.locatedIn, iri(records.get(term.get("region")).path)))
    if term.get("population") is not None:
        graph.add((node, SMC.population, Literal(term.get("population"), datatype=XSD.integer)))
    _add_matches(graph, node, term)


def add_case(graph: Graph, term: Term, records: Records) -> None:
    """A case with its city, period, partners, technologies, outcomes and phase transition."""
    node = add_term(graph, term, SMC.Case)
    graph.add((node, SMC.city, iri(records.get(term.get("city")).path)))
    for field, predicate in (("start_year", SMC.periodStart), ("end_year", SMC.periodEnd)):
        if term.get(field) is not None:
            graph.add((node, predicate, Literal(str(term.get(field)), datatype=XSD.gYear)))
    for field, predicate in (("partners", SMC.partner), ("technologies", SMC.usesTechnology)):
        for ref in term.get(field, ()):
            graph.add((node, predicate, iri(records.get(ref).path)))
    for outcome in records.of("outcome"):
        if outcome.get("parent").slug == term.slug:
            graph.add((node, SMC.hasOutcome, iri(outcome.path)))
    graph.add((node, SMC.hasTransition, _add_transition(graph, term)))


def _add_transition(graph: Graph, case: Term) -> URIRef:
    node = transition(case.slug)
    start, end = case.get("from_phase"), case.get("to_phase")
    add_concept(graph, node, SMC.PhaseTransition)
    span_en = f"phase {start}" if start == end else f"phase {start} to phase {end}"
    span_zh = PHASE_ZH[start] if start == end else f"{PHASE_ZH[start]}至{PHASE_ZH[end]}"
    label = Text(f"{case.label.en}: {span_en}", f"{case.label.zh}：{span_zh}")
    definition = Text(
        f"The place of the case '{case.label.en}' in its functional area: {span_en}.",
        f"案例“{case.label.zh}”在其功能领域中所处的阶段：{span_zh}。",
    )
    add_labels(graph, node, label, definition)
    add_sources(graph, node, case.source)
    graph.add((node, SMC.inArea, area(case.get("area").slug)))
    graph.add((node, SMC.fromPhase, phase(start)))
    graph.add((node, SMC.toPhase, phase(end)))
    return node


def add_outcome(graph: Graph, term: Term, records: Records) -> None:
    """A measured outcome of a case: a decimal value with its unit and optional baseline."""
    node = add_term(graph, term, SMC.MeasuredOutcome)
    graph.add((node, SMC.numericValue, decimal_literal(term.get("value"))))
    graph.add((node, SMC.unit, unit_iri(records.get(term.get("unit")))))
    if term.get("baseline") is not None:
        graph.add((node, SMC.baselineValue, decimal_literal(term.get("baseline"))))


BUILDERS: dict[str, Callable[[Graph, Term, Records], None]] = {
    "unit": add_unit,
    "region": add_region,
    "city": add_city,
    "organisation": lambda graph, term, records: add_term(graph, term, SMC.Organisation),
    "technology": lambda graph, term, records: add_term(graph, term, SMC.Technology),
    "case": add_case,
    "outcome": add_outcome,
}
