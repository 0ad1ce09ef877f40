"""Answering a request with a query's result, in the media type the client negotiated.

``query_response`` is what any blueprint calls to send SPARQL results (the protocol
endpoint, the canned-query API): it negotiates from the request's Accept header, runs the
query in a worker with its parameters bound, and sets the truncation header.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask import Response, request

from smckg.server.context import get_config, get_store
from smckg.server.media import content_type, negotiate_formats
from smckg.server.terms import Bindable

#: "true" when the result was cut at the row cap (``max_rows``), else "false".
TRUNCATED_HEADER = "SPARQL-Results-Truncated"
#: Headers every answer carries, so that pages on other origins can query the endpoint.
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": f"{TRUNCATED_HEADER}, ETag, Retry-After",
}
#: Headers on every response: CORS, and no MIME sniffing (a 404 echoing ``<script>`` as
#: text/plain stays text).
ALWAYS_HEADERS = {**CORS_HEADERS, "X-Content-Type-Options": "nosniff"}


def query_response(
    sparql: str,
    *,
    bindings: Mapping[str, Bindable] | None = None,
    default_graph_uris: Iterable[str] = (),
    named_graph_uris: Iterable[str] = (),
) -> Response:
    """The query's result as a response; relative IRIs in the query resolve against the URL."""
    rendered = get_store().render(
        sparql,
        formats=negotiate_formats(request.headers.get("Accept")),
        bindings=bindings,
        default_graph_uris=default_graph_uris,
        named_graph_uris=named_graph_uris,
        base_iri=get_config().base_url + request.path,
    )
    response = Response(rendered.body, content_type=content_type(rendered.media_type))
    response.headers[TRUNCATED_HEADER] = "true" if rendered.truncated else "false"
    response.vary.add("Accept")
    return response
