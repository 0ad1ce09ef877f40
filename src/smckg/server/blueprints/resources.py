"""Linked data: ``/id/{path}`` resource pages, ``/ontology`` and ``/downloads``, by content negotiation.

Every ``https://w3id.org/smc-dt/id/{path}`` is answered at ``/id/{path}`` as a bilingual
HTML page, Turtle, JSON-LD, N-Triples or RDF/XML (``Accept`` or ``?format=``), from a
CONSTRUCT run on the store with the IRI bound as a parameter.  Paths are checked against a
strict pattern and only ever become an IRI, never a file name.  ``/ontology`` and
``/downloads`` serve files of the build folder by a fixed list of names.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Flask, Response, abort, current_app, request, send_file
from rdflib import Graph, URIRef

from smckg.export import MEDIA_TYPES
from smckg.server import media
from smckg.server.caching import cached_per_build
from smckg.server.context import get_config, get_store
from smckg.server.describe import DESCRIBE_QUERY, page_model
from smckg.server.errors import NotAcceptable
from smckg.server.hierarchy import SCHEME, load_trees
from smckg.server.i18n import render_page
from smckg.server.ontodoc import OntologyModel, metadata, sections
from smckg.server.render import graph_document
from smckg.server.store.base import QueryResult
from smckg.server.store.builds import read_build_info
from smckg.server.terms import to_rdflib
from smckg.vocab import SMCID

blueprint = Blueprint("resources", __name__)

#: A path under smcid: -- segments of letters, digits and ``._~-``, none starting with a dot.
PATH = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*(?:/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*")
#: ``?format=`` values and the media type each asks for.
FORMATS = {
    "html": media.HTML, "ttl": media.TURTLE, "turtle": media.TURTLE, "jsonld": media.JSON_LD,
    "nt": media.N_TRIPLES, "rdf": media.RDF_XML, "xml": media.RDF_XML, "owl": media.RDF_XML,
}
RESOURCE_TYPES = (media.HTML, media.TURTLE, media.JSON_LD, media.N_TRIPLES, media.RDF_XML)
ONTOLOGY_FILES = {media.TURTLE: "ontology.ttl", media.RDF_XML: "ontology.owl"}
ONTOLOGY_HTML = "ontology.html"
#: The files /downloads lists and serves, with their media types.
DOWNLOADS = {**MEDIA_TYPES, "void.ttl": media.TURTLE, "build.json": media.JSON,
             ONTOLOGY_HTML: media.HTML, "coverage.json": media.JSON, "coverage.md": "text/markdown"}
_CACHE_KEY = "smckg.ontology_html"
_LOCK = threading.Lock()


def out_dir() -> Path:
    """The build folder the app serves (absolute: ``ServerConfig`` makes it so)."""
    return get_config().out_dir


def chosen_type(offered: tuple[str, ...]) -> str:
    """The media type asked for by ``?format`` or, failing that, by ``Accept``; 406 if none."""
    wanted = request.args.get("format", "").lower()
    if wanted:
        if FORMATS.get(wanted) in offered:
            return FORMATS[wanted]
        raise NotAcceptable("this resource", offered)
    best = media.negotiate(request.headers.get("Accept"), list(offered))
    if best is None:
        raise NotAcceptable("this resource", offered)
    return best


def _vary(response: Response) -> Response:
    response.vary.add("Accept")
    response.vary.add("Accept-Language")
    return response


def not_found() -> Response:
    """The bilingual 404 page."""
    return _vary(render_page("not_found.html", status=404, path=request.path))


def describe(iri: URIRef) -> QueryResult:
    """The store's description graph of ``iri`` (bound as ``?resource``)."""
    return get_store().query(DESCRIBE_QUERY, bindings={"resource": ox.NamedNode(str(iri))})


def as_rdflib(result: QueryResult) -> Graph:
    """The triples of a graph result as an rdflib Graph."""
    graph = Graph()
    for triple in result.triples:
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return graph


def rdf_response(result: QueryResult, media_type: str) -> Response:
    """A graph result written in an RDF syntax."""
    body = graph_document(result.triples, media_type)
    return _vary(Response(body, mimetype=media_type,
                          content_type=media.content_type(media_type)))


@blueprint.get("/id/<path:path>")
@cached_per_build
def resource(path: str) -> Response:
    """The resource ``smcid:{path}`` in the negotiated format, or 404."""
    if not PATH.fullmatch(path):
        return not_found()
    media_type = chosen_type(RESOURCE_TYPES)
    iri = SMCID[path]
    result = describe(iri)
    if not result.triples:
        return not_found()
    if media_type != media.HTML:
        return rdf_response(result, media_type)
    page = page_model(as_rdflib(result), iri)
    trees = load_trees(get_store()) if iri == SCHEME else []
    return _vary(render_page("resource.html", page=page, path=path, trees=trees))


def ontology_model(app: Flask) -> OntologyModel:
    """The ontology's documentation model (metadata and terms), read once per build."""
    folder = out_dir()
    build_id = read_build_info(folder).build_id
    cached = app.extensions.get(_CACHE_KEY)
    if cached is None or cached[0] != build_id:
        with _LOCK:
            ontology = Graph().parse(folder / ONTOLOGY_FILES[media.TURTLE], format="turtle")
            cached = app.extensions[_CACHE_KEY] = (build_id, (metadata(ontology), sections(ontology)))
    return cached[1]


@blueprint.get("/ontology")
@cached_per_build
def ontology() -> Response:
    """The ontology as HTML documentation (in the request's language), Turtle or RDF/XML."""
    media_type = chosen_type((media.HTML, *ONTOLOGY_FILES))
    if media_type == media.HTML:
        meta, terms = ontology_model(current_app)
        return _vary(render_page("ontology_page.html", meta=meta, sections=terms))
    return _vary(send_file(out_dir() / ONTOLOGY_FILES[media_type], mimetype=media_type))


def listing(folder: Path) -> list[dict[str, object]]:
    """The download files present in ``folder``: name, media type and size."""
    return [{"name": name, "media_type": kind, "size": (folder / name).stat().st_size}
            for name, kind in DOWNLOADS.items() if (folder / name).is_file()]


@blueprint.get("/downloads")
@cached_per_build
def downloads() -> Response:
    """The list of dump files of the current build."""
    folder = out_dir()
    return render_page("downloads.html", files=listing(folder),
                       build=read_build_info(folder))


@blueprint.get("/downloads/<name>")
@cached_per_build
def download(name: str) -> Response:
    """One dump file, by its name in the fixed list."""
    path = out_dir() / name if name in DOWNLOADS else None
    if path is None or not path.is_file():
        abort(404)
    return send_file(path, mimetype=DOWNLOADS[name])
