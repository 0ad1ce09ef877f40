"""Label keys: each framework term's labels lower-cased once, at build time, not per request.

The term-by-label queries match a label whatever its case.  Without keys each request found
the framework's terms and lower-cased every one of their labels (3.4 ms for the whole
``term-by-label`` query on the KG).  A key is a preferred or alternative label lower-cased,
as a plain string without the label's language (``"governance"``), written on the term as
``smc:labelKey`` when the graph is built.  A query lower-cases its parameter once and joins
it with the keys, which the store answers from its index; the language is then checked on
the labels of the few terms found (0.55 ms).

Why plain strings: with keys that kept the language (``"governance"@en``) the join on a key
computed in the query (``STRLANG(LCASE(...), "en")``, or ``LCASE`` of a tagged parameter)
made Virtuoso 7.2 answer nothing, and the canned queries must also run on an external
engine; comparing the tagged keys' language and text instead (Virtuoso's answers were right)
scanned every key on pyoxigraph (1.0 ms).

The terms are those the queries report: members of a class the graph declares and terms
an ontology or a class defines (``rdfs:isDefinedBy``), except assessed cities (data about
cities and the bulk of a scale graph, not framework terms) and members only of
skos:Concept.  Labels without a language tag get no key: the queries ask for one language.
"""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal
from rdflib.term import Node

from smckg.vocab import SMC

#: Classes whose members are not framework terms.
NOT_TERM_CLASSES = frozenset({SMC.AssessedCity, SKOS.Concept})


def label_key(label: Literal) -> Literal:
    """The key of a label: its text lower-cased, as a plain string."""
    return Literal(str(label).lower())


def framework_terms(graph: Graph) -> set[Node]:
    """Members of the graph's classes and what its ontologies and classes define (see above)."""
    sources = {node for kind in (OWL.Class, OWL.Ontology) for node in graph.subjects(RDF.type, kind)}
    sources -= NOT_TERM_CLASSES
    return {
        term
        for source in sources
        for link in (RDF.type, RDFS.isDefinedBy)
        for term in graph.subjects(link, source)
    }


def add_label_keys(graph: Graph) -> None:
    """Write ``smc:labelKey`` for every language-tagged preferred or alternative label of a term."""
    for term in framework_terms(graph):
        for label in graph.objects(term, SKOS.prefLabel | SKOS.altLabel):
            if isinstance(label, Literal) and label.language:
                graph.add((term, SMC.labelKey, label_key(label)))
