"""Operations: ``/healthz`` (are queries answered?), ``/livez`` (does the process answer?), ``/metrics``.

``/livez`` touches no store: load balancers' liveness probe, and the benchmark's measure of
the HTTP stack's own ceiling.  ``/metrics`` is the Prometheus text format
(:mod:`smckg.server.metrics`).
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from smckg.server.context import get_store
from smckg.server.metrics import exposition

blueprint = Blueprint("ops", __name__)


@blueprint.route("/healthz")
def healthz() -> Response:
    """200 with the build and store when a worker answers a trivial query, else 503."""
    store = get_store()
    healthy = store.ping()
    response = jsonify(
        status="ok" if healthy else "unavailable",
        build_id=store.build_id,
        triples=store.triples,
        store=store.kind,
        query_workers=store.pool.size,
        workers_replaced=store.pool.replaced,
    )
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response


#: What ``/livez`` answers.
LIVEZ_BODY = b"ok\n"
LIVEZ_HEADERS = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@blueprint.route("/livez")
def livez() -> Response:
    """200 ``ok`` whenever the web process answers; no query is run."""
    return Response(LIVEZ_BODY, headers=LIVEZ_HEADERS)


@blueprint.route("/metrics")
def metrics() -> Response:
    """The service's metrics in the Prometheus text format."""
    body, media_type = exposition()
    return Response(body, content_type=media_type, headers={"Cache-Control": "no-store"})
