"""Triples every individual shares: types, scheme membership, labels, definition, provenance."""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, SKOS, XSD, Graph, Literal, URIRef

from smckg.records import Term, Text
from smckg.vocab import SCHEME, SMC, iri, section


def add_labels(graph: Graph, node: URIRef, label: Text, definition: Text | None) -> None:
    """One preferred label and (when given) one definition per language."""
    for lang in ("en", "zh"):
        graph.add((node, SKOS.prefLabel, Literal(getattr(label, lang), lang=lang)))
        if definition is not None:
            graph.add((node, SKOS.definition, Literal(getattr(definition, lang), lang=lang)))


def add_concept(graph: Graph, node: URIRef, *classes: URIRef) -> None:
    """Type ``node`` with ``classes`` and make it a concept of the project's scheme."""
    for cls in classes:
        graph.add((node, RDF.type, cls))
    graph.add((node, RDF.type, SKOS.Concept))
    graph.add((node, SKOS.inScheme, SCHEME))


def add_sources(graph: Graph, node: URIRef, sources: dict[str, tuple[str, ...]]) -> None:
    """Link ``node`` to the report sections it is stated in."""
    for lang, numbers in sorted(sources.items()):
        for number in numbers:
            graph.add((node, SMC.section, section(lang, number)))


def add_term(graph: Graph, term: Term, *classes: URIRef) -> URIRef:
    """All shared triples of a curated term; returns its IRI."""
    node = iri(term.path)
    add_concept(graph, node, *classes)
    add_labels(graph, node, term.label, term.definition)
    for lang, labels in sorted(term.alt.items()):
        for label in labels:
            graph.add((node, SKOS.altLabel, Literal(label, lang=lang)))
    add_sources(graph, node, term.source)
    return node


def lang_pair(graph: Graph, node: URIRef, predicate: URIRef, text: Text) -> None:
    """A language-tagged value of ``predicate`` in English and Chinese."""
    graph.add((node, predicate, Literal(text.en, lang="en")))
    graph.add((node, predicate, Literal(text.zh, lang="zh")))


def with_definition(term: Term, definition: Text) -> Term:
    """The term with ``definition`` when its record has none (generated text, not the reports')."""
    if term.definition is not None:
        return term
    return Term(term.kind, term.slug, term.label, definition, term.source, term.where,
                term.alt, term.fields)


def decimal_literal(value: Decimal) -> Literal:
    """An ``xsd:decimal`` in canonical lexical form (always with a fraction: ``3.0``, not ``3``)."""
    text = format(value.normalize() if value == value.to_integral() else value, "f")
    return Literal(text if "." in text else f"{text}.0", datatype=XSD.decimal)
