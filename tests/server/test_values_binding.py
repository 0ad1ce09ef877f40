"""Binding by a VALUES block: placed in the outermost WHERE group, proof against injection."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.plugins.sparql import prepareQuery

from smckg.errors import ParameterError, QueryError
from smckg.server.store.values import inject_values, values_block

EX = "http://example.org/"
A, B = ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b")
P = ox.NamedNode(EX + "p")
NASTY = ['x" } ; DROP ALL #', "x' } } INSERT DATA { <a:b> <a:c> <a:d> } #", 'a\\"\n}"']


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    for subject, label in [(A, "alpha"), (B, "beta"), (B, "beta again")]:
        store.add(ox.Quad(subject, P, ox.Literal(label)))
    for nasty in NASTY:
        store.add(ox.Quad(A, ox.NamedNode(EX + "q"), ox.Literal(nasty)))
    return store


def rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return sorted(tuple(str(term) for term in solution) for solution in store.query(query))


def test_the_block_lists_variables_and_terms() -> None:
    block = values_block({"s": A, "l": ox.Literal("é", language="fr")})
    assert block == f'VALUES (?s ?l) {{ (<{EX}a> "é"@fr) }}'


def test_a_filter_on_the_parameter_sees_its_value(store: ox.Store) -> None:
    query = f"SELECT ?l WHERE {{ ?x <{P.value}> ?l FILTER(?x = ?s) }}"
    assert rows(store, inject_values(query, {"s": B})) == [('"beta again"',), ('"beta"',)]


def test_aggregates_are_computed_after_the_binding(store: ox.Store) -> None:
    query = f"SELECT (COUNT(?l) AS ?n) WHERE {{ ?s <{P.value}> ?l }}"
    (count,) = rows(store, inject_values(query, {"s": B}))
    assert count == ('"2"^^<http://www.w3.org/2001/XMLSchema#integer>',)


def test_braces_in_strings_iris_and_comments_do_not_mislead(store: ox.Store) -> None:
    query = (
        'PREFIX e: <http://example.org/>  # a { in a comment\n'
        'SELECT ("{" AS ?brace) ?l # {\n'
        "WHERE # {\n{ ?s e:p ?l }"
    )
    rewritten = inject_values(query, {"s": A})
    prepareQuery(rewritten)  # still valid SPARQL
    assert rows(store, rewritten) == [('"{"', '"alpha"')]


@pytest.mark.parametrize("nasty", NASTY)
def test_a_literal_cannot_escape_its_quotes(store: ox.Store, nasty: str) -> None:
    query = f"SELECT ?s WHERE {{ ?s <{EX}q> ?v }}"
    rewritten = inject_values(query, {"v": ox.Literal(nasty)})
    assert rows(store, rewritten) == [(str(A),)]  # matched the stored literal, nothing else ran


def test_an_iri_cannot_be_forged() -> None:
    with pytest.raises(ValueError):
        ox.NamedNode(f"{EX}> }} ; DROP ALL ; SELECT * {{ <x")


@pytest.mark.parametrize("term", [ox.BlankNode("b0"), ox.Triple(A, P, B)])
def test_terms_values_cannot_hold_are_refused(term: ox.BlankNode | ox.Triple) -> None:
    with pytest.raises(ParameterError):
        inject_values("SELECT * { ?s ?p ?o }", {"s": term})


@pytest.mark.parametrize(
    "query", ["DESCRIBE <http://example.org/a>", "CONSTRUCT WHERE { ?s ?p ?o }", "SELECT * {"]
)
def test_queries_without_a_group_to_bind_in_are_refused(query: str) -> None:
    with pytest.raises(QueryError):
        inject_values(query, {"s": A})


NESTED = [
    # a FILTER in a nested group (as in queries/term-by-label.rq)
    f"SELECT ?x WHERE {{ {{ ?x <{P.value}> ?l FILTER(STR(?l) = STR(?want)) }} }}",
    # an optional parameter tested with BOUND (as in queries/principles.rq)
    f"SELECT ?x WHERE {{ ?x <{P.value}> ?l FILTER(!BOUND(?want) || STR(?l) = STR(?want)) }}",
    # inside FILTER NOT EXISTS, and next to inline VALUES data and a prefixed name 'values'
    f"PREFIX values: <{EX}> SELECT ?x WHERE {{ VALUES ?y {{ 1 }} ?x values:p ?l "
    f"FILTER NOT EXISTS {{ ?x values:p ?other FILTER(STR(?other) != STR(?want)) }} }}",
    # a sub-SELECT
    f"SELECT ?x WHERE {{ {{ SELECT ?x WHERE {{ ?x <{P.value}> ?l FILTER(STR(?l) = ?want) }} }} }}",
    # a CONSTRUCT template is left alone
    f"CONSTRUCT {{ ?x <{EX}is> ?want }} WHERE {{ {{ ?x <{P.value}> ?l FILTER(?l = ?want) }} }}",
]


@pytest.mark.parametrize("query", NESTED)
def test_the_binding_reaches_nested_groups_as_rdflib_binds(store: ox.Store, query: str) -> None:
    triples = ox.serialize((quad.triple for quad in store), format=ox.RdfFormat.N_TRIPLES)
    graph = Graph().parse(data=triples, format="nt")
    want = Literal("alpha")
    expected = graph.query(query, initBindings={"want": want})
    rewritten = inject_values(query, {"want": ox.Literal("alpha")})
    answer = store.query(rewritten)
    if isinstance(answer, ox.QueryTriples):
        assert {str(t.subject) for t in answer} == {f"<{s}>" for s, _, _ in expected}
    else:
        assert [tuple(str(t) for t in row) for row in answer] == [
            tuple(f"<{t}>" for t in row) for row in expected]
    assert len(list(expected)) == 1


def test_no_bindings_leaves_the_text_alone() -> None:
    assert inject_values("ASK {}", {}) == "ASK {}"
