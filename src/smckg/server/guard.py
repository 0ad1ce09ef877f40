"""Reading a query before it runs: its kind, the endpoints and graphs it names, the refusals.

The query is parsed and translated to SPARQL algebra by rdflib (pyoxigraph does not expose
its algebra); the checks walk that algebra, never the raw text, so a ``SERVICE`` inside a
``FILTER EXISTS``, a comment or a string cannot fool them.  What is refused:

* any update (the text parses as SPARQL Update) -> :class:`ReadOnlyError` (403);
* ``SERVICE`` to an endpoint outside the allow-list, or to a variable -> :class:`OutboundRefused`
  (403), so no query makes the server open a connection of its own;
* a dataset (``FROM``/``FROM NAMED`` or the protocol's ``default-graph-uri``/``named-graph-uri``)
  naming a graph the store does not hold -> :class:`DatasetRefused` (400).  Neither engine
  dereferences such IRIs, so the allow-list does not apply to them;
* brackets, braces and parentheses nested more than :data:`MAX_NESTING` deep ->
  :class:`QueryTooDeep` (400), measured on the text before the parser (which recurses
  once per level and would run out of Python stack) sees it.

Analyses are cached by query text, since parsing costs far more than most queries here.
rdflib's parser (pyparsing) is not thread-safe, so one thread at a time parses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pyparsing import ParseBaseException
from rdflib.plugins.sparql.algebra import translateQuery, traverse
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.term import Variable

from smckg.errors import QueryError
from smckg.server.errors import DatasetRefused, OutboundRefused, QuerySyntaxError, ReadOnlyError
from smckg.server.parser_lock import PARSER_LOCK
from smckg.server.store.base import QueryKind

_KINDS = {
    "SelectQuery": QueryKind.SOLUTIONS,
    "AskQuery": QueryKind.BOOLEAN,
    "ConstructQuery": QueryKind.GRAPH,
    "DescribeQuery": QueryKind.GRAPH,
}


@dataclass(frozen=True)
class QueryAnalysis:
    """What a query is and what it reaches for."""

    kind: QueryKind
    services: tuple[str, ...]  # SERVICE targets; a variable target is written "?name"
    from_graphs: tuple[str, ...]  # FROM
    from_named: tuple[str, ...]  # FROM NAMED
    projection: frozenset[str] | None  # variables a SELECT returns; None for other forms


#: Deepest nesting of brackets, braces and parentheses accepted in a query.  rdflib's parser
#: spends up to about 55 Python frames on each level of a nested expression (fewer on braces),
#: so 16 levels stay well inside Python's recursion limit wherever a query is parsed (a query
#: worker process or a thread of the web server); real queries nest 6 levels at most.
MAX_NESTING = 16

#: What the nesting scan reads: strings, IRIs and comments (whose brackets do not count),
#: and the brackets themselves.
_TOKENS = re.compile(
    r"""
      "{3}.*?"{3} | '{3}.*?'{3}                      # long strings
    | "(?:[^"\\\n\r]|\\.)*" | '(?:[^'\\\n\r]|\\.)*'  # short strings
    | <[^<>"{}|^`\\\x00-\x20]*>                      # IRIs
    | \#[^\n\r]*                                     # comments
    | [(\[{] | [)\]}]                                # brackets
    """,
    re.VERBOSE | re.DOTALL,
)


class QueryTooDeep(QueryError):
    """A query nests brackets, braces or parentheses more deeply than :data:`MAX_NESTING`."""

    def __init__(self, depth: int) -> None:
        super().__init__(
            f"query nesting depth {depth} exceeds the limit of {MAX_NESTING} "
            "(brackets, braces and parentheses inside one another)",
            f"查询的嵌套深度 {depth} 超过上限 {MAX_NESTING}（圆括号、花括号与方括号的相互嵌套）",
            where="query",
        )


@lru_cache(maxsize=512)
def analyse(sparql: str) -> QueryAnalysis:
    """Parse and translate a query; raise the error its text deserves."""
    depth = nesting_depth(sparql)
    if depth > MAX_NESTING:
        raise QueryTooDeep(depth)
    try:
        with PARSER_LOCK:
            algebra = _translate(_parse(sparql))
        services = _services(algebra)
    except RecursionError:  # long runs of some clauses recurse too, not only nesting
        raise QueryError(
            "the query is too long or too deeply nested for the parser to read; split long runs "
            "(such as more than about 75 triple patterns joined by '.', or hundreds of UNION, "
            "OPTIONAL or BIND clauses in a row) into smaller groups",
            "查询过长或嵌套过深，解析器无法读取；请把过长的序列（例如以“.”连接的七十多个以上三元组模式，"
            "或连续数百个 UNION、OPTIONAL、BIND 子句）拆分为较小的组",
            where="query",
        ) from None
    datasets = algebra.get("datasetClause") or ()
    return QueryAnalysis(
        kind=_KINDS[algebra.name],
        services=services,
        from_graphs=tuple(str(clause["default"]) for clause in datasets if "default" in clause),
        from_named=tuple(str(clause["named"]) for clause in datasets if "named" in clause),
        projection=(
            frozenset(str(v) for v in algebra.get("PV") or ())
            if algebra.name == "SelectQuery"
            else None
        ),
    )


def nesting_depth(sparql: str) -> int:
    """How deeply brackets, braces and parentheses nest in a query's text."""
    depth = deepest = 0
    for token in _TOKENS.finditer(sparql):
        symbol = token.group()
        if symbol in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif symbol in ")]}":
            depth = max(depth - 1, 0)
    return deepest


def check(
    analysis: QueryAnalysis,
    *,
    allowlist: Iterable[str],
    held_graphs: frozenset[str],
    default_graph_uris: tuple[str, ...] = (),
    named_graph_uris: tuple[str, ...] = (),
) -> None:
    """Refuse what the service does not do; return quietly otherwise."""
    allowed = set(allowlist)
    for target in analysis.services:
        if target not in allowed:
            raise OutboundRefused(target)
    if default_graph_uris or named_graph_uris:
        _check_held(default_graph_uris + named_graph_uris, held_graphs, "default-graph-uri")
    else:
        _check_held(analysis.from_graphs + analysis.from_named, held_graphs, "FROM")


def _check_held(iris: tuple[str, ...], held: frozenset[str], where: str) -> None:
    missing = tuple(iri for iri in dict.fromkeys(iris) if iri not in held)
    if missing:
        raise DatasetRefused(missing, where=where)


def _parse(sparql: str) -> Any:
    try:
        return parseQuery(sparql)
    except ParseBaseException as error:
        if _is_update(sparql):
            raise ReadOnlyError() from None
        found = f", found {error.found}" if getattr(error, "found", "") else ""
        raise QuerySyntaxError(
            f"{error.msg}{found}", line=error.lineno, column=error.col
        ) from None
    except ValueError as error:
        raise QueryError(
            f"the query cannot be read: {error}", f"无法读取该查询：{error}", where="query"
        ) from None


def _is_update(sparql: str) -> bool:
    try:
        parseUpdate(sparql)
    except (ParseBaseException, ValueError, RecursionError):
        return False
    return True


def _translate(parsed: Any) -> Any:
    try:
        return translateQuery(parsed).algebra
    except RecursionError:
        raise
    except Exception as error:  # rdflib raises bare Exception for e.g. an unknown prefix
        raise QueryError(
            f"the query cannot be interpreted: {error}",
            f"无法解释该查询：{error}",
            where="query",
        ) from None


def _services(algebra: Any) -> tuple[str, ...]:
    found: list[str] = []

    def visit(node: Any) -> None:
        if getattr(node, "name", None) == "ServiceGraphPattern":
            term = node["term"]
            found.append(f"?{term}" if isinstance(term, Variable) else str(term))

    traverse(algebra, visitPre=visit)
    return tuple(dict.fromkeys(found))
