"""The store interface: what every backend (embedded, remote, supervised) offers the service.

A store answers a SPARQL 1.1 *query* (never an update) with a :class:`QueryResult` whose
terms are pyoxigraph terms, at most ``max_rows`` rows or triples of them; ``truncated``
says when more existed.  Parameters are passed as ``bindings`` and bound by the engine,
never pasted into the query text.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, TypeVar

import pyoxigraph as ox

if TYPE_CHECKING:
    from smckg.server.render import Rendered

#: A term as pyoxigraph gives it.
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

T = TypeVar("T")


class QueryKind(StrEnum):
    """What a query returns: solutions (SELECT), a boolean (ASK) or a graph (CONSTRUCT/DESCRIBE)."""

    SOLUTIONS = "solutions"
    BOOLEAN = "boolean"
    GRAPH = "graph"


@dataclass(frozen=True)
class QueryResult:
    """The (row-capped) answer to one query."""

    kind: QueryKind
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()
    truncated: bool = False

    def bindings(self) -> list[dict[str, Term]]:
        """The rows as ``{variable: term}`` mappings, unbound variables left out."""
        return [
            {name: term for name, term in zip(self.variables, row, strict=True) if term is not None}
            for row in self.rows
        ]


@dataclass(frozen=True)
class StoreInfo:
    """What a store holds: the build it was loaded from and its size (None when unknown)."""

    build_id: str
    triples: int | None


class DescribesBuild:
    """The ``build_id`` and ``triples`` of a store, read from its ``info``."""

    info: StoreInfo

    @property
    def build_id(self) -> str:
        """The build the store serves (``build.json``'s ``build_id``)."""
        return self.info.build_id

    @property
    def triples(self) -> int | None:
        """How many triples the store holds, when known."""
        return self.info.triples


class EngineStore(Protocol):
    """A read-only SPARQL 1.1 engine a query worker asks (embedded pyoxigraph or a remote endpoint)."""

    kind: str  # "embedded", "remote"
    info: StoreInfo

    def render(
        self,
        sparql: str,
        *,
        formats: Mapping[QueryKind, str | None],
        bindings: Mapping[str, Term] | None = None,
        default_graph_uris: Iterable[str] = (),
        named_graph_uris: Iterable[str] = (),
        base_iri: str | None = None,
    ) -> Rendered:
        """Run a query; its (row-capped) answer written in the media type chosen for its kind."""
        ...


def capped(items: Iterable[T], limit: int) -> tuple[tuple[T, ...], bool]:
    """The first ``limit`` items and whether there were more."""
    head = tuple(itertools.islice(items, limit + 1))
    return head[:limit], len(head) > limit


def result_from_engine(
    answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | Iterable[ox.Triple],
    *,
    max_rows: int,
) -> QueryResult:
    """Turn what pyoxigraph returns (from a query or a parser) into a capped QueryResult."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(QueryKind.BOOLEAN, boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        rows, truncated = capped((tuple(s[v] for v in variables) for s in answer), max_rows)
        return QueryResult(QueryKind.SOLUTIONS, variables, rows, truncated=truncated)
    triples, truncated = capped(answer, max_rows)
    return QueryResult(QueryKind.GRAPH, triples=triples, truncated=truncated)
