"""Triples of the framework's context: the documents the sources cite, SMC size classes, the
survey's respondents, the countries studied, the functions of SMCs, key concepts, stated
figures, challenges voiced at events, and Deloitte's operation models, roles of government,
city tiers, key lessons (with risks and success factors) and city goals.

Every such record is an individual of its kind's class; its own fields become triples by the
table ``FIELDS`` (field -> predicate and how to write the value).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rdflib import DCTERMS, SKOS, XSD, Graph, Literal, URIRef

from smckg.graph.cases import unit_iri
from smckg.graph.terms import add_term, decimal_literal
from smckg.records import Records, Term
from smckg.records.fields import Ref
from smckg.vocab import SMC, iri

CLASSES: dict[str, URIRef] = {
    "document": SMC.ReferencedDocument,
    "size-class": SMC.SizeClass,
    "respondent-group": SMC.RespondentGroup,
    "country": SMC.Country,
    "city-function": SMC.CityFunction,
    "concept": SMC.KeyConcept,
    "figure": SMC.StatedFigure,
    "finding": SMC.ForumFinding,
    "operation-model": SMC.OperationModel,
    "government-role": SMC.GovernmentRole,
    "city-tier": SMC.CityTier,
    "lesson": SMC.KeyLesson,
    "risk": SMC.StrategyRisk,
    "success-factor": SMC.SuccessFactor,
    "city-goal": SMC.CityGoal,
    "new-style-trait": SMC.NewStyleTrait,
}

Writer = Callable[[Any, Records], Literal | URIRef]


def _integer(value: int, records: Records) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _plain(value: str, records: Records) -> Literal:
    return Literal(value)


def _node(value: Ref, records: Records) -> URIRef:
    return iri(records.get(value).path)


def _year(value: int, records: Records) -> Literal:
    return Literal(str(value), datatype=XSD.gYear)


#: field -> (predicate, writer); a tuple of references gives one triple per reference.
FIELDS: dict[str, tuple[URIRef, Writer]] = {
    "ordinal": (SMC.ordinal, _integer),
    "country_code": (SMC.countryCode, _plain),
    "date": (DCTERMS.date, _plain),
    "classification": (SMC.sizeClassification, _node),
    "min_population": (SMC.minPopulation, _integer),
    "max_population": (SMC.maxPopulation, _integer),
    "broader": (SKOS.broader, _node),
    "count": (SMC.respondentCount, _integer),
    "defined_by": (SMC.definedBy, _node),
    "value": (SMC.figureValue, lambda value, records: decimal_literal(value)),
    "unit": (SMC.figureUnit, lambda value, records: unit_iri(records.get(value))),
    "year": (SMC.figureYear, _year),
    "voiced_at": (SMC.voicedAt, _node),
    "funding": (SMC.fundedBy, _node),
    "operation": (SMC.operatedBy, _node),
    "control": (SMC.controlledBy, _node),
}
#: How a figure's ``bound`` is written: which of the three flags is true.
BOUNDS = {"over": SMC.isLowerBound, "under": SMC.isUpperBound, "about": SMC.isApproximate}
#: What a record's ``type`` says, by kind.
TYPE_PREDICATES = {"document": SMC.documentType, "finding": SMC.findingType,
                   "new-style-trait": SMC.traitType}
#: Nested kinds: the property from their parent to them.
PARENT_LINKS = {"risk": SMC.hasRisk, "success-factor": SMC.hasSuccessFactor}


def add_context_term(graph: Graph, term: Term, records: Records) -> None:
    """One context record with its class, its own fields and (nested) its parent's link."""
    node = add_term(graph, term, CLASSES[term.kind])
    for name, value in sorted(term.fields.items()):
        if name in FIELDS:
            predicate, write = FIELDS[name]
            for item in value if isinstance(value, tuple) else (value,):
                graph.add((node, predicate, write(item, records)))
    if term.kind in TYPE_PREDICATES:
        graph.add((node, TYPE_PREDICATES[term.kind], Literal(term.get("type"))))
    if term.kind == "figure":
        for bound, predicate in BOUNDS.items():
            graph.add((node, predicate, Literal(term.get("bound") == bound, datatype=XSD.boolean)))
    if term.kind in PARENT_LINKS:
        graph.add((_node(term.get("parent"), records), PARENT_LINKS[term.kind], node))


BUILDERS: dict[str, Callable[[Graph, Term, Records], None]] = dict.fromkeys(CLASSES, add_context_term)
