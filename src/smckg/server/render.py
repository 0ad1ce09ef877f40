"""Writing a QueryResult in a media type: the four SPARQL results formats and four RDF syntaxes.

SELECT and ASK results are first written as SPARQL JSON results by this module; XML, CSV
and TSV are produced from that JSON by pyoxigraph's own serialisers.  Graphs are written
by pyoxigraph with the project's prefixes.

Truncation: when a result was cut at the row cap, the JSON results document gets a
top-level ``"truncated": true`` member, placed *first* so that streaming parsers (which
stop reading after the bindings) still accept the document; every format also carries
the ``SPARQL-Results-Truncated`` response header, set by the web layer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from smckg.server.media import JSON_RESULTS
from smckg.server.store.base import QueryKind, QueryResult, Term
from smckg.vocab import PREFIXES

#: Prefixes of graph output.  ``smcid:`` is left out: its local names hold ``/``, which
#: Turtle would have to escape (``smcid:area\/governance``); full IRIs read better.
OUTPUT_PREFIXES: dict[str, str] = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    **{prefix: iri for prefix, iri in PREFIXES.items() if prefix != "smcid"},
}
_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)


@dataclass(frozen=True)
class Rendered:
    """A result written out: the bytes, their media type, what they hold, whether cut."""

    body: bytes
    media_type: str
    kind: QueryKind
    truncated: bool


def render(result: QueryResult, media_type: str) -> Rendered:
    """Write ``result`` as ``media_type`` (one that ``smckg.server.media`` offers for its kind)."""
    if result.kind is QueryKind.GRAPH:
        syntax = ox.RdfFormat.from_media_type(media_type)
        body = ox.serialize(result.triples, format=syntax, prefixes=OUTPUT_PREFIXES)
    else:
        body = _results_document(result, media_type)
    return Rendered(body, media_type, result.kind, result.truncated)


def _results_document(result: QueryResult, media_type: str) -> bytes:
    document = _json_document(result)
    if media_type == JSON_RESULTS:
        if result.truncated:
            document = {"truncated": True, **document}
        return _dumps(document)
    parsed = ox.parse_query_results(_dumps(document), format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=ox.QueryResultsFormat.from_media_type(media_type))


def _json_document(result: QueryResult) -> dict[str, Any]:
    if result.kind is QueryKind.BOOLEAN:
        return {"head": {}, "boolean": bool(result.boolean)}
    bindings = [
        {
            name: json_term(term)
            for name, term in zip(result.variables, row, strict=True)
            if term is not None
        }
        for row in result.rows
    ]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def json_term(term: Term) -> dict[str, Any]:
    """One RDF term as SPARQL 1.1 JSON results write it (quoted triples as in SPARQL-star)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = ("subject", "predicate", "object")
        return {"type": "triple", "value": {p: json_term(getattr(term, p)) for p in parts}}
    encoded: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        encoded["xml:lang"] = term.language
    elif term.datatype.value not in (_STRING, _LANG_STRING):
        encoded["datatype"] = term.datatype.value
    return encoded


def _dumps(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
