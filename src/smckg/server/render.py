"""Writing an answer in a media type: the four SPARQL results formats and four RDF syntaxes.

Two ways in.  ``render_answer`` writes what pyoxigraph's engine returned with pyoxigraph's
own (native) serialisers, with no Python object per term: the embedded store's fast path.
SPARQL JSON results are the exception: pyoxigraph writes the answer as TSV results, in about
a third of the time its JSON writer takes, and the native ``_tsv_json`` module rewrites the
TSV as the very bytes pyoxigraph's JSON writer makes.  ``render_answer`` declines (None) an
answer it cannot show to be within the row cap, or one holding a term ``_tsv_json`` does
not write (a triple term, a language with a base direction).  ``render`` writes
a capped :class:`QueryResult`: SELECT and ASK results are first written as SPARQL JSON
results by this module, and XML, CSV and TSV are produced from that JSON by pyoxigraph.
Graphs are written by pyoxigraph with the project's prefixes either way.

Truncation: when a result was cut at the row cap, the JSON results document gets a
top-level ``"truncated": true`` member, placed *first* so that streaming parsers (which
stop reading after the bindings) still accept the document; every format also carries
the ``SPARQL-Results-Truncated`` response header, set by the web layer.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from smckg.server._tsv_json import tsv_to_json
from smckg.server.media import JSON_RESULTS, TSV, XML_RESULTS
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
#: How many bytes per row of the cap ``render_answer`` lets the native serialiser write
#: before it gives up on an answer (which is then written again from capped rows).
BYTES_PER_ROW = 1024
#: Per results format: the bytes that mark rows, and the rows at most per marker count
#: (CSV and TSV: one fewer than the lines).
_ROW_MARKERS: dict[str, tuple[bytes, int]] = {XML_RESULTS: (b"<result>", 0)}


@dataclass(frozen=True)
class Rendered:
    """A result written out: the bytes, their media type, what they hold, whether cut."""

    body: bytes
    media_type: str
    kind: QueryKind
    truncated: bool


class RowCapReached(Exception):
    """An answer may hold more rows than the cap, or outgrew the byte budget of its :class:`CappedSink`."""


class CappedSink:
    """A binary sink for pyoxigraph's results serialisers that stops one row over the cap.

    Rows are counted by a marker that each of them adds to the document: ``<result>``
    opening each row of XML results (``<`` is escaped in text), a newline ending each line
    of CSV and TSV, the header's too (JSON results are written as TSV first).  A CSV value
    may contain a newline as well, so the count is an upper bound: enough to prove an answer
    within the cap, and never under the rows written.
    """

    def __init__(self, media_type: str, *, max_rows: int) -> None:
        self._marker, self._rows_over_markers = _ROW_MARKERS.get(media_type, (b"\n", -1))
        self._max_rows = max_rows
        self._left = max_rows * BYTES_PER_ROW
        self._markers = 0
        self._tail = b""  # the end of the last write, where a marker may begin
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        """Keep ``data``, or raise RowCapReached once the answer may hold more rows than the cap."""
        chunk = bytes(data)
        window = self._tail + chunk  # a marker split across two writes is counted once, here
        self._markers += window.count(self._marker)
        self._tail = window[max(0, len(window) - len(self._marker) + 1):]
        self._left -= len(chunk)
        if self._markers + self._rows_over_markers > self._max_rows or self._left < 0:
            raise RowCapReached
        self._parts.append(chunk)
        return len(chunk)

    def flush(self) -> None:
        """Nothing to flush: the bytes are kept in memory."""

    def getvalue(self) -> bytes:
        """Everything written so far."""
        return b"".join(self._parts)


def render(result: QueryResult, media_type: str) -> Rendered:
    """Write ``result`` as ``media_type`` (one that ``smckg.server.media`` offers for its kind)."""
    if result.kind is QueryKind.GRAPH:
        body = _graph_document(result.triples, media_type)
    else:
        body = _results_document(result, media_type)
    return Rendered(body, media_type, result.kind, result.truncated)


def render_answer(
    answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, media_type: str, *, max_rows: int
) -> Rendered | None:
    """Write an engine's answer natively, capped at ``max_rows``; None when that cannot be done.

    A graph is cut at ``max_rows`` triples, as ``render`` would cut it.  Solutions are
    written only while they provably hold at most ``max_rows`` rows, within a budget of
    ``BYTES_PER_ROW`` bytes per row of the cap: writing stops at the first sign of one row
    more (see :class:`CappedSink`), and the answer, None, is to be capped through a
    :class:`QueryResult`.  JSON results are written as TSV results and rewritten by
    ``tsv_to_json``, which declines (None) a term it does not write.  A written answer is
    never truncated, so its bytes equal what ``render`` writes for it.
    """
    if isinstance(answer, ox.QueryBoolean):
        body = answer.serialize(format=ox.QueryResultsFormat.from_media_type(media_type))
        return Rendered(body, media_type, QueryKind.BOOLEAN, truncated=False)
    if isinstance(answer, ox.QueryTriples):
        body = _graph_document(itertools.islice(answer, max_rows), media_type)
        return Rendered(body, media_type, QueryKind.GRAPH, truncated=next(answer, None) is not None)
    written_as = TSV if media_type == JSON_RESULTS else media_type
    sink = CappedSink(written_as, max_rows=max_rows)
    try:
        answer.serialize(sink, format=ox.QueryResultsFormat.from_media_type(written_as))
    except RowCapReached:
        return None
    document = tsv_to_json(sink.getvalue()) if media_type == JSON_RESULTS else sink.getvalue()
    return None if document is None else Rendered(document, media_type, QueryKind.SOLUTIONS, truncated=False)


def _graph_document(triples: Iterable[ox.Triple], media_type: str) -> bytes:
    syntax = ox.RdfFormat.from_media_type(media_type)
    return ox.serialize(triples, format=syntax, prefixes=OUTPUT_PREFIXES)


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
