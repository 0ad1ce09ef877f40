"""The Flask app factory: settings, the store, the blueprints of the package, errors, CORS, logs.

``create_app`` opens the store (and starts its query workers) once per app, never at
import; every module of ``smckg.server.blueprints`` exposing ``blueprint`` is registered.
Each request is logged as one JSON line on the ``smckg.server.access`` logger
(:mod:`smckg.server.access_log`).  Proven-cheap canned queries, cache hits and ``/livez``
are answered by the app's fast lane (:mod:`smckg.server.fast_lane`) before Flask sees them.
"""

from __future__ import annotations

import importlib
import io
import pkgutil
import time
import weakref
from typing import Any

from flask import Blueprint, Flask, Response, g, request
from gunicorn.http.errors import ParseException
from werkzeug.exceptions import HTTPException

from smckg.errors import SmcError
from smckg.server import blueprints
from smckg.server.access_log import configure_access_log, log_access
from smckg.server.config import ServerConfig
from smckg.server.context import CONFIG_KEY, STORE_KEY
from smckg.server.errors import MalformedBody, PayloadTooLarge
from smckg.server.fast_lane import FastLane
from smckg.server.http_errors import (
    allowed_methods,
    error_response,
    from_http_exception,
)
from smckg.server.responses import CORS_HEADERS
from smckg.server.store.supervised import open_supervised_store

_PREFLIGHT = {
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type, If-None-Match",
    "Access-Control-Max-Age": "86400",
}


def create_app(
    config: ServerConfig | None = None, test_config: dict[str, Any] | None = None
) -> Flask:
    """A new app serving the store described by ``config`` (default: file-less ``load()``)."""
    config = config or ServerConfig.load()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = config.max_body_bytes
    app.config.update(test_config or {})
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    store = open_supervised_store(config)
    weakref.finalize(app, store.close)
    app.extensions[CONFIG_KEY] = config
    app.extensions[STORE_KEY] = store
    _install_hooks(app)
    _install_error_handlers(app)
    for blueprint in discover_blueprints():
        app.register_blueprint(blueprint)
    app.wsgi_app = FastLane(app)  # type: ignore[method-assign]
    return app


def discover_blueprints() -> list[Blueprint]:
    """The ``blueprint`` of every module in ``smckg.server.blueprints``, by module name."""
    found = []
    for info in sorted(pkgutil.iter_modules(blueprints.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{blueprints.__name__}.{info.name}")
        candidate = getattr(module, "blueprint", None)
        if isinstance(candidate, Blueprint):
            found.append(candidate)
    return found


def _install_hooks(app: Flask) -> None:
    configure_access_log()
    limit = app.config["MAX_CONTENT_LENGTH"]

    @app.before_request
    def start() -> None:
        g.started = time.perf_counter()
        if request.content_length is not None and request.content_length > limit:
            raise PayloadTooLarge(limit)
        if request.content_length is None and "chunked" in request.headers.get("Transfer-Encoding", "").lower():
            _cap_chunked_body(limit)

    @app.after_request
    def finish(response: Response) -> Response:
        response.headers.update(CORS_HEADERS)
        if request.method == "OPTIONS":
            response.headers.update(_PREFLIGHT)
        _log_request(response)
        return response


def _cap_chunked_body(limit: int) -> None:
    """Read a body sent without a length (chunked) up to ``limit`` bytes; a longer one is refused.

    Werkzeug would silently cut such a body at the limit and the cut query would run.  A
    body whose chunks are malformed is a 400, not a server error.
    """
    try:
        body = request.environ["wsgi.input"].read(limit + 1)
    except (ParseException, ValueError) as error:  # gunicorn's InvalidChunkSize, ChunkMissingTerminator...
        raise MalformedBody(type(error).__name__) from None
    if len(body) > limit:
        raise PayloadTooLarge(limit)
    request.environ["wsgi.input"] = io.BytesIO(body)


def _install_error_handlers(app: Flask) -> None:
    @app.errorhandler(SmcError)
    def domain_error(error: SmcError) -> Response:
        return error_response(error)

    @app.errorhandler(HTTPException)
    def http_error(exception: HTTPException) -> Response:
        return error_response(from_http_exception(exception), allow=allowed_methods(exception))

    @app.errorhandler(Exception)
    def unexpected(exception: Exception) -> Response:
        app.logger.exception("unhandled error")
        return error_response(SmcError("internal server error", "服务器内部错误"))


def _log_request(response: Response) -> None:
    started = g.get("started", time.perf_counter())
    log_access(request.method, request.path, response.status_code, time.perf_counter() - started,
               response.calculate_content_length())
