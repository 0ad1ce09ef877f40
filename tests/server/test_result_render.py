"""Writing engine answers: four SPARQL results formats, four RDF syntaxes, the row cap and its flag."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.query import Result

from smckg.server import media
from smckg.server.render import Rendered, render_answer

CASE = "https://w3id.org/smc-dt/id/case/kaifeng-future-city"
TRICKY = 'a "quoted", comma\tand tab\nand line'
ROWS = f"""SELECT ?case ?label ?n {{ VALUES (?case ?label ?n) {{
    (<{CASE}> "开封"@zh 3)
    (<urn:x:b1> {json.dumps(TRICKY)} UNDEF) }} }}"""


def render(sparql: str, media_type: str, max_rows: int = 100) -> Rendered:
    """The engine's answer to ``sparql`` over an empty store, written as ``media_type``."""
    return render_answer(ox.Store().query(sparql), media_type, max_rows=max_rows)

RDFLIB_RESULTS = {media.JSON_RESULTS: "json", media.XML_RESULTS: "xml", media.TSV: "tsv"}
RDFLIB_GRAPHS = {media.TURTLE: "turtle", media.JSON_LD: "json-ld", media.N_TRIPLES: "nt",
                 media.RDF_XML: "xml"}


@pytest.mark.parametrize("media_type", list(RDFLIB_RESULTS))
def test_solutions_read_back_identically(media_type: str) -> None:
    rendered = render(ROWS, media_type)
    parsed = Result.parse(io.BytesIO(rendered.body), format=RDFLIB_RESULTS[media_type])
    first, second = list(parsed)
    assert first["case"] == URIRef(CASE) and first["label"] == Literal("开封", lang="zh")
    assert first["n"].toPython() == 3
    assert second["label"] == Literal(TRICKY) and second["n"] is None
    assert rendered.media_type == media_type and not rendered.truncated


def test_csv_holds_plain_values() -> None:
    body = render(ROWS, media.CSV).body.decode("utf-8")
    header, first, second = list(csv.reader(io.StringIO(body)))
    assert header == ["case", "label", "n"]
    assert first == [CASE, "开封", "3"]
    assert second[1:] == [TRICKY, ""]


def test_booleans_in_json_and_xml() -> None:
    assert json.loads(render("ASK {}", media.JSON_RESULTS).body) == {"head": {}, "boolean": True}
    xml = render("ASK {}", media.XML_RESULTS).body
    assert Result.parse(io.BytesIO(xml), format="xml").askAnswer is True


def test_truncation_is_flagged_first_and_still_parses() -> None:
    rendered = render(ROWS, media.JSON_RESULTS, max_rows=1)
    assert rendered.truncated
    assert rendered.body.startswith(b'{"truncated":true,')
    assert len(list(ox.parse_query_results(rendered.body, format=ox.QueryResultsFormat.JSON))) == 1
    assert len(list(Result.parse(io.BytesIO(rendered.body), format="json"))) == 1
    exact = render(ROWS, media.JSON_RESULTS, max_rows=2)
    assert b"truncated" not in exact.body and not exact.truncated


@pytest.mark.parametrize("media_type", [media.JSON_RESULTS, media.XML_RESULTS, media.CSV, media.TSV])
@pytest.mark.parametrize(("rows", "cap"), [(0, 5), (5, 5), (6, 5), (5000, 7), (3, 1)])
def test_the_cap_keeps_exactly_the_first_rows_in_every_format(media_type: str, rows: int, cap: int) -> None:
    query = f"SELECT ?i ?s {{ VALUES ?i {{ {' '.join(map(str, range(rows)))} }} BIND(CONCAT('a\\nb', STR(?i)) AS ?s) }}"
    rendered = render(query, media_type, max_rows=cap)
    if media_type == media.CSV:  # pyoxigraph writes CSV but does not read it
        kept = [(int(i), s) for i, s in list(csv.reader(io.StringIO(rendered.body.decode())))[1:]]
    else:
        answer = ox.parse_query_results(rendered.body, format=ox.QueryResultsFormat.from_media_type(media_type))
        kept = [(int(row["i"].value), row["s"].value) for row in answer]
    assert kept == [(i, f"a\nb{i}") for i in range(min(rows, cap))]
    assert rendered.truncated is (rows > cap)


@pytest.mark.parametrize("media_type", list(RDFLIB_GRAPHS))
def test_graphs_read_back_isomorphic(media_type: str) -> None:
    expected = Graph()
    expected.add((URIRef(CASE), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
                  Literal("开封", lang="zh")))
    expected.add((URIRef(CASE), URIRef("http://example.org/note"), Literal(TRICKY)))
    triples = tuple(ox.parse(expected.serialize(format="nt", encoding="utf-8"),
                             format=ox.RdfFormat.N_TRIPLES))
    store = ox.Store()
    store.extend(triples)
    rendered = render_answer(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), media_type, max_rows=10)
    parsed = Graph().parse(data=rendered.body, format=RDFLIB_GRAPHS[media_type])
    assert isomorphic(parsed, expected)


def test_turtle_uses_prefixes_but_writes_individuals_in_full() -> None:
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    triple = ox.Triple(ox.NamedNode(CASE), label, ox.Literal("Kaifeng", language="en"))
    store = ox.Store()
    store.add(ox.Quad(triple.subject, triple.predicate, triple.object))
    body = render_answer(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), media.TURTLE, max_rows=10).body.decode()
    assert f"<{CASE}> skos:prefLabel" in body
