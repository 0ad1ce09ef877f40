"""Ontology documentation: the smc: classes and properties as one bilingual HTML page.

``render_ontology_html(ontology)`` lists every term of the ``smc:`` namespace with its labels
and definitions in English and Chinese, its domain and range, super-terms, characteristics
and class axioms in Manchester-like syntax.  Each term is anchored by its local name, so
``https://w3id.org/smc-dt/ontology#Term`` resolves to ``/ontology#Term``.  (pyLODE was tried:
3.4.1 fails on import, 3.3.4 runs but merges the two languages' labels into one heading and
anchors terms by label, so the IRIs' fragments do not resolve.)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from smckg.server.describe import curie
from smckg.server.i18n import STRINGS
from smckg.vocab import ONTOLOGY_IRI, SMC

NAMESPACE = str(SMC._NS)
KINDS = (
    ("classes", OWL.Class),
    ("object_properties", OWL.ObjectProperty),
    ("datatype_properties", OWL.DatatypeProperty),
    ("annotation_properties", OWL.AnnotationProperty),
)
CHARACTERISTICS = (OWL.FunctionalProperty, OWL.InverseFunctionalProperty, OWL.TransitiveProperty,
                   OWL.SymmetricProperty, OWL.AsymmetricProperty, OWL.ReflexiveProperty,
                   OWL.IrreflexiveProperty)
CARDINALITIES = {
    OWL.qualifiedCardinality: "exactly", OWL.cardinality: "exactly",
    OWL.minQualifiedCardinality: "min", OWL.minCardinality: "min",
    OWL.maxQualifiedCardinality: "max", OWL.maxCardinality: "max",
}
QUANTIFIERS = {OWL.someValuesFrom: "some", OWL.allValuesFrom: "only", OWL.hasValue: "value"}


@dataclass(frozen=True)
class Ref:
    """A link to a term: in-page for ``smc:`` terms, to the IRI itself otherwise."""

    iri: str
    text: str
    href: str


#: A class expression or value: text and links in reading order.
Expression = tuple["str | Ref", ...]


@dataclass
class Term:
    """One documented class or property."""

    iri: str
    anchor: str
    labels: dict[str, str]
    definitions: dict[str, str]
    alt_labels: dict[str, list[str]]
    facts: list[tuple[str, list[Expression]]] = field(default_factory=list)


def ref(term: Node) -> Ref:
    """The link for an IRI: its local name in-page for our terms, a CURIE when a prefix fits."""
    iri = str(term)
    href = f"#{iri[len(NAMESPACE):]}" if iri.startswith(NAMESPACE) else iri
    return Ref(iri, curie(iri), href)


def expression(graph: Graph, node: Node) -> Expression:
    """A class expression in Manchester-like syntax (named classes become links)."""
    if isinstance(node, URIRef):
        return (ref(node),)
    if isinstance(node, Literal):
        return (str(node),)
    for operator, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
        members = graph.value(node, operator)
        if members is not None:
            return _joined(graph, list(Collection(graph, members)), word)
    complement = graph.value(node, OWL.complementOf)
    if complement is not None:
        return ("not ", *_nested(graph, complement))
    one_of = graph.value(node, OWL.oneOf)
    if one_of is not None:
        return ("{", *_joined(graph, list(Collection(graph, one_of)), ", "), "}")
    return _restriction(graph, node)


def _nested(graph: Graph, node: Node) -> Expression:
    inner = expression(graph, node)
    return ("(", *inner, ")") if isinstance(node, BNode) else inner


def _joined(graph: Graph, nodes: list[Node], word: str) -> Expression:
    parts: list[str | Ref] = []
    for position, member in enumerate(nodes):
        if position:
            parts.append(word)
        parts.extend(_nested(graph, member))
    return tuple(parts)


def _restriction(graph: Graph, node: Node) -> Expression:
    prop = graph.value(node, OWL.onProperty)
    head: Expression = (ref(prop), " ") if prop is not None else ()
    for predicate, word in QUANTIFIERS.items():
        value = graph.value(node, predicate)
        if value is not None:
            return (*head, f"{word} ", *_nested(graph, value))
    for predicate, word in CARDINALITIES.items():
        count = graph.value(node, predicate)
        if count is not None:
            filler = graph.value(node, OWL.onClass) or graph.value(node, OWL.onDataRange)
            tail = (" ", *_nested(graph, filler)) if filler is not None else ()
            return (*head, f"{word} {count}", *tail)
    return ("…",)


def _sort_key(parts: Expression) -> str:
    return "".join(part if isinstance(part, str) else part.text for part in parts)


def _texts(graph: Graph, subject: Node, predicate: URIRef) -> dict[str, str]:
    return {obj.language or "": str(obj) for obj in sorted(graph.objects(subject, predicate))
            if isinstance(obj, Literal)}


def _facts(graph: Graph, term: URIRef) -> Iterator[tuple[str, list[Expression]]]:
    listed = (
        ("superclasses", RDFS.subClassOf), ("equivalent_classes", OWL.equivalentClass),
        ("disjoint_with", OWL.disjointWith), ("superproperties", RDFS.subPropertyOf),
        ("inverse_of", OWL.inverseOf), ("domain", RDFS.domain), ("range", RDFS.range),
    )
    for key, predicate in listed:
        values = sorted((expression(graph, value) for value in graph.objects(term, predicate)),
                        key=_sort_key)
        if values:
            yield key, values
    characteristics = [(ref(kind),) for kind in CHARACTERISTICS if (term, RDF.type, kind) in graph]
    if characteristics:
        yield "characteristics", characteristics


def describe(graph: Graph, term: URIRef) -> Term:
    """The documentation of one term."""
    alt: dict[str, list[str]] = {}
    for value in sorted(graph.objects(term, SKOS.altLabel)):
        alt.setdefault(getattr(value, "language", None) or "", []).append(str(value))
    labels = _texts(graph, term, SKOS.prefLabel) or _texts(graph, term, RDFS.label)
    definitions = _texts(graph, term, SKOS.definition) or _texts(graph, term, RDFS.comment)
    anchor = str(term)[len(NAMESPACE):]
    return Term(str(term), anchor, labels, definitions, alt, list(_facts(graph, term)))


def sections(graph: Graph) -> list[tuple[str, list[Term]]]:
    """(i18n key, terms sorted by local name) for each kind of term the ontology declares."""
    found = []
    for key, kind in KINDS:
        terms = sorted(t for t in graph.subjects(RDF.type, kind)
                       if isinstance(t, URIRef) and str(t).startswith(NAMESPACE))
        if terms:
            found.append((key, [describe(graph, term) for term in terms]))
    return found


def metadata(graph: Graph) -> dict[str, Any]:
    """Title, description, version and licence of the ontology, for the page's header."""
    return {
        "iri": str(ONTOLOGY_IRI),
        "title": _texts(graph, ONTOLOGY_IRI, DCTERMS.title),
        "description": _texts(graph, ONTOLOGY_IRI, DCTERMS.description),
        "version_info": graph.value(ONTOLOGY_IRI, OWL.versionInfo),
        "version_iri": graph.value(ONTOLOGY_IRI, OWL.versionIRI),
        "license": graph.value(ONTOLOGY_IRI, DCTERMS.license),
        "namespace": NAMESPACE,
    }


#: What the documentation pages draw: the ontology's metadata and its terms by kind.
OntologyModel = tuple[dict[str, Any], list[tuple[str, list[Term]]]]

_ENVIRONMENT = Environment(loader=PackageLoader("smckg.server", "templates"),
                           autoescape=select_autoescape(default=True), trim_blocks=True,
                           lstrip_blocks=True)


def render_ontology_html(ontology: Graph) -> str:
    """The whole documentation page: HTML in both languages, styled by the site's ``/assets/smc.css``."""
    template = _ENVIRONMENT.get_template("ontology.html")
    return template.render(meta=metadata(ontology), sections=sections(ontology), both=STRINGS)
