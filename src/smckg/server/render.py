"""Writing an engine's answer in a media type, cut at the row cap: one way for every answer.

Solutions are first written by pyoxigraph as SPARQL TSV results into a sink that keeps the
header and at most ``max_rows`` rows and stops the writer at the row after (a TSV row is
one line: the format escapes line breaks inside terms).  Those lines are then the answer:
sent as they are when TSV was asked for and nothing was cut, otherwise parsed back by
pyoxigraph and written in the asked format.  Booleans are written directly; graphs are cut
at ``max_rows`` triples and written with the project's prefixes.

Truncation: every format carries the ``SPARQL-Results-Truncated`` response header (set by
the web layer); a cut JSON results document also opens with ``"truncated": true``, so that
streaming parsers, which stop reading after the bindings, still accept it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from smckg.server.media import JSON_RESULTS, TSV
from smckg.server.store.base import QueryKind
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

#: What the engine answers: solutions, a boolean or triples.
Answer = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


@dataclass(frozen=True)
class Rendered:
    """A result written out: the bytes, their media type, what they hold, whether cut."""

    body: bytes
    media_type: str
    kind: QueryKind
    truncated: bool


def kind_of(answer: Answer) -> QueryKind:
    """What an engine answer holds."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryKind.BOOLEAN
    if isinstance(answer, ox.QuerySolutions):
        return QueryKind.SOLUTIONS
    return QueryKind.GRAPH


class _RowCapReached(Exception):
    """The writer began the row after the cap."""


class _LineSink:
    """A binary sink keeping whole lines up to ``limit`` of them; raises at the line after."""

    def __init__(self, limit: int) -> None:
        self._left = limit
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        chunk = bytes(data)
        lines = chunk.count(b"\n")
        if lines >= self._left:
            cut = 0
            for _ in range(self._left):
                cut = chunk.index(b"\n", cut) + 1
            self._parts.append(chunk[:cut])
            self._left = 0
            if cut < len(chunk):
                raise _RowCapReached
        else:
            self._parts.append(chunk)
            self._left -= lines
        return len(chunk)

    def flush(self) -> None:
        """Nothing to flush: the bytes are kept in memory."""

    def getvalue(self) -> bytes:
        return b"".join(self._parts)


def render_answer(answer: Answer, media_type: str, *, max_rows: int) -> Rendered:
    """Write ``answer`` as ``media_type`` (one ``smckg.server.media`` offers for its kind)."""
    if isinstance(answer, ox.QueryBoolean):
        body = answer.serialize(format=ox.QueryResultsFormat.from_media_type(media_type))
        return Rendered(body, media_type, QueryKind.BOOLEAN, truncated=False)
    if isinstance(answer, ox.QuerySolutions):
        return _solutions(answer, media_type, max_rows)
    iterator = iter(answer)
    body = graph_document(itertools.islice(iterator, max_rows), media_type)
    return Rendered(body, media_type, QueryKind.GRAPH, truncated=next(iterator, None) is not None)


def _solutions(answer: ox.QuerySolutions, media_type: str, max_rows: int) -> Rendered:
    sink = _LineSink(max_rows + 1)  # the header line and the rows
    try:
        answer.serialize(sink, format=ox.QueryResultsFormat.TSV)
        truncated = False
    except _RowCapReached:
        truncated = True
    tsv = sink.getvalue()
    if media_type == TSV and not truncated:
        return Rendered(tsv, media_type, QueryKind.SOLUTIONS, truncated)
    rows = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    body = rows.serialize(format=ox.QueryResultsFormat.from_media_type(media_type))
    if truncated and media_type == JSON_RESULTS:
        body = b'{"truncated":true,' + body[1:]
    return Rendered(body, media_type, QueryKind.SOLUTIONS, truncated)


def graph_document(triples: Iterable[ox.Triple], media_type: str) -> bytes:
    """Triples written in an RDF syntax, with the project's prefixes."""
    syntax = ox.RdfFormat.from_media_type(media_type)
    return ox.serialize(triples, format=syntax, prefixes=OUTPUT_PREFIXES)
