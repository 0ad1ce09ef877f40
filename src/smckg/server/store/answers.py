"""Answers as terms: one way, for every store, from an answer written as SPARQL JSON results or N-Triples.

Pages that need terms (a resource's description, the matrix, labels) ask a store for its
answer written in one of ``TERM_FORMATS`` and read it back with pyoxigraph; so terms come
through the same path as every answer the service sends (the workers' ``render``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

import pyoxigraph as ox

from smckg.server.media import JSON_RESULTS, N_TRIPLES
from smckg.server.render import Rendered
from smckg.server.store.base import QueryKind, QueryResult, result_from_engine
from smckg.server.terms import Bindable

#: The formats asked for when terms are wanted: results and graphs pyoxigraph reads back.
TERM_FORMATS = {QueryKind.SOLUTIONS: JSON_RESULTS, QueryKind.BOOLEAN: JSON_RESULTS, QueryKind.GRAPH: N_TRIPLES}


def as_result(rendered: Rendered, *, max_rows: int) -> QueryResult:
    """A rendered answer (in one of ``TERM_FORMATS``) read back as terms."""
    if rendered.kind is QueryKind.GRAPH:
        triples = (quad.triple for quad in ox.parse(rendered.body, format=ox.RdfFormat.N_TRIPLES))
        answer = result_from_engine(triples, max_rows=max_rows)
    else:
        parsed = ox.parse_query_results(rendered.body, format=ox.QueryResultsFormat.JSON)
        answer = result_from_engine(parsed, max_rows=max_rows)
    return replace(answer, truncated=rendered.truncated)


class AnswersAsTerms:
    """``query`` for a store that has ``render`` and ``max_rows``."""

    max_rows: int

    def render(self, sparql: str, *, formats: Mapping[QueryKind, str | None],
               bindings: Mapping[str, Bindable] | None = None, default_graph_uris: Iterable[str] = (),
               named_graph_uris: Iterable[str] = (), base_iri: str | None = None) -> Rendered:
        """Run a query; its answer written in the media type chosen for its kind."""
        raise NotImplementedError

    def query(self, sparql: str, *, bindings: Mapping[str, Bindable] | None = None,
              default_graph_uris: Iterable[str] = (), named_graph_uris: Iterable[str] = (),
              base_iri: str | None = None) -> QueryResult:
        """Run a query and get its (capped) answer as pyoxigraph terms."""
        rendered = self.render(sparql, formats=TERM_FORMATS, bindings=bindings,
                               default_graph_uris=default_graph_uris, named_graph_uris=named_graph_uris,
                               base_iri=base_iri)
        return as_result(rendered, max_rows=self.max_rows)
