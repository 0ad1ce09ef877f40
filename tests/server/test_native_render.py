"""Answers written by pyoxigraph's own serialisers: the same bytes as from capped rows, or declined."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from canned_paths import SAMPLE_VALUES

from smckg.queryfiles import QueryFile, query_files
from smckg.server import media
from smckg.server.errors import QuerySyntaxError
from smckg.server.render import BYTES_PER_ROW, CappedSink, RowCapReached, render, render_answer
from smckg.server.store.base import QueryKind
from smckg.server.store.embedded import EmbeddedStore, StoreRecord

ALL = "SELECT * { ?s ?p ?o }"
LABELS = "SELECT ?s ?o { ?s <http://example.org/label> ?o }"
EVERY_TRIPLE = "CONSTRUCT WHERE { ?s ?p ?o }"
#: The formats a CappedSink receives: every results format but JSON, which is written as TSV.
SINK_FORMATS = [media_type for media_type in media.available(QueryKind.SOLUTIONS) if media_type != media.JSON_RESULTS]


@pytest.fixture(scope="module")
def kg_store(kg_store_record: StoreRecord) -> EmbeddedStore:
    return EmbeddedStore(kg_store_record, max_rows=10_000)


def memory_answer(store: ox.Store, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """What the engine returns for ``sparql`` (typed for render_answer)."""
    return store.query(sparql)


@pytest.fixture(scope="module")
def small() -> ox.Store:
    """Four triples, one of them with a long literal."""
    store = ox.Store()
    subject, label = ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/label")
    for index in range(3):
        store.add(ox.Quad(subject, label, ox.Literal(f"{{name}} {index}", language="en")))
    store.add(ox.Quad(subject, ox.NamedNode("http://example.org/note"), ox.Literal("x" * 5000)))
    return store


@pytest.mark.parametrize("query", query_files(), ids=lambda query: query.name)
def test_every_canned_query_is_written_as_from_capped_rows(query: QueryFile, kg_store: EmbeddedStore) -> None:
    bindings = query.bindings(SAMPLE_VALUES.get(query.name, {}))
    kind = kg_store.query(query.text, bindings=bindings).kind
    for media_type in media.available(kind):
        native = kg_store.query_as(query.text, media_type, bindings=bindings)
        through_rows = render(kg_store.query(query.text, bindings=bindings), media_type)
        assert native == through_rows, (query.name, media_type)


@pytest.mark.parametrize("media_type", media.available(QueryKind.SOLUTIONS))
def test_an_answer_at_the_cap_is_whole_and_one_over_is_cut(kg_store_record: StoreRecord, media_type: str) -> None:
    query = "SELECT ?s ?o { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?o } ORDER BY ?s ?o LIMIT 40"
    at_cap, under_cap = EmbeddedStore(kg_store_record, max_rows=40), EmbeddedStore(kg_store_record, max_rows=39)
    whole = at_cap.query_as(query, media_type)
    assert not whole.truncated and whole == render(at_cap.query(query), media_type)
    cut = under_cap.query_as(query, media_type)
    assert cut.truncated and cut == render(under_cap.query(query), media_type)
    assert len(under_cap.query(query).rows) == 39


def test_a_graph_is_cut_at_the_cap_and_flagged(kg_store_record: StoreRecord) -> None:
    query = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 30"
    whole = EmbeddedStore(kg_store_record, max_rows=30).query_as(query, media.N_TRIPLES)
    cut = EmbeddedStore(kg_store_record, max_rows=29).query_as(query, media.N_TRIPLES)
    assert not whole.truncated and whole.body.count(b"\n") == 30
    assert cut.truncated and cut.body.count(b"\n") == 29


@pytest.mark.parametrize("media_type", SINK_FORMATS)
def test_a_row_marker_split_across_writes_is_counted_once(small: ox.Store, media_type: str) -> None:
    """Fed a byte at a time, every marker is split: the sink still counts the rows exactly."""
    body = memory_answer(small, LABELS).serialize(format=ox.QueryResultsFormat.from_media_type(media_type))
    for max_rows, fits in ((3, True), (2, False)):
        sink = CappedSink(media_type, max_rows=max_rows)
        try:
            for byte in body:
                sink.write(bytes([byte]))
        except RowCapReached:
            assert not fits
        else:
            assert fits and sink.getvalue() == body


@pytest.mark.parametrize(("media_type", "escaped"), [
    (media.JSON_RESULTS, True), (media.CSV, False), (media.XML_RESULTS, True), (media.TSV, True)])
def test_row_markers_inside_values_count_only_where_not_escaped(media_type: str, escaped: bool) -> None:
    """CSV leaves a newline as it is in a value: counted as a row, to be safe (JSON is written as TSV)."""
    store = ox.Store()
    subject, note = ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/note")
    for index, text in enumerate(('a},{"b', "<result>", "two\nlines", 'x},{"y <result> \n\n')):
        store.add(ox.Quad(subject, note, ox.Literal(f"{text} {index}")))
    at_cap = render_answer(memory_answer(store, ALL), media_type, max_rows=4)
    assert (at_cap is not None) is escaped
    assert render_answer(memory_answer(store, ALL), media_type, max_rows=40) is not None


@pytest.mark.parametrize("media_type", media.available(QueryKind.SOLUTIONS))
def test_an_answer_over_its_byte_budget_is_declined(small: ox.Store, media_type: str) -> None:
    assert 4 * BYTES_PER_ROW < 5000  # the long literal alone outgrows a four-row budget
    assert render_answer(memory_answer(small, ALL), media_type, max_rows=4) is None
    assert render_answer(memory_answer(small, ALL), media_type, max_rows=8) is not None


def test_a_declined_answer_is_written_from_capped_rows(mini_store: StoreRecord) -> None:
    store = EmbeddedStore(mini_store, max_rows=3)
    long_rows = "SELECT ?s (CONCAT(STR(?s), STR(?s), STR(?s), STR(?s), STR(?s)) AS ?long) { ?s ?p ?o }"
    for sparql in (ALL, long_rows):
        native = store.query_as(sparql, media.JSON_RESULTS)
        document = json.loads(native.body)
        assert native.truncated and document["truncated"] is True
        assert len(document["results"]["bindings"]) == 3
        assert native == render(store.query(sparql), media.JSON_RESULTS)


@pytest.mark.parametrize("media_type", media.available(QueryKind.BOOLEAN))
def test_booleans_are_written_natively(kg_store: EmbeddedStore, media_type: str) -> None:
    for sparql in ("ASK { ?s ?p ?o }", "ASK { <urn:x:none> ?p ?o }"):
        assert kg_store.query_as(sparql, media_type) == render(kg_store.query(sparql), media_type)


def test_query_errors_are_reported_as_by_query(kg_store: EmbeddedStore) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        kg_store.query_as("SELECT ?s WHERE { ?s ?p }", media.JSON_RESULTS)
    assert raised.value.line == 1 and raised.value.column > 1
