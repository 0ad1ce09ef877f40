"""Binding parameters by a VALUES block placed at the start of the query's WHERE group.

Used where the engine cannot bind by itself: the remote store (SPARQLWrapper sends text)
and the embedded store when a bound variable is not projected (pyoxigraph's
``substitutions`` accept only projected variables).

Why this rewrite and not another:

* Terms are serialised by pyoxigraph (``str(term)`` is N-Triples, which is also valid
  SPARQL): its ``NamedNode`` rejects any IRI with ``>``, spaces or quotes, and literals are
  escaped, so a value can never close the block and add query text (the injection of
  grlc#101).  Blank nodes and quoted triples are refused: VALUES cannot hold them.
* The block goes *first inside* the outermost WHERE group, so it joins before every
  FILTER, OPTIONAL and aggregate of that group -- the same effect as binding the variable
  up front.  A trailing ``VALUES`` (after the query) would join only after GROUP BY, and
  would change the answer of aggregates and of filters on the parameter.
* The group's position comes from parsing with rdflib's own SPARQL grammar (a
  ``Located`` wrapper around its GroupGraphPattern), not from a regex, so braces in
  strings, IRIs or comments are never mistaken for it.  Rewriting rdflib's algebra back
  to text (``translateAlgebra``) was rejected: it re-serialises the whole query and does
  not round-trip every construct.

A query with no WHERE group (``DESCRIBE <iri>``) or the short ``CONSTRUCT WHERE`` form
cannot take a block and is refused with a QueryError.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import pyoxigraph as ox
from pyparsing import (
    CaselessKeyword,
    Located,
    OneOrMore,
    Optional,
    ParseBaseException,
    ParserElement,
    ZeroOrMore,
    rest_of_line,
)
from rdflib.plugins.sparql import parser as grammar

from smckg.errors import ParameterError, QueryError
from smckg.server.store.base import Term


def _query_outline() -> ParserElement:
    where = Optional(CaselessKeyword("WHERE")) + Located(grammar.GroupGraphPattern)("where")
    datasets = ZeroOrMore(grammar.DatasetClause)
    form = (
        grammar.SelectClause + datasets + where
        | CaselessKeyword("CONSTRUCT") + grammar.ConstructTemplate + datasets + where
        | CaselessKeyword("ASK") + datasets + where
        | CaselessKeyword("DESCRIBE")
        + (OneOrMore(grammar.VarOrIri) | "*")
        + datasets
        + Optional(where)
    )
    outline = grammar.Prologue + form + grammar.SolutionModifier + grammar.ValuesClause
    outline.ignore("#" + rest_of_line)
    return outline


_OUTLINE = _query_outline()


def values_block(bindings: Mapping[str, Term]) -> str:
    """``VALUES (?a ?b) { (<iri> "text"@en) }`` for one row of bound terms."""
    for name, term in bindings.items():
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise ParameterError(
                f"parameter {name} must be an IRI or a literal to be bound here",
                f"参数 {name} 须为 IRI 或字面量才能在此绑定",
                where=name,
            )
    variables = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"VALUES ({variables}) {{ ({terms}) }}"


def inject_values(sparql: str, bindings: Mapping[str, Term]) -> str:
    """The query with the bindings as a VALUES block opening its outermost WHERE group."""
    if not bindings:
        return sparql
    text = grammar.expandUnicodeEscapes(sparql)
    start = _where_start(text)
    return f"{text[:start]} {values_block(bindings)} {text[start:]}"


@lru_cache(maxsize=512)
def _where_start(text: str) -> int:
    """Where the outermost WHERE group's content begins (just after its ``{``).

    Cached by query text: parsing with rdflib's grammar takes 15 to 60 ms, against well
    under a millisecond for most queries of the service, and canned queries repeat.
    """
    try:
        where = _OUTLINE.parse_string(text, parse_all=True).get("where")
    except ParseBaseException as error:
        raise QueryError(
            f"cannot place parameters in the query: {error}",
            f"无法在查询中放入参数：{error}",
            where=f"line {error.lineno}, column {error.col}",
        ) from None
    if where is None or text[where[0]] != "{":
        raise QueryError(
            "parameters need a WHERE { ... } group to be bound in",
            "参数需要 WHERE { ... } 组才能绑定",
            where="query",
        )
    return where[0] + 1
