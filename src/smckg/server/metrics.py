"""Prometheus metrics of the service, through ``prometheus_client``, and their ``/metrics`` page.

Counted: requests by route and status, their latency by route, requests and queries refused
by reason (the error's class: ``QueryTimeout``, ``Overloaded``, ``PayloadTooLarge``...), query
worker restarts by cause, answers of the per-build cache by outcome, and the build in service.
``smc-kg serve`` runs several web processes, so it points ``PROMETHEUS_MULTIPROC_DIR`` at a
fresh folder before they start; each process then writes its samples there and ``/metrics``
adds them up (``prometheus_client.multiprocess``).  Without that variable (an app made in a
test), the process's own registry is shown.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter("smckg_http_requests_total", "HTTP requests answered, by route and status", ["route", "status"])
LATENCY = Histogram("smckg_http_request_duration_seconds", "Time to answer an HTTP request, by route", ["route"],
                    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
REFUSED = Counter("smckg_refused_total", "Requests and queries refused, by reason (the error's class)", ["reason"])
RESTARTS = Counter("smckg_query_worker_restarts_total", "Query worker processes replaced, by cause", ["cause"])
CACHE = Counter("smckg_cache_responses_total", "Answers of the per-build response cache, by outcome", ["outcome"])
BUILD = Gauge("smckg_build_info", "The build in service (value 1), by build id and store kind",
              ["build_id", "store"], multiprocess_mode="max")


def count_refusal(reason: str) -> None:
    """Count a refused request or query."""
    REFUSED.labels(reason).inc()


def exposition() -> tuple[bytes, str]:
    """The metrics page's body and content type (all web processes' samples when there are several)."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
