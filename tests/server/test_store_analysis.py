"""rdflib's courtesy reading of a query (remote store, allow-list): kinds, SERVICE targets, no 5xx."""

from __future__ import annotations

import pytest

from smckg.errors import QueryError
from smckg.server.store.analysis import read_query
from smckg.server.store.base import QueryKind


@pytest.mark.parametrize(("query", "kind"), [
    ("SELECT * { ?s ?p ?o }", QueryKind.SOLUTIONS), ("ASK {}", QueryKind.BOOLEAN),
    ("CONSTRUCT WHERE { ?s ?p ?o }", QueryKind.GRAPH), ("DESCRIBE <urn:x:a>", QueryKind.GRAPH),
])
def test_the_kind_is_read(query: str, kind: QueryKind) -> None:
    assert read_query(query).kind is kind


def test_service_targets_are_found_in_nested_groups_and_variables() -> None:
    reading = read_query("SELECT * { FILTER EXISTS { SERVICE <http://a.example/sparql> { ?s ?p ?o } } "
                         "SERVICE ?endpoint { ?x ?y ?z } }")
    assert reading.services == ("http://a.example/sparql", "?endpoint")


@pytest.mark.parametrize("query", ["SELECT", "ASK { ?s ?p -1.5 }x", "SELECT * { ?s a undeclared:X }",
                                   "SELECT * {" + "{" * 3000 + "}" * 3000 + "}"])
def test_whatever_rdflib_cannot_read_is_a_400(query: str) -> None:
    with pytest.raises(QueryError) as raised:
        read_query(query)
    assert raised.value.http_status == 400 and raised.value.zh
