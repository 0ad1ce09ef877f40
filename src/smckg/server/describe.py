"""A resource's description: the CONSTRUCT that gathers it, and the page model drawn from it.

The description of ``smcid:{path}`` is every triple about it, every triple pointing at it,
the preferred labels of everything on either side (properties included) and the number,
report and line span of each report section it cites.  The resource's IRI is bound as the
parameter ``?resource`` by the store, never pasted into the query text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from smckg.server.render import OUTPUT_PREFIXES
from smckg.vocab import PROV, SMC

DESCRIBE_QUERY = f"""
PREFIX skos: <{SKOS}>
PREFIX smc: <{SMC._NS}>
CONSTRUCT {{
  ?resource ?p ?o .
  ?s ?q ?resource .
  ?o skos:prefLabel ?oLabel .
  ?p skos:prefLabel ?pLabel .
  ?s skos:prefLabel ?sLabel .
  ?q skos:prefLabel ?qLabel .
  ?o ?sectionProperty ?sectionValue .
}} WHERE {{
  {{
    ?resource ?p ?o .
    OPTIONAL {{ ?o skos:prefLabel ?oLabel }}
    OPTIONAL {{ ?p skos:prefLabel ?pLabel }}
    OPTIONAL {{
      ?resource smc:section ?o .
      ?o ?sectionProperty ?sectionValue .
      FILTER(?sectionProperty IN (smc:sectionNumber, smc:lineStart, smc:lineEnd, smc:report))
    }}
  }} UNION {{
    ?s ?q ?resource .
    OPTIONAL {{ ?s skos:prefLabel ?sLabel }}
    OPTIONAL {{ ?q skos:prefLabel ?qLabel }}
  }}
}}
"""

#: Shown at the top of the page, so left out of the table of statements.
HEADER_PROPERTIES = frozenset({SKOS.prefLabel, SKOS.altLabel, SKOS.definition, RDF.type})
PROVENANCE_PROPERTIES = frozenset({SMC.section, PROV.wasDerivedFrom, DCTERMS.source})
MATCH_PROPERTIES = frozenset({SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch,
                              SKOS.narrowMatch, SKOS.relatedMatch, OWL.sameAs, RDFS.seeAlso})
#: Written by the build for its own indexes: in the data, never on a page.
INTERNAL_PROPERTIES = frozenset({SMC.labelKey})


def shown(pairs: Iterable[tuple[Node, Node]]) -> list[tuple[Node, Node]]:
    """(property, node) pairs a page lists: no build internals, no blank nodes (OWL axioms)."""
    return [(p, node) for p, node in pairs if p not in INTERNAL_PROPERTIES and not isinstance(node, BNode)]


@dataclass(frozen=True)
class Value:
    """A node as shown: its IRI (None for literals), text, language and labels."""

    iri: str | None
    text: str
    lang: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    datatype: str | None = None


@dataclass(frozen=True)
class SectionRef:
    """A report section a resource cites, with its line span when known."""

    section: Value
    number: str | None
    line_start: int | None
    line_end: int | None


@dataclass
class ResourcePage:
    """What the resource page shows."""

    iri: str
    labels: dict[str, str]
    alt_labels: dict[str, list[str]]
    definitions: dict[str, str]
    types: list[Value]
    outgoing: list[tuple[Value, list[Value]]]
    incoming: list[tuple[Value, list[Value]]]
    sections: list[SectionRef]
    matches: list[tuple[Value, list[Value]]]


def curie(iri: str) -> str:
    """``prefix:local`` for the namespaces pages know, else the IRI."""
    for prefix, namespace in OUTPUT_PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def labels_of(graph: Graph, node: Node) -> dict[str, str]:
    """The preferred labels of a node by language (untagged ones under '')."""
    return {label.language or "": str(label) for label in sorted(graph.objects(node, SKOS.prefLabel))
            if isinstance(label, Literal)}


def value(graph: Graph, node: Node) -> Value:
    """How a node is shown: literals as text, IRIs with their labels."""
    if isinstance(node, Literal):
        datatype = str(node.datatype) if node.datatype else None
        return Value(None, str(node), node.language, datatype=datatype)
    if isinstance(node, URIRef):
        return Value(str(node), curie(str(node)), labels=labels_of(graph, node))
    return Value(None, f"_:{node}")


def _texts(graph: Graph, node: Node, predicate: URIRef) -> dict[str, str]:
    return {obj.language or "": str(obj) for obj in sorted(graph.objects(node, predicate))
            if isinstance(obj, Literal)}


def _grouped(graph: Graph, pairs: Iterable[tuple[Node, Node]]) -> list[tuple[Value, list[Value]]]:
    groups: dict[Node, list[Node]] = {}
    for predicate, node in pairs:
        groups.setdefault(predicate, []).append(node)
    return [(value(graph, predicate), [value(graph, node) for node in sorted(nodes)])
            for predicate, nodes in sorted(groups.items(), key=lambda item: curie(str(item[0])))]


def _int(node: Node | None) -> int | None:
    return int(node) if isinstance(node, Literal) and str(node).lstrip("-").isdigit() else None


def _section(graph: Graph, node: Node) -> SectionRef:
    number = graph.value(node, SMC.sectionNumber)
    return SectionRef(value(graph, node), None if number is None else str(number),
                      _int(graph.value(node, SMC.lineStart)), _int(graph.value(node, SMC.lineEnd)))


def page_model(graph: Graph, iri: URIRef) -> ResourcePage:
    """The page of ``iri`` from its description graph."""
    outgoing = shown(graph.predicate_objects(iri))
    alt: dict[str, list[str]] = {}
    for label in sorted(graph.objects(iri, SKOS.altLabel)):
        alt.setdefault(getattr(label, "language", None) or "", []).append(str(label))
    listed = HEADER_PROPERTIES | PROVENANCE_PROPERTIES | MATCH_PROPERTIES
    return ResourcePage(
        iri=str(iri),
        labels=labels_of(graph, iri),
        alt_labels=alt,
        definitions=_texts(graph, iri, SKOS.definition),
        types=[value(graph, t) for t in sorted(graph.objects(iri, RDF.type))],
        outgoing=_grouped(graph, [(p, o) for p, o in outgoing if p not in listed]),
        incoming=_grouped(graph, shown((p, s) for s, p in graph.subject_predicates(iri))),
        sections=[_section(graph, o) for p, o in sorted(outgoing) if p in PROVENANCE_PROPERTIES],
        matches=_grouped(graph, [(p, o) for p, o in outgoing if p in MATCH_PROPERTIES]),
    )
