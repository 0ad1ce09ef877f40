"""The remote store: any SPARQL 1.1 endpoint, spoken to through SPARQLWrapper.

Solutions and booleans are fetched as SPARQL JSON results and graphs as Turtle; both
are parsed by pyoxigraph, so callers get the same terms as from the embedded store.  When
``graph`` is set, queries are asked against that graph of the endpoint (as its
``default-graph-uri``), so the endpoint's other graphs (Virtuoso's system graphs...) stay out.
An ASK answered as a one-cell table (Virtuoso 7 answers ``__ASK_RETVAL`` = 1 or 0) is read
as the boolean it stands for.
Parameters are bound by a VALUES block (see :mod:`smckg.server.store.values`).  At most
``max_bytes`` of a response are read.  Failures become bilingual errors: unreachable or
failing endpoint -> 502, no answer within the timeout -> 504, query refused by the
endpoint as malformed -> 400.
"""

from __future__ import annotations

import urllib.error
from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from smckg.errors import QueryError
from smckg.server.errors import RemoteTimeout, RemoteUnavailable
from smckg.server.guard import analyse
from smckg.server.render import Rendered, render
from smckg.server.store.base import Bindable, DescribesBuild, QueryKind, QueryResult, StoreInfo, result_from_engine
from smckg.server.store.values import inject_values
from smckg.server.terms import checked_bindings

DEFAULT_MAX_BYTES = 64 * 2**20


class RemoteStore(DescribesBuild):
    """A SPARQL 1.1 endpoint used as the store; it must hold the same build."""

    kind = "remote"
    named_graphs: frozenset[str] = frozenset()

    def __init__(
        self,
        endpoint: str,
        *,
        info: StoreInfo,
        timeout: float,
        max_rows: int,
        graph: str | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.endpoint = endpoint
        self.graph = graph
        self.info = info
        self._timeout = timeout
        self._max_rows = max_rows
        self._max_bytes = max_bytes


    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Bindable] | None = None,
        default_graph_uris: Iterable[str] = (),
        named_graph_uris: Iterable[str] = (),
        base_iri: str | None = None,
    ) -> QueryResult:
        """Send the query (parameters bound by VALUES) and parse the capped answer."""
        kind = analyse(sparql).kind
        text = inject_values(sparql, checked_bindings(bindings))
        if base_iri:
            text = f"BASE {ox.NamedNode(base_iri)}\n{text}"
        default = tuple(default_graph_uris)
        named = tuple(named_graph_uris)
        if self.graph and not default and not named:
            default = (self.graph,)
        body = self._fetch(self._wrapper(text, kind, default, named))
        try:
            return self._read(body, kind)
        except (SyntaxError, ValueError) as error:
            raise RemoteUnavailable(self.endpoint, f"unreadable answer ({error})") from None

    def query_as(
        self,
        sparql: str,
        media_type: str,
        *,
        bindings: Mapping[str, Bindable] | None = None,
        default_graph_uris: Iterable[str] = (),
        named_graph_uris: Iterable[str] = (),
        base_iri: str | None = None,
    ) -> Rendered:
        """Run the query as ``query`` does and write its capped answer as ``media_type``."""
        result = self.query(
            sparql,
            bindings=bindings,
            default_graph_uris=default_graph_uris,
            named_graph_uris=named_graph_uris,
            base_iri=base_iri,
        )
        return render(result, media_type)

    def _read(self, body: bytes, kind: QueryKind) -> QueryResult:
        if kind is QueryKind.GRAPH:
            quads = ox.parse(body, format=ox.RdfFormat.TURTLE)
            return result_from_engine((quad.triple for quad in quads), max_rows=self._max_rows)
        answer = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        result = result_from_engine(answer, max_rows=self._max_rows)
        if kind is QueryKind.BOOLEAN and result.kind is not QueryKind.BOOLEAN:
            return QueryResult(QueryKind.BOOLEAN, boolean=_table_as_boolean(result))
        return result

    def _wrapper(
        self, text: str, kind: QueryKind, default: tuple[str, ...], named: tuple[str, ...]
    ) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(self.endpoint)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setOnlyConneg(True)
        wrapper.setTimeout(max(1, round(self._timeout)))
        wrapper.setQuery(text)
        wrapper.setReturnFormat(TURTLE if kind is QueryKind.GRAPH else JSON)
        for iri in default:
            wrapper.addDefaultGraph(iri)
        for iri in named:
            wrapper.addNamedGraph(iri)
        return wrapper

    def _fetch(self, wrapper: SPARQLWrapper) -> bytes:
        try:
            response = wrapper.query().response
            body = response.read(self._max_bytes + 1)
        except QueryBadFormed as error:
            raise QueryError(
                f"the remote endpoint refused the query: {_excerpt(error)}",
                f"远程端点拒绝了该查询：{_excerpt(error)}",
                where=self.endpoint,
            ) from None
        except SPARQLWrapperException as error:
            raise RemoteUnavailable(self.endpoint, _excerpt(error)) from None
        except TimeoutError as error:
            raise RemoteTimeout(self.endpoint, self._timeout) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise RemoteTimeout(self.endpoint, self._timeout) from error
            raise RemoteUnavailable(self.endpoint, str(error.reason)) from None
        except OSError as error:
            raise RemoteUnavailable(self.endpoint, str(error)) from None
        if len(body) > self._max_bytes:
            raise RemoteUnavailable(
                self.endpoint, f"the answer is larger than {self._max_bytes} bytes"
            )
        return body


def _table_as_boolean(result: QueryResult) -> bool:
    """The boolean of an ASK that came back as a one-cell table, or ValueError."""
    if len(result.variables) != 1 or len(result.rows) > 1:
        raise ValueError("an ASK query was answered with a table")
    cell = result.rows[0][0] if result.rows else None
    return cell is not None and cell.value not in {"0", "false"}


def _excerpt(error: Exception, limit: int = 400) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[:limit] + "..."
