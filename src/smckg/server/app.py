"""The Flask app factory: settings, the store, the blueprints of the package, errors, CORS, logs.

``create_app`` opens the store (and starts its query workers) once per app, never at
import; every module of ``smckg.server.blueprints`` exposing ``blueprint`` is registered.
Each request is logged as one JSON line (method, path, status, duration_ms, bytes) on
the ``smckg.server.access`` logger.
"""

from __future__ import annotations

import atexit
import importlib
import io
import json
import logging
import pkgutil
import queue
import sys
import time
import weakref
from logging.handlers import QueueHandler, QueueListener
from typing import Any

from flask import Blueprint, Flask, Response, g, request
from gunicorn.http.errors import ParseException
from werkzeug.exceptions import HTTPException

from smckg.errors import SmcError
from smckg.server import blueprints
from smckg.server.config import ServerConfig
from smckg.server.context import CONFIG_KEY, STORE_KEY
from smckg.server.errors import MalformedBody, PayloadTooLarge
from smckg.server.http_errors import (
    allowed_methods,
    error_response,
    from_http_exception,
)
from smckg.server.responses import TRUNCATED_HEADER
from smckg.server.store.supervised import open_supervised_store

ACCESS_LOG = logging.getLogger("smckg.server.access")
_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": f"{TRUNCATED_HEADER}, ETag, Retry-After",
}
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
    _configure_access_log()
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
        response.headers.update(_CORS)
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


def _configure_access_log() -> None:
    """Send access lines to stderr from a thread of their own, so no request waits on the write."""
    if not ACCESS_LOG.handlers:
        lines: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
        writer = logging.StreamHandler(sys.stderr)
        writer.setFormatter(logging.Formatter("%(message)s"))
        listener = QueueListener(lines, writer)
        listener.start()
        atexit.register(listener.stop)  # writes what is still queued
        ACCESS_LOG.addHandler(QueueHandler(lines))
        ACCESS_LOG.setLevel(logging.INFO)
        ACCESS_LOG.propagate = False


def _log_request(response: Response) -> None:
    started = g.get("started", time.perf_counter())
    record = {
        "event": "request",
        "method": request.method,
        "path": request.path,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
        "bytes": response.calculate_content_length(),
    }
    ACCESS_LOG.info(json.dumps(record))
