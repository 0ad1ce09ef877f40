"""Hypothesis strategies for fuzzing the service: mutated and hostile SPARQL, headers, raw bytes.

Mutations start from the project's own ``queries/*.rq`` files (real queries, so a small
change often still parses and reaches the engine) and delete, insert, swap or duplicate
their tokens.  Hostile shapes are what breaks parsers and engines: deep nesting of every
kind of group, huge literals, characters from every Unicode plane, bytes that are not
UTF-8, percent-encoding that decodes to nothing valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hypothesis import strategies as st

from smckg.paths import QUERIES_DIR

QUERY_TEXTS = tuple(path.read_text(encoding="utf-8") for path in sorted(QUERIES_DIR.glob("*.rq")))
TOKEN = re.compile(r"""\s+|<[^>\s]*>|"[^"\n]*"|'[^'\n]*'|[?$]\w+|\w*:\w*|\w+|[^\s\w]""")
#: Replaced by the URL of the outbound-connection recorder before a query is sent.
OUTBOUND = "<OUTBOUND>"
INSERTS = (
    "SELECT", "WHERE", "{", "}", "(", ")", ".", ";", ",", "*", "OPTIONAL", "UNION", "MINUS",
    "FILTER", "BIND", "VALUES", "GRAPH", "SERVICE", f"SERVICE {OUTBOUND}", f"FROM {OUTBOUND}",
    f"FROM NAMED {OUTBOUND}", "LOAD", "INSERT DATA", "CLEAR ALL", "ORDER BY", "GROUP BY", "HAVING",
    "LIMIT", "OFFSET", "COUNT(*)", "DISTINCT", "REGEX(", "?x", "$y", "<urn:x>", '"lit"@en',
    "'''", '"""', "#", "\n", "\\u0000", "\\U0010FFFF", "^^", "@zh", "1e999", "-0", "a", "[]", "()",
    "<<", ">>", "\x00", "\ufeff", "𝔘", "治理",
)
ALL_PLANES = st.integers(0, 16).flatmap(
    lambda plane: st.integers(plane * 0x10000, plane * 0x10000 + 0xFFFF)
).filter(lambda code: not 0xD800 <= code <= 0xDFFF).map(chr)
#: Text from every plane; lone surrogates are left out (no client can send them as UTF-8),
#: bytes that are not UTF-8 are fuzzed as bytes instead.
WIDE_TEXT = st.text(alphabet=st.one_of(ALL_PLANES, st.characters(exclude_categories=["Cs"])), max_size=200)
NOT_UTF8 = st.one_of(st.binary(max_size=3000), st.sampled_from((
    b"\xed\xa0\x80", b"\xc0\xaf", b"\xff\xfe", b"caf\xe9", b"\xf4\x90\x80\x80", b"\xe4\xb8")))
#: Printable ASCII header values; clients refuse to send leading whitespace, so none is made.
ASCII_HEADER = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40).map(str.strip)
CONTENT_TYPES = st.one_of(st.sampled_from((
    "application/sparql-query", "application/sparql-query; charset=utf-8",
    "application/sparql-query; charset=latin-1", "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-16", "application/sparql-update",
    "text/plain", "application/json", "multipart/form-data; boundary=zz", "", "*/*",
    "application/sparql-query;;;", "application/sparql-query; charset=",
)), ASCII_HEADER)
ACCEPTS = st.one_of(st.sampled_from((
    "*/*", "application/sparql-results+json", "application/sparql-results+xml", "text/csv",
    "text/tab-separated-values", "text/turtle", "application/ld+json", "application/n-triples",
    "application/rdf+xml", "text/html", "application/json", "image/png", "text/*;q=0.1, image/*",
    "application/sparql-results+json;q=0", "*/*;q=abc", ";;;,,,", "",
    "text/turtle;q=0.9, application/sparql-results+xml;q=1.0, */*;q=0.001",
)), ASCII_HEADER)
TRANSPORTS = ("get", "form", "direct")
NESTINGS = {
    "braces": ("SELECT * WHERE { ", "{ ", "?s ?p ?o", " }", " }"),
    "optional": ("SELECT * WHERE { ?s ?p ?o ", "OPTIONAL { ?s ?p ?o ", "", "}", " }"),
    "parens": ("SELECT * WHERE { ?s ?p ?o FILTER(", "(", "1", ")", ") }"),
    "union": ("SELECT * WHERE { ", "{ ?s ?p ?o } UNION ", "{ ?s ?p ?o }", "", " }"),
    "subselect": ("SELECT * WHERE { ", "{ SELECT * WHERE ", "{ ?s ?p ?o }", " }", " }"),
    "not-exists": ("SELECT * WHERE { ?s ?p ?o ", "FILTER NOT EXISTS { ?s ?p ?o ", "", "}", " }"),
    "path": ("SELECT * WHERE { ?s ", "(", "<urn:p>", ")", " ?o }"),
    "bnode": ("SELECT * WHERE { ?s <urn:p> ", "[ <urn:p> ", "?o", " ]", " }"),
    "function": ("SELECT (", "CONCAT(", "'x'", ")", " AS ?v) WHERE {}"),
}


@dataclass(frozen=True)
class SparqlRequest:
    """How a query is sent: its body or text, the transport and the two negotiation headers."""

    query: str | bytes
    transport: str
    content_type: str
    accept: str


def tokens(text: str) -> list[str]:
    """A query cut into tokens that keep IRIs, strings and variables whole."""
    return TOKEN.findall(text)


@st.composite
def mutated_queries(draw: st.DrawFn) -> str:
    """A canned query with one to six token mutations."""
    parts = tokens(draw(st.sampled_from(QUERY_TEXTS)))
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(parts)))
        operation = draw(st.sampled_from(("delete", "insert", "swap", "duplicate", "replace")))
        if operation == "insert" or not parts:
            parts.insert(where, f" {draw(st.sampled_from(INSERTS))} ")
            continue
        where = min(where, len(parts) - 1)
        other = draw(st.integers(0, len(parts) - 1))
        if operation == "delete":
            del parts[min(where, other):max(where, other) + 1]
        elif operation == "swap":
            parts[where], parts[other] = parts[other], parts[where]
        elif operation == "duplicate":
            parts[where:where] = parts[min(where, other):max(where, other) + 1]
        else:
            parts[where] = draw(WIDE_TEXT)
    return "".join(parts)


@st.composite
def nested_queries(draw: st.DrawFn) -> str:
    """A query nesting one construct up to a thousand levels deep."""
    head, opening, core, closing, tail = NESTINGS[draw(st.sampled_from(sorted(NESTINGS)))]
    depth = draw(st.one_of(st.integers(1, 64), st.sampled_from((100, 500, 1000))))
    return head + opening * depth + core + closing * depth + tail


@st.composite
def literal_queries(draw: st.DrawFn) -> str:
    """A query holding one huge or strange literal, IRI, variable name or comment."""
    size = draw(st.sampled_from((1, 1000, 100_000, 900_000, 1_100_000)))
    filler = draw(WIDE_TEXT) or "x"
    value = (filler * (size // len(filler) + 1))[:size]
    quoted = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    templates = (
        f'SELECT * WHERE {{ ?s ?p "{quoted}" }}',
        f"SELECT * WHERE {{ ?s ?p '''{value}''' }}",
        f"SELECT * WHERE {{ <urn:{value[:2000]}> ?p ?o }}",
        f"SELECT ?{value[:200]} WHERE {{ ?s ?p ?o }} LIMIT 1",
        f"# {value}\nASK {{}}",
        f'SELECT * WHERE {{ ?s ?p ?o FILTER(REGEX(?o, "{quoted[:5000]}")) }} LIMIT 5',
    )
    return draw(st.sampled_from(templates))


def sparql_requests(queries: st.SearchStrategy[str | bytes]) -> st.SearchStrategy[SparqlRequest]:
    """Queries combined with a transport and random Content-Type and Accept headers."""
    return st.builds(SparqlRequest, queries, st.sampled_from(TRANSPORTS), CONTENT_TYPES, ACCEPTS)


def any_queries() -> st.SearchStrategy[str | bytes]:
    """Every kind of query text the fuzzers send, and raw bytes."""
    return st.one_of(mutated_queries(), nested_queries(), literal_queries(), WIDE_TEXT, NOT_UTF8)


PERCENT_ALPHABET = "%0123456789abcdefABCDEFGZz+&=;/?\\.~-_"
#: Raw request targets whose query or path decodes to nothing valid.
RAW_TARGETS = st.builds(
    lambda prefix, tail: prefix + tail,
    st.sampled_from(("/sparql?query=", "/api/lookup?q=", "/api/queries/cases?area=", "/id/",
                     "/api/queries/", "/downloads/", "/assets/", "/sparql?query=SELECT%20*%20",
                     "/api/lookup?lang=zh&q=%E6%B2%BB")),
    st.one_of(st.text(alphabet=PERCENT_ALPHABET, max_size=60),
              st.sampled_from(("%", "%%", "%Z1", "%E4%B8", "%C0%AF", "%FF%FE", "%00", "%ED%A0%80",
                               "%F4%90%80%80", "%2e%2e%2f", "%u0041", "%%32%65"))),
)
