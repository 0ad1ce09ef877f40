"""The native TSV-to-JSON rewriter: pyoxigraph's own JSON results, byte for byte, or declined."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smckg.server import media
from smckg.server._tsv_json import tsv_to_json
from smckg.server.render import render, render_answer
from smckg.server.store.embedded import EmbeddedStore, StoreRecord

XSD = "http://www.w3.org/2001/XMLSchema#"
EVERY_ROW = "SELECT ?s ?o ?unbound { ?s ?p ?o OPTIONAL { ?s <urn:x:none> ?unbound } } ORDER BY ?s"
LANGUAGES = ["en", "zh", "zh-Hans", "zh-Hant", "zh-Latn-pinyin", "en-GB", "de-CH-1996", "x-private"]
#: Lexical forms per XSD datatype, among them the ones the TSV writer shortens to bare Turtle.
TYPED = [("1", "integer"), ("-5", "integer"), ("+5", "integer"), ("abc", "integer"), ("1.5", "decimal"),
         ("9", "decimal"), (".5", "decimal"), ("-0.0", "decimal"), ("1.5E10", "double"), ("1000", "double"),
         ("INF", "double"), ("NaN", "double"), ("true", "boolean"), ("false", "boolean"), ("1", "boolean"),
         ("1.5", "float"), ("x", "string"), ("2022-01-01", "date")]


def both_ways(store: ox.Store, sparql: str) -> tuple[bytes, bytes | None]:
    """The answer as pyoxigraph writes JSON results, and as rewritten from its TSV results."""
    native = store.query(sparql).serialize(format=ox.QueryResultsFormat.JSON)
    rewritten = tsv_to_json(store.query(sparql).serialize(format=ox.QueryResultsFormat.TSV))
    return native, rewritten


def store_of(objects: list[ox.NamedNode | ox.BlankNode | ox.Literal]) -> ox.Store:
    """One triple per object, subjects numbered in order."""
    store = ox.Store()
    for index, term in enumerate(objects):
        store.add(ox.Quad(ox.NamedNode(f"http://example.org/s{index:03d}"), ox.NamedNode("http://example.org/p"), term))
    return store


def test_every_kind_of_term_is_written_as_pyoxigraph_writes_it() -> None:
    objects: list[ox.NamedNode | ox.BlankNode | ox.Literal] = [
        ox.NamedNode("http://example.org/a?b=c#d"), ox.BlankNode("b1"), ox.Literal("plain"),
        ox.Literal("x", language="en"), ox.Literal("治理", language="zh-Hant"),
        ox.Literal('tab\tquote" backslash\\ newline\n return\r'),
        ox.Literal("\x00\x01\x08\x0b\x0c\x1f\x7f é 😀 / </script> \u2028"),
        ox.Literal("x", datatype=ox.NamedNode("http://example.org/type")),
        *(ox.Literal(lexical, datatype=ox.NamedNode(XSD + name)) for lexical, name in TYPED),
    ]
    native, rewritten = both_ways(store_of(objects), EVERY_ROW)
    assert b'"type":"bnode"' in native and b'"xml:lang":"zh-hant"' in native and b"\\u0000" in native
    assert rewritten == native


def test_the_whole_knowledge_graph_is_written_as_pyoxigraph_writes_it(kg_store_record: StoreRecord) -> None:
    store = ox.Store.read_only(str(kg_store_record.path))
    native, rewritten = both_ways(store, "SELECT * { ?s ?p ?o }")
    assert native.count(b'"type":"literal"') > 1000
    assert rewritten == native


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(
    st.text(max_size=30).map(ox.Literal),
    st.tuples(st.text(max_size=10), st.sampled_from(LANGUAGES)).map(
        lambda pair: ox.Literal(pair[0], language=pair[1])),
    st.tuples(st.text(max_size=10), st.sampled_from([name for _, name in TYPED])).map(
        lambda pair: ox.Literal(pair[0], datatype=ox.NamedNode(XSD + pair[1]))),
    st.integers().map(lambda number: ox.Literal(str(number), datatype=ox.NamedNode(XSD + "integer"))),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(
        lambda number: ox.Literal(str(number), datatype=ox.NamedNode(XSD + "decimal"))),
    st.floats().map(lambda number: ox.Literal(repr(number), datatype=ox.NamedNode(XSD + "double"))),
    st.from_regex(r"[a-z]{1,8}", fullmatch=True).map(lambda path: ox.NamedNode(f"http://example.org/{path}")),
), min_size=1, max_size=12))
def test_any_literal_is_written_as_pyoxigraph_writes_it(objects: list[ox.NamedNode | ox.Literal]) -> None:
    native, rewritten = both_ways(store_of(objects), EVERY_ROW)
    assert rewritten == native


@pytest.mark.parametrize("sparql", [
    "SELECT ?t { BIND(TRIPLE(<http://example.org/a>, <http://example.org/b>, <http://example.org/c>) AS ?t) }",
    'SELECT ?t { BIND(STRLANGDIR("x", "en", "rtl") AS ?t) }',
    "SELECT * {}",
])
def test_a_term_it_does_not_write_is_declined_and_written_from_rows(sparql: str, mini_store: StoreRecord) -> None:
    """Triple terms, base directions and an empty header: the store writes them the slow way."""
    assert both_ways(ox.Store(), sparql)[1] is None
    assert render_answer(ox.Store().query(sparql), media.JSON_RESULTS, max_rows=10) is None
    store = EmbeddedStore(mini_store, max_rows=10)
    assert store.query_as(sparql, media.JSON_RESULTS) == render(store.query(sparql), media.JSON_RESULTS)


@pytest.mark.parametrize("document", [
    b"", b"?a", b"?a\n<x>", b"a\n<x>\n", b"?\n<x>\n", b"?a\n<x>\t<y>\n", b"?a\t?b\n<x>\n", b"?a\n<<x>>\n",
    b'?a\n"unterminated\n', b'?a\n"x"@\n', b'?a\n"x"@en-\n', b'?a\n"x"^^y\n', b'?a\n"\\u0041"\n', b"?a\nabc\n",
    b"?a\n1.\n", b"?a\n1e\n", b"?a\n<x\"y>\n", b"?a\n_:\n", b'?a\n"\\\x00"\n',
])
def test_a_malformed_document_is_declined(document: bytes) -> None:
    assert tsv_to_json(document) is None


def test_an_unbound_row_is_an_empty_object() -> None:
    assert tsv_to_json(b"?a\n\n") == b'{"head":{"vars":["a"]},"results":{"bindings":[{}]}}'
