"""A courtesy reading of a query's text by rdflib, for where the engine cannot be asked first.

Used only where the text must be understood before an engine runs it: the remote store
(which result format to ask the endpoint for) and the operator's opt-in ``service_allowlist``
(which ``SERVICE`` endpoints a query names).  It is never a safety boundary: rdflib and the
engine may read a text differently, so the embedded store's guarantees do not rest on it
(query workers have no network unless the operator lists endpoints, see
:mod:`smckg.server.sandbox`), and a remote engine must enforce its own limits.  Whatever
goes wrong here is the client's 400, never a server error.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rdflib.plugins.sparql.algebra import translateQuery, traverse
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.term import Variable

from smckg.errors import QueryError
from smckg.server.errors import OutboundRefused
from smckg.server.store.base import QueryKind

_KINDS = {
    "SelectQuery": QueryKind.SOLUTIONS,
    "AskQuery": QueryKind.BOOLEAN,
    "ConstructQuery": QueryKind.GRAPH,
    "DescribeQuery": QueryKind.GRAPH,
}
#: rdflib's parser (pyparsing) keeps state in shared grammar objects: one parse at a time.
_PARSER_LOCK = threading.Lock()


@dataclass(frozen=True)
class Reading:
    """What rdflib makes of a query: its kind and the SERVICE targets it names."""

    kind: QueryKind
    services: tuple[str, ...]  # a variable target is written "?name"


@lru_cache(maxsize=512)
def read_query(sparql: str) -> Reading:
    """rdflib's reading of a query; QueryError (400) when rdflib cannot read it."""
    try:
        with _PARSER_LOCK:
            algebra = translateQuery(parseQuery(sparql)).algebra
        return Reading(_KINDS[algebra.name], _services(algebra))
    except Exception as error:  # pyparsing, rdflib and recursion errors alike
        raise QueryError(
            f"the query cannot be read here: {type(error).__name__}: {error}",
            f"此处无法读取该查询：{type(error).__name__}：{error}",
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


def check_services(sparql: str, allowlist: frozenset[str]) -> None:
    """Refuse (403) a query naming a SERVICE outside ``allowlist``, as rdflib reads its text."""
    for target in read_query(sparql).services:
        if target not in allowlist:
            raise OutboundRefused(target)
