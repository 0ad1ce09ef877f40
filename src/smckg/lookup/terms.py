"""The framework's terms read out of the knowledge graph: labels, type, definitions, links.

Every individual under ``smcid:`` typed with an ``smc:`` class (except reports and their
sections, which are citations, not terms) and every class and property of the ontology
becomes a :class:`Term` with its labels already folded into matching keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from smckg.lookup import text
from smckg.vocab import PREFIXES, SMC, SMCID

#: Individual types in the order ties are broken (framework core first).
TYPE_ORDER: tuple[URIRef, ...] = (
    SMC.FunctionalArea, SMC.MaturityPhase, SMC.KeyFeature, SMC.Stakeholder, SMC.Challenge,
    SMC.Driver, SMC.Principle, SMC.GeneralPrinciple, SMC.PeopleCentredPrinciple, SMC.KeyPoint,
    SMC.Case, SMC.City, SMC.AdministrativeRegion, SMC.ChallengeDimension, SMC.Aim,
    SMC.DifferenceDimension, SMC.PriorityItem, SMC.RecommendedAction, SMC.MeasuredOutcome,
    SMC.Technology, SMC.Organisation, SMC.ReferenceCity, SMC.PhaseTransition,
)
#: Individuals of these types are not terms of the framework.
EXCLUDED_TYPES = frozenset({SMC.Report, SMC.ReportSection})
#: Ontology term types and their bilingual names.
ONTOLOGY_TYPES: dict[URIRef, tuple[str, str, str]] = {
    OWL.Class: ("Class", "类", "class"),
    OWL.ObjectProperty: ("Object property", "对象属性", "property"),
    OWL.DatatypeProperty: ("Datatype property", "数据属性", "property"),
    OWL.AnnotationProperty: ("Annotation property", "注释属性", "property"),
    RDF.Property: ("Property", "属性", "property"),
}
_SMC = PREFIXES["smc"]
_CURIE_PREFIXES = {**PREFIXES, "owl": str(OWL), "rdf": str(RDF), "rdfs": str(RDFS),
                   "skos": str(SKOS)}
_LABEL_PREDICATES = (SKOS.prefLabel, SKOS.altLabel, RDFS.label)


@dataclass(frozen=True, slots=True)
class Label:
    """One label of a term with its precomputed matching keys."""

    text: str
    lang: str  # "en" or "zh"
    pref: bool
    key: str  # folded, simplified
    key_hant: str = ""  # folded traditional form (Chinese labels)
    pinyin: str = ""  # toneless syllables separated by spaces (Chinese labels)
    pinyin_tone: str = ""  # syllables with tone digits (5 = neutral)
    initials: str = ""  # first letters of the syllables


@dataclass(frozen=True, slots=True)
class Term:
    """A framework term as the lookup service shows it."""

    iri: str
    curie: str
    type: str  # CURIE of the most specific type
    type_label: dict[str, str]
    kinds: tuple[str, ...]  # lower-case names the type filter accepts
    rank: int  # position of the type in TYPE_ORDER (ties are broken by it)
    pref: dict[str, str]  # "en", "zh", "zh_hant"
    alt: dict[str, list[str]]
    definition: dict[str, str]
    areas: tuple[str, ...] = ()  # functional areas the term belongs to
    phases: tuple[str, ...] = ()  # maturity phases the term belongs to
    annotate: bool = True  # whether the annotator marks mentions of it
    labels: tuple[Label, ...] = field(default=())


def curie(node: str) -> str:
    """The prefixed name of an IRI (``smcid:area/governance``), or the IRI itself."""
    for prefix, namespace in sorted(_CURIE_PREFIXES.items(), key=lambda p: -len(p[1])):
        if node.startswith(namespace):
            return f"{prefix}:{node[len(namespace):]}"
    return node


def collect_terms(graph: Graph) -> list[Term]:
    """Every term of ``graph``, sorted by IRI."""
    terms = (_term(graph, node) for node in sorted(_subjects(graph)))
    return [term for term in terms if term is not None]


def _subjects(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}


def _term(graph: Graph, node: URIRef) -> Term | None:
    labels = _labels(graph, node)
    if not labels:
        return None
    if node.startswith(str(SMCID)):
        return _individual(graph, node, labels)
    if node.startswith(_SMC):
        return _ontology_term(graph, node, labels)
    return None


def _individual(graph: Graph, node: URIRef, labels: list[Label]) -> Term | None:
    types = {t for t in graph.objects(node, RDF.type) if t.startswith(_SMC)}
    if not types or types & EXCLUDED_TYPES:
        return None
    chosen = _most_specific(graph, types)
    supers = _superclasses(graph, types)
    kinds = {str(node)[len(str(SMCID)):].split("/")[0]}
    for cls in supers:
        local = cls[len(_SMC):].lower()
        kinds.update({local, f"smc:{local}"})
    areas, phases = _placement(graph, node, chosen)
    return _make(graph, node, labels, chosen, _class_label(graph, chosen),
                 kinds, _rank(chosen), areas, phases, annotate=True)


def _ontology_term(graph: Graph, node: URIRef, labels: list[Label]) -> Term | None:
    kind = next((t for t in ONTOLOGY_TYPES if (node, RDF.type, t) in graph), None)
    if kind is None:
        return None
    en, zh, family = ONTOLOGY_TYPES[kind]
    kinds = {family, curie(str(kind)).lower(), curie(str(kind)).split(":")[1].lower()}
    rank = len(TYPE_ORDER) + (1 if family == "class" else 2)
    return _make(graph, node, labels, kind, {"en": en, "zh": zh}, kinds, rank, (), (),
                 annotate=False)


def _make(graph: Graph, node: URIRef, labels: list[Label], kind: URIRef,
          type_label: dict[str, str], kinds: set[str], rank: int,
          areas: Iterable[URIRef], phases: Iterable[URIRef], *, annotate: bool) -> Term:
    pref = {lb.lang: lb.text for lb in labels if lb.pref}
    if "zh" in pref:
        pref["zh_hant"] = text.to_traditional(pref["zh"])
    alt = {lang: [lb.text for lb in labels if lb.lang == lang and not lb.pref]
           for lang in ("en", "zh")}
    return Term(
        iri=str(node), curie=curie(str(node)), type=curie(str(kind)), type_label=type_label,
        kinds=tuple(sorted(kinds)), rank=rank, pref=pref, alt=alt,
        definition=_definition(graph, node),
        areas=tuple(sorted({str(a) for a in areas})),
        phases=tuple(sorted({str(p) for p in phases})),
        annotate=annotate, labels=tuple(labels),
    )


def _rank(cls: URIRef) -> int:
    return TYPE_ORDER.index(cls) if cls in TYPE_ORDER else len(TYPE_ORDER)


def _superclasses(graph: Graph, classes: Iterable[URIRef]) -> set[URIRef]:
    found: set[URIRef] = set()
    for cls in classes:
        found.update(
            c for c in graph.transitive_objects(cls, RDFS.subClassOf)
            if isinstance(c, URIRef) and c.startswith(_SMC)
        )
    return found


def _most_specific(graph: Graph, types: set[URIRef]) -> URIRef:
    inherited = {c for t in types for c in _superclasses(graph, [t]) if c != t}
    candidates = sorted(types - inherited) or sorted(types)
    return min(candidates, key=lambda c: (_rank(c), str(c)))


def _class_label(graph: Graph, cls: URIRef) -> dict[str, str]:
    found = _first_by_lang(graph, cls, (SKOS.prefLabel, RDFS.label))
    local = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", cls[len(_SMC):])
    return {"en": found.get("en", local), "zh": found.get("zh", found.get("en", local))}


def _placement(graph: Graph, node: URIRef, kind: URIRef) -> tuple[set[URIRef], set[URIRef]]:
    """The areas and phases a term belongs to: its own, its transition's, its case's.

    A key feature has an area and a phase; a case (or an outcome of a case) the area and
    the phases of its transition; a priority item the area that lists it.
    """
    owners = set(graph.subjects(SMC.hasOutcome, node)) | {node}
    steps = owners | {t for owner in owners for t in graph.objects(owner, SMC.hasTransition)}
    areas = {a for step in steps for a in graph.objects(step, SMC.inArea)}
    areas |= {a for p in (SMC.hasKeyFeature, SMC.hasPriorityItem) for a in graph.subjects(p, node)}
    phases = {p for step in steps for predicate in (SMC.atPhase, SMC.fromPhase, SMC.toPhase)
              for p in graph.objects(step, predicate)}
    if kind == SMC.FunctionalArea:
        areas.add(node)
    if kind == SMC.MaturityPhase:
        phases.add(node)
    return {a for a in areas if isinstance(a, URIRef)}, {p for p in phases if isinstance(p, URIRef)}


def _lang_of(literal: Literal) -> str | None:
    tag = (literal.language or "").lower()
    if tag.startswith("zh"):
        return "zh"
    if tag.startswith("en"):
        return "en"
    if tag:
        return None
    return "zh" if text.has_cjk(str(literal)) else "en"


def _lang_values(graph: Graph, node: URIRef, predicate: URIRef) -> Iterator[tuple[str, str]]:
    for value in sorted(graph.objects(node, predicate)):
        if isinstance(value, Literal) and (lang := _lang_of(value)) and str(value).strip():
            yield lang, str(value).strip()


def _first_by_lang(graph: Graph, node: URIRef, predicates: Iterable[URIRef]) -> dict[str, str]:
    found: dict[str, str] = {}
    for predicate in predicates:
        for lang, value in _lang_values(graph, node, predicate):
            found.setdefault(lang, value)
    return found


def _definition(graph: Graph, node: URIRef) -> dict[str, str]:
    return _first_by_lang(graph, node, (SKOS.definition, RDFS.comment))


def _labels(graph: Graph, node: URIRef) -> list[Label]:
    seen: dict[tuple[str, str], Label] = {}
    has_pref: set[str] = set()
    for predicate in _LABEL_PREDICATES:
        for lang, value in _lang_values(graph, node, predicate):
            if (lang, value) in seen:
                continue
            pref = predicate != SKOS.altLabel and lang not in has_pref
            if pref:
                has_pref.add(lang)
            seen[(lang, value)] = make_label(value, lang, pref)
    return list(seen.values())


def make_label(value: str, lang: str, pref: bool) -> Label:
    """A label with its keys: folded form, and for Chinese the traditional form and pinyin."""
    folded = text.key(value)
    if not text.has_cjk(folded):
        return Label(value, lang, pref, folded)
    romanised = text.pinyin(folded)
    return Label(
        value, lang, pref, folded,
        key_hant=text.key(text.to_traditional(value), simplify=False),
        pinyin=romanised.plain, pinyin_tone=romanised.tone, initials=romanised.initials,
    )
