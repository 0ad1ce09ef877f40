"""The Flask app factory: settings, the store, the blueprints, the request hooks, one error renderer.

``create_app`` opens the store (and starts its query workers) once per app, never at import;
every module of ``smckg.server.blueprints`` exposing ``blueprint`` is registered.  What runs
around each view is registered here, in this order, and nowhere else:

* before the view: note the start time, then answer from the per-build cache if it holds the
  answer (:mod:`smckg.server.cache`);
* after it: keep a fresh cacheable answer, add the headers every response carries (CORS,
  ``nosniff``), count the request in the metrics.

Body caps, deadlines and load shedding come earlier, in the HTTP front
(:mod:`smckg.server.front`); ``asgi_app`` wraps the app in it for granian.
"""

from __future__ import annotations

import importlib
import pkgutil
import time
import weakref
from typing import Any

from flask import Blueprint, Flask, Response, g, request
from werkzeug.exceptions import HTTPException

from smckg.errors import SmcError
from smckg.server import blueprints
from smckg.server.cache import answer_from_cache, keep_in_cache
from smckg.server.config import ServerConfig
from smckg.server.context import CONFIG_KEY, STORE_KEY
from smckg.server.front import Front
from smckg.server.http_errors import allowed_methods, error_response, from_http_exception
from smckg.server.metrics import BUILD, LATENCY, REQUESTS, count_refusal
from smckg.server.responses import ALWAYS_HEADERS
from smckg.server.store.supervised import open_supervised_store

_PREFLIGHT = {
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type, If-None-Match",
    "Access-Control-Max-Age": "86400",
}


def create_app(config: ServerConfig | None = None, test_config: dict[str, Any] | None = None) -> Flask:
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
    BUILD.labels(store.build_id, store.kind).set(1)
    app.before_request(_before)
    app.after_request(_after)
    _install_error_handlers(app)
    for blueprint in discover_blueprints():
        app.register_blueprint(blueprint)
    return app


def asgi_app() -> Front:
    """The ASGI app granian serves in each web process: ``create_app`` behind the HTTP front.

    Settings come from the environment (``SMCKG_*``), which ``smc-kg serve`` fills.
    """
    config = ServerConfig.load()
    return Front(create_app(config), config)


def discover_blueprints() -> list[Blueprint]:
    """The ``blueprint`` of every module in ``smckg.server.blueprints``, by module name."""
    found = []
    for info in sorted(pkgutil.iter_modules(blueprints.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{blueprints.__name__}.{info.name}")
        candidate = getattr(module, "blueprint", None)
        if isinstance(candidate, Blueprint):
            found.append(candidate)
    return found


def _before() -> Response | None:
    g.started = time.perf_counter()
    return answer_from_cache()


def _after(response: Response) -> Response:
    response = keep_in_cache(response)
    response.headers.update(ALWAYS_HEADERS)
    if request.method == "OPTIONS":
        response.headers.update(_PREFLIGHT)
    route = request.url_rule.rule if request.url_rule is not None else "unmatched"
    REQUESTS.labels(route, str(response.status_code)).inc()
    LATENCY.labels(route).observe(time.perf_counter() - g.get("started", time.perf_counter()))
    return response


def _install_error_handlers(app: Flask) -> None:
    @app.errorhandler(SmcError)
    def domain_error(error: SmcError) -> Response:
        count_refusal(type(error).__name__)
        return error_response(error)

    @app.errorhandler(HTTPException)
    def http_error(exception: HTTPException) -> Response:
        return error_response(from_http_exception(exception), allow=allowed_methods(exception))

    @app.errorhandler(Exception)
    def unexpected(exception: Exception) -> Response:
        app.logger.exception("unhandled error")
        return error_response(SmcError("internal server error", "服务器内部错误"))
