"""Triples of the framework's terms: areas, phases, key features, challenges, drivers, principles,
aims, differences from big cities, stakeholders with their roles and recommended actions."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import XSD, Graph, Literal, URIRef

from smckg.graph.terms import add_term, decimal_literal, lang_pair, with_definition
from smckg.records import Records, Term, Text
from smckg.vocab import SMC, area, feature, iri, phase

PRINCIPLE_CLASSES = {
    "general": SMC.GeneralPrinciple,
    "people-centred": SMC.PeopleCentredPrinciple,
    "key-point": SMC.KeyPoint,
}


def _integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def add_area(graph: Graph, term: Term, records: Records) -> None:
    """An area with its survey rank, key features and priority items."""
    node = add_term(graph, term, SMC.FunctionalArea)
    graph.add((node, SMC.priorityRank, _integer(term.get("priority_rank"))))
    for number in (1, 2, 3):
        graph.add((node, SMC.hasKeyFeature, feature(term.slug, number)))
    for item in records.of("priority-item"):
        if item.get("parent").slug == term.slug:
            graph.add((node, SMC.hasPriorityItem, iri(item.path)))


def add_priority_item(graph: Graph, term: Term, records: Records) -> None:
    """An item ranked high by the survey within an area."""
    parent = records.get(term.get("parent"))
    rank = term.get("rank")
    definition = Text(
        f"Item ranked {rank} by the surveyed stakeholders within the area '{parent.label.en}'.",
        f"调研中利益相关方在“{parent.label.zh}”领域内排名第 {rank} 位的建设内容。",
    )
    node = add_term(graph, with_definition(term, definition), SMC.PriorityItem)
    graph.add((node, SMC.itemRank, _integer(rank)))
    graph.add((node, SMC.ordinal, _integer(term.get("ordinal"))))


def add_phase(graph: Graph, term: Term, records: Records) -> None:
    """A maturity phase with its number, characteristic and neighbours."""
    node = add_term(graph, term, SMC.MaturityPhase)
    number = term.get("number")
    graph.add((node, SMC.phaseNumber, _integer(number)))
    lang_pair(graph, node, SMC.characteristic, term.get("characteristic"))
    numbers = {other.get("number") for other in records.of("phase")}
    if number + 1 in numbers:
        graph.add((node, SMC.nextPhase, phase(number + 1)))
    if number - 1 in numbers:
        graph.add((node, SMC.previousPhase, phase(number - 1)))


def add_feature(graph: Graph, term: Term, records: Records) -> None:
    """A cell of the 7x3 matrix: its area, phase, drivers, scope and effect."""
    node = add_term(graph, term, SMC.KeyFeature)
    graph.add((node, SMC.inArea, area(term.get("area").slug)))
    graph.add((node, SMC.atPhase, phase(term.get("phase"))))
    for field, predicate in (("driven_by", SMC.drivenBy), ("covers", SMC.covers),
                             ("achieves", SMC.achieves)):
        lang_pair(graph, node, predicate, term.get(field))


def add_challenge(graph: Graph, term: Term, records: Records) -> None:
    """A surveyed challenge with its dimension, scores and rank."""
    node = add_term(graph, term, SMC.Challenge)
    graph.add((node, SMC.challengeDimension, iri(records.get(term.get("dimension")).path)))
    graph.add((node, SMC.meanScore, decimal_literal(term.get("mean"))))
    graph.add((node, SMC.medianScore, decimal_literal(term.get("median"))))
    graph.add((node, SMC.surveyRank, _integer(term.get("rank"))))


def add_driver(graph: Graph, term: Term, records: Records) -> None:
    """A driver of digital transformation, common to all cities or peculiar to SMCs."""
    node = add_term(graph, term, SMC.Driver)
    graph.add((node, SMC.ordinal, _integer(term.get("ordinal"))))
    graph.add((node, SMC.specificToSMCs, Literal(term.get("specific_to_smcs"))))


def add_principle(graph: Graph, term: Term, records: Records) -> None:
    """A principle: one of the general ones, the people-centred ones or the key points."""
    node = add_term(graph, term, SMC.Principle, PRINCIPLE_CLASSES[term.get("kind")])
    graph.add((node, SMC.ordinal, _integer(term.get("ordinal"))))


def add_ordered(cls: URIRef) -> Callable[[Graph, Term, Records], None]:
    """A builder for a simple kind whose only own field is its position."""

    def add(graph: Graph, term: Term, records: Records) -> None:
        node = add_term(graph, term, cls)
        graph.add((node, SMC.ordinal, _integer(term.get("ordinal"))))

    add.__doc__ = f"A {cls.fragment} with its position in the report's list."
    return add


def add_difference(graph: Graph, term: Term, records: Records) -> None:
    """A way in which SMCs differ from big cities, with both sides."""
    add_ordered(SMC.DifferenceDimension)(graph, term, records)
    node = iri(term.path)
    lang_pair(graph, node, SMC.smcCharacteristic, term.get("smc"))
    lang_pair(graph, node, SMC.bigCityCharacteristic, term.get("big_city"))


def add_stakeholder(graph: Graph, term: Term, records: Records) -> None:
    """A stakeholder type with its core and auxiliary roles and recommended actions."""
    node = add_term(graph, term, SMC.Stakeholder)
    for predicate, field in ((SMC.hasCoreRoleIn, "core"), (SMC.hasAuxiliaryRoleIn, "auxiliary")):
        for ref in term.get(field, ()):
            graph.add((node, predicate, area(ref.slug)))
    for action in records.of("action"):
        if action.get("parent").slug == term.slug:
            graph.add((node, SMC.hasRecommendedAction, iri(action.path)))


BUILDERS: dict[str, Callable[[Graph, Term, Records], None]] = {
    "dimension": lambda graph, term, records: add_term(graph, term, SMC.ChallengeDimension),
    "area": add_area,
    "priority-item": add_priority_item,
    "phase": add_phase,
    "feature": add_feature,
    "challenge": add_challenge,
    "driver": add_driver,
    "principle": add_principle,
    "aim": add_ordered(SMC.Aim),
    "difference": add_difference,
    "stakeholder": add_stakeholder,
    "action": add_ordered(SMC.RecommendedAction),
}
