"""API documentation: the OpenAPI document at ``/openapi.json`` and a browsable page at ``/api/docs``."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from smckg.server.blueprints.queries_api import canned
from smckg.server.caching import cached_per_build
from smckg.server.i18n import render_page
from smckg.server.openapi import openapi_document

blueprint = Blueprint("docs", __name__)


@blueprint.get("/openapi.json")
@cached_per_build
def openapi() -> Response:
    """The OpenAPI 3.1 document of the service."""
    return jsonify(openapi_document(canned().values()))


@blueprint.get("/api/docs")
@cached_per_build
def api_docs() -> Response:
    """The OpenAPI document as an HTML page, with a form to try each canned query."""
    return render_page("api_docs.html", document=openapi_document(canned().values()))
