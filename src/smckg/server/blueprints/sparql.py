"""The SPARQL 1.1 Protocol endpoint ``/sparql``: queries by GET and POST, else a description."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, request

from smckg.server.caching import cached_per_build
from smckg.server.context import get_config, get_store
from smckg.server.errors import NotAcceptable
from smckg.server.media import HTML, JSON_LD, N_TRIPLES, RDF_XML, TURTLE, content_type, negotiate
from smckg.server.protocol import read_operation
from smckg.server.responses import query_response
from smckg.server.service_description import service_description

blueprint = Blueprint("sparql", __name__)

#: Media types of the service description -> rdflib serialiser names.
DESCRIPTION_FORMATS = {TURTLE: "turtle", RDF_XML: "xml", JSON_LD: "json-ld", N_TRIPLES: "nt"}


@blueprint.route("/sparql", methods=["GET", "POST"])
@blueprint.route("/sparql/", methods=["GET", "POST"])
@cached_per_build
def endpoint() -> Response:
    """Answer a query operation; without one, describe the service."""
    operation = read_operation(request)
    if operation is None:
        return _description()
    return query_response(
        operation.query,
        default_graph_uris=operation.default_graph_uris,
        named_graph_uris=operation.named_graph_uris,
    )


def _description() -> Response:
    media_type = negotiate(request.headers.get("Accept"), [*DESCRIPTION_FORMATS, HTML])
    if media_type is None:
        raise NotAcceptable("this resource", tuple(DESCRIPTION_FORMATS))
    if media_type == HTML:
        if _has_home_page():
            return redirect("/", code=303)
        media_type = TURTLE
    endpoint_iri = get_config().base_url + "/sparql"
    graph = service_description(endpoint_iri, get_store().info, get_config())
    body = graph.serialize(format=DESCRIPTION_FORMATS[media_type], encoding="utf-8")
    response = Response(body, content_type=content_type(media_type))
    response.vary.add("Accept")
    return response


def _has_home_page() -> bool:
    return any(rule.rule == "/" for rule in current_app.url_map.iter_rules())
