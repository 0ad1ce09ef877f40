"""Content negotiation: a pure Accept-header parser and the media types each result kind offers.

``parse_accept_header`` and ``negotiate`` follow RFC 9110 section 12.5.1: each offered
type takes the quality of the most specific range that matches it; the highest quality
above zero wins, ties going to the server's order of preference (the order of the tables
below).  A missing or empty Accept header means ``*/*``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from smckg.server.errors import NotAcceptable
from smckg.server.store.base import QueryKind

JSON_RESULTS = "application/sparql-results+json"
XML_RESULTS = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
JSON_LD = "application/ld+json"
N_TRIPLES = "application/n-triples"
RDF_XML = "application/rdf+xml"
HTML = "text/html"
JSON = "application/json"
PLAIN = "text/plain"

#: For each result kind: media type a client may ask for -> the type we answer with.
OFFERS: dict[QueryKind, dict[str, str]] = {
    QueryKind.SOLUTIONS: {
        JSON_RESULTS: JSON_RESULTS,
        XML_RESULTS: XML_RESULTS,
        CSV: CSV,
        TSV: TSV,
        JSON: JSON_RESULTS,
        "application/xml": XML_RESULTS,
        "text/xml": XML_RESULTS,
    },
    QueryKind.BOOLEAN: {
        JSON_RESULTS: JSON_RESULTS,
        XML_RESULTS: XML_RESULTS,
        JSON: JSON_RESULTS,
        "application/xml": XML_RESULTS,
        "text/xml": XML_RESULTS,
    },
    QueryKind.GRAPH: {
        TURTLE: TURTLE,
        JSON_LD: JSON_LD,
        N_TRIPLES: N_TRIPLES,
        RDF_XML: RDF_XML,
        "application/x-turtle": TURTLE,
        PLAIN: N_TRIPLES,
        JSON: JSON_LD,
        "application/xml": RDF_XML,
        "text/xml": RDF_XML,
    },
}

#: How each kind is named in a 406 message.
KIND_NAMES = {
    QueryKind.SOLUTIONS: "a SELECT result",
    QueryKind.BOOLEAN: "an ASK result",
    QueryKind.GRAPH: "an RDF graph",
}


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header: ``type/subtype`` (either may be ``*``) and its quality."""

    type: str
    subtype: str
    q: float = 1.0

    def specificity(self, media_type: str) -> int:
        """How well this range matches ``media_type``: 2 exact, 1 ``type/*``, 0 ``*/*``, -1 not."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def parse_accept_header(header: str | None) -> list[MediaRange]:
    """The ranges of an Accept header, best first; malformed entries are skipped.

    >>> [(r.type, r.subtype, r.q) for r in parse_accept_header("text/*;q=0.5, text/csv")]
    [('text', 'csv', 1.0), ('text', '*', 0.5)]
    """
    if not header or not header.strip():
        return [MediaRange("*", "*")]
    ranges = [r for r in (_parse_range(part) for part in header.split(",")) if r is not None]
    return sorted(ranges, key=lambda r: (-r.q, -_generality_rank(r)))


def _generality_rank(media_range: MediaRange) -> int:
    return (media_range.type != "*") + (media_range.subtype != "*")


def _parse_range(text: str) -> MediaRange | None:
    name, *params = (piece.strip() for piece in text.split(";"))
    kind, slash, sub = name.lower().partition("/")
    if not slash or not kind or not sub or (kind == "*" and sub != "*"):
        return None
    q = 1.0
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "q":
            try:
                q = min(max(float(value), 0.0), 1.0)
            except ValueError:
                return None
    return MediaRange(kind, sub, q)


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """The quality the client gives ``media_type``: that of the most specific matching range."""
    best, best_specificity = 0.0, -1
    for media_range in ranges:
        specificity = media_range.specificity(media_type)
        if specificity > best_specificity:
            best, best_specificity = media_range.q, specificity
    return best


def negotiate(header: str | None, offered: Sequence[str]) -> str | None:
    """The offered type the client likes best (ties to the first offered), or None.

    >>> negotiate("application/xml;q=0.9, */*;q=0.1", ["application/json", "application/xml"])
    'application/xml'
    """
    ranges = parse_accept_header(header)
    scored = [(quality(ranges, media_type), -index) for index, media_type in enumerate(offered)]
    q, negative_index = max(scored, default=(0.0, 0))
    return offered[-negative_index] if q > 0 else None


@lru_cache(maxsize=256)
def negotiate_formats(header: str | None) -> Mapping[QueryKind, str | None]:
    """For each result kind, the media type to answer with (None when nothing fits).

    Clients send few distinct Accept headers, so the answers are kept (read-only).
    """
    chosen = {}
    for kind, table in OFFERS.items():
        best = negotiate(header, list(table))
        chosen[kind] = table[best] if best else None
    return MappingProxyType(chosen)


def available(kind: QueryKind) -> tuple[str, ...]:
    """The media types a result of this kind can be given in, in order of preference."""
    return tuple(dict.fromkeys(OFFERS[kind].values()))


def content_type(media_type: str) -> str:
    """The Content-Type header value: text types get ``charset=utf-8``."""
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


def chosen_format(formats: Mapping[QueryKind, str | None], kind: QueryKind) -> str:
    """The media type ``formats`` names for ``kind``; NotAcceptable (406) when it names none."""
    media_type = formats.get(kind)
    if media_type is None:
        raise NotAcceptable(KIND_NAMES[kind], available(kind))
    return media_type
