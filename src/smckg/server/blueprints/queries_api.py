"""The canned-query API: ``GET /api/queries`` lists ``queries/*.rq``, ``/api/queries/<name>`` runs one.

Request parameters are turned into typed RDF terms by the query file's own parameters and
bound by the store (never pasted into the text); a missing, ill-typed or unknown parameter
is a 400.  Results are negotiated like ``/sparql`` (SPARQL JSON by default) and kept in the
per-build response cache (:mod:`smckg.server.cache`; ``Cache-Control: no-cache`` skips it).
Errors of this API are always JSON, in English and Chinese.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request, url_for

from smckg.errors import ParameterError, SmcError
from smckg.paths import QUERIES_DIR
from smckg.queryfiles import QueryFile, query_files
from smckg.server.caching import cached_per_build
from smckg.server.metrics import count_refusal
from smckg.server.responses import query_response
from smckg.server.short_names import expand_short_names

blueprint = Blueprint("queries_api", __name__, url_prefix="/api/queries")

EXTENSION = "smckg.queries"
#: Request parameters every query accepts besides its own.
COMMON_ARGS = frozenset({"lang"})


class UnknownQuery(SmcError):
    """No canned query has this name."""

    http_status = 404


def canned(app: Flask | None = None, directory: Path = QUERIES_DIR) -> dict[str, QueryFile]:
    """The app's canned queries by name, read from ``directory`` once per app."""
    app = app or current_app
    if EXTENSION not in app.extensions:
        app.extensions[EXTENSION] = {query.name: query for query in query_files(directory)}
    return app.extensions[EXTENSION]


def summary(query: QueryFile) -> dict[str, Any]:
    """What the listing says of one query: summaries, tags, parameters, its URL."""
    return {
        "name": query.name,
        "url": url_for("queries_api.run", name=query.name),
        "summary": query.summary,
        "summary_zh": query.summary_zh,
        "tags": list(query.tags),
        "parameters": [
            {"name": p.name, "type": p.kind, "required": p.default is None and not p.optional,
             "default": p.default, "description": p.description,
             "description_zh": p.description_zh, "variable": f"?{p.variable}"}
            for p in query.params
        ],
    }


@blueprint.errorhandler(SmcError)
def api_error(error: SmcError) -> Response:
    """Every error of this API as bilingual JSON."""
    count_refusal(type(error).__name__)
    response = jsonify({"status": error.http_status, **error.as_dict()})
    response.status_code = error.http_status
    retry_after = getattr(error, "retry_after", None)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("")
@cached_per_build
def listing() -> Response:
    """Every canned query with its summaries and typed parameters."""
    return jsonify({"queries": [summary(query) for query in canned().values()]})


def request_values(query: QueryFile) -> dict[str, str]:
    """The request's parameter values (empty ones dropped); unknown names are a ParameterError."""
    known = {param.name for param in query.params}
    repeated = sorted({name for name in request.args if len(request.args.getlist(name)) > 1})
    if repeated:
        raise ParameterError(f"parameter(s) {', '.join(repeated)} given more than once; give each once",
                             f"参数 {'、'.join(repeated)} 出现多次；每个参数只能给出一次", where=repeated[0])
    unknown = sorted(set(request.args) - known - COMMON_ARGS)
    if unknown:
        listed = ", ".join(sorted(known)) or "-"
        raise ParameterError(f"unknown parameter(s) {', '.join(unknown)}; this query takes: {listed}",
                             f"未知参数 {'、'.join(unknown)}；此查询接受：{listed}", where=unknown[0])
    return {name: value for name, value in request.args.items() if value != "" and name in known}


@blueprint.get("/<name>")
@cached_per_build
def run(name: str) -> Response:
    """Run the canned query ``name`` with the request's parameters bound."""
    query = canned().get(name)
    if query is None:
        raise UnknownQuery(f"there is no canned query named '{name}'",
                           f"没有名为“{name}”的预置查询", where=name)
    return query_response(query.text, bindings=query.bindings(expand_short_names(query, request_values(query))))
