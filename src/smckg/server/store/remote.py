"""The remote store: any SPARQL 1.1 endpoint, spoken to through SPARQLWrapper.

The endpoint's own settings are what keep it safe (read-only account, no SERVICE or remote
loading, time and cost limits: ``docs/external-engine.md``).  The checks made here before
sending are a courtesy, with rdflib's reading of the text (:mod:`smckg.server.store.analysis`):
a SERVICE outside the allow-list is refused with 403, and the query's kind picks the format
asked for.

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
from collections.abc import Iterable, Iterator, Mapping

import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from smckg.errors import QueryError
from smckg.server.errors import RemoteTimeout, RemoteUnavailable
from smckg.server.media import chosen_format
from smckg.server.render import Answer, Rendered, render_answer
from smckg.server.store.analysis import check_services, read_query
from smckg.server.store.answers import AnswersAsTerms
from smckg.server.store.base import DescribesBuild, QueryKind, StoreInfo
from smckg.server.store.values import inject_values
from smckg.server.terms import Bindable, checked_bindings

DEFAULT_MAX_BYTES = 64 * 2**20


class RemoteStore(DescribesBuild, AnswersAsTerms):
    """A SPARQL 1.1 endpoint used as the store; it must hold the same build."""

    kind = "remote"

    def __init__(
        self,
        endpoint: str,
        *,
        info: StoreInfo,
        timeout: float,
        max_rows: int,
        graph: str | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        allowlist: tuple[str, ...] = (),
    ) -> None:
        self.endpoint = endpoint
        self.allowlist = frozenset(allowlist)
        self.graph = graph
        self.info = info
        self._timeout = timeout
        self.max_rows = max_rows
        self._max_bytes = max_bytes


    def render(
        self,
        sparql: str,
        *,
        formats: Mapping[QueryKind, str | None],
        bindings: Mapping[str, Bindable] | None = None,
        default_graph_uris: Iterable[str] = (),
        named_graph_uris: Iterable[str] = (),
        base_iri: str | None = None,
    ) -> Rendered:
        """Send the query (parameters bound by VALUES), then write the capped answer as asked."""
        check_services(sparql, self.allowlist)  # a courtesy: the endpoint's settings are the guarantee
        kind = read_query(sparql).kind
        media_type = chosen_format(formats, kind)
        text = inject_values(sparql, checked_bindings(bindings))
        if base_iri:
            text = f"BASE {ox.NamedNode(base_iri)}\n{text}"
        default = tuple(default_graph_uris)
        named = tuple(named_graph_uris)
        if self.graph and not default and not named:
            default = (self.graph,)
        body = self._fetch(self._wrapper(text, kind, default, named))
        try:
            answer = _read(body, kind)
        except (SyntaxError, ValueError) as error:
            raise RemoteUnavailable(self.endpoint, f"unreadable answer ({error})") from None
        return render_answer(answer, media_type, max_rows=self.max_rows)

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


def _read(body: bytes, kind: QueryKind) -> Answer | Iterator[ox.Triple]:
    """The endpoint's answer parsed by pyoxigraph; an ASK answered as a one-cell table is a boolean."""
    if kind is QueryKind.GRAPH:
        return (quad.triple for quad in ox.parse(body, format=ox.RdfFormat.TURTLE))
    answer = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if kind is QueryKind.BOOLEAN and isinstance(answer, ox.QuerySolutions):
        return _table_as_boolean(answer)
    return answer


def _table_as_boolean(table: ox.QuerySolutions) -> ox.QueryBoolean:
    """The boolean of an ASK that came back as a one-cell table, or ValueError."""
    rows = list(table)
    if len(table.variables) != 1 or len(rows) > 1:
        raise ValueError("an ASK query was answered with a table")
    cell = rows[0][0] if rows else None
    verdict = cell is not None and cell.value not in {"0", "false"}
    return ox.parse_query_results(b'{"head":{},"boolean":%s}' % (b"true" if verdict else b"false"),
                                  format=ox.QueryResultsFormat.JSON)


def _excerpt(error: Exception, limit: int = 400) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[:limit] + "..."
