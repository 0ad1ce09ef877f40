"""Writing results: four SPARQL results formats, four RDF syntaxes, and the truncation flag."""

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
from smckg.server.render import render
from smckg.server.store.base import QueryKind, QueryResult

CASE = "https://w3id.org/smc-dt/id/case/kaifeng-future-city"
TRICKY = 'a "quoted", comma\tand tab\nand line'
RESULT = QueryResult(
    QueryKind.SOLUTIONS,
    ("case", "label", "n"),
    (
        (ox.NamedNode(CASE), ox.Literal("开封", language="zh"), ox.Literal("3", datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#integer"))),
        (ox.BlankNode("b1"), ox.Literal(TRICKY), None),
    ),
)
RDFLIB_RESULTS = {media.JSON_RESULTS: "json", media.XML_RESULTS: "xml", media.TSV: "tsv"}
RDFLIB_GRAPHS = {media.TURTLE: "turtle", media.JSON_LD: "json-ld", media.N_TRIPLES: "nt",
                 media.RDF_XML: "xml"}


@pytest.mark.parametrize("media_type", list(RDFLIB_RESULTS))
def test_solutions_read_back_identically(media_type: str) -> None:
    rendered = render(RESULT, media_type)
    parsed = Result.parse(io.BytesIO(rendered.body), format=RDFLIB_RESULTS[media_type])
    first, second = list(parsed)
    assert first["case"] == URIRef(CASE) and first["label"] == Literal("开封", lang="zh")
    assert first["n"].toPython() == 3
    assert second["label"] == Literal(TRICKY) and second["n"] is None
    assert rendered.media_type == media_type and not rendered.truncated


def test_csv_holds_plain_values() -> None:
    body = render(RESULT, media.CSV).body.decode("utf-8")
    header, first, second = list(csv.reader(io.StringIO(body)))
    assert header == ["case", "label", "n"]
    assert first == [CASE, "开封", "3"]
    assert second[1:] == [TRICKY, ""]


def test_booleans_in_json_and_xml() -> None:
    answer = QueryResult(QueryKind.BOOLEAN, boolean=True)
    assert json.loads(render(answer, media.JSON_RESULTS).body) == {"head": {}, "boolean": True}
    xml = render(answer, media.XML_RESULTS).body
    assert Result.parse(io.BytesIO(xml), format="xml").askAnswer is True


def test_truncation_is_flagged_first_and_still_parses() -> None:
    cut = QueryResult(QueryKind.SOLUTIONS, RESULT.variables, RESULT.rows[:1], truncated=True)
    rendered = render(cut, media.JSON_RESULTS)
    assert rendered.truncated
    assert rendered.body.startswith(b'{"truncated":true,')
    assert len(list(ox.parse_query_results(rendered.body, format=ox.QueryResultsFormat.JSON))) == 1
    assert len(list(Result.parse(io.BytesIO(rendered.body), format="json"))) == 1
    assert b"truncated" not in render(RESULT, media.JSON_RESULTS).body


@pytest.mark.parametrize("media_type", list(RDFLIB_GRAPHS))
def test_graphs_read_back_isomorphic(media_type: str) -> None:
    expected = Graph()
    expected.add((URIRef(CASE), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
                  Literal("开封", lang="zh")))
    expected.add((URIRef(CASE), URIRef("http://example.org/note"), Literal(TRICKY)))
    triples = tuple(ox.parse(expected.serialize(format="nt", encoding="utf-8"),
                             format=ox.RdfFormat.N_TRIPLES))
    rendered = render(QueryResult(QueryKind.GRAPH, triples=triples), media_type)
    parsed = Graph().parse(data=rendered.body, format=RDFLIB_GRAPHS[media_type])
    assert isomorphic(parsed, expected)


def test_turtle_uses_prefixes_but_writes_individuals_in_full() -> None:
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    triple = ox.Triple(ox.NamedNode(CASE), label, ox.Literal("Kaifeng", language="en"))
    body = render(QueryResult(QueryKind.GRAPH, triples=(triple,)), media.TURTLE).body.decode()
    assert f"<{CASE}> skos:prefLabel" in body
