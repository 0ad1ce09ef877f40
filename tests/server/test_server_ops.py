"""Operations on the live server: /healthz reports the build and store, an access log line each, /metrics."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import requests
from polling import eventually
from prometheus_client.parser import text_string_to_metric_families

#: Longest wait for a request's access log line to be written.
LOG_WAIT_SECONDS = 10.0


def logged(log: Path, marker: str) -> list[str]:
    """The access log lines (granian's) of requests whose target holds ``marker``."""
    return [line for line in log.read_text().splitlines() if f"GET {marker}" in line]


def counter(base: str, name: str, **labels: str) -> float:
    """The value of one sample of ``/metrics`` (0 when absent)."""
    text = requests.get(f"{base}/metrics", timeout=30).text
    return sum(sample.value for family in text_string_to_metric_families(text) for sample in family.samples
               if sample.name == name and labels.items() <= sample.labels.items())


def test_healthz_reports_the_build(live_server_process: Any, built: Path) -> None:
    response = requests.get(f"{live_server_process.url}/healthz", timeout=30)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    build = json.loads((built / "build.json").read_text())
    health = response.json()
    assert health["status"] == "ok" and health["store"] == "embedded"
    assert health["build_id"] == build["build_id"] and health["triples"] == build["triples"]
    assert health["query_workers"] == 4


def test_each_request_gets_an_access_log_line(live_server_process: Any) -> None:
    marker = "/sparql?probe=log"
    before = len(logged(live_server_process.log, "/sparql"))
    requests.get(f"{live_server_process.url}{marker}", timeout=30)
    assert eventually(lambda: len(logged(live_server_process.log, "/sparql")) > before, LOG_WAIT_SECONDS), \
        "no access log line for /sparql"
    assert '" 200 ' in logged(live_server_process.log, "/sparql")[-1]


def test_metrics_add_up_every_web_process(
    serve_kg: Callable[..., AbstractContextManager[Any]], mini_build: Path
) -> None:
    """With two web processes, every request is counted, whichever process answered it."""
    with serve_kg(mini_build, workers=2, query_workers=1) as server:
        base = server.url
        before = counter(base, "smckg_http_requests_total", route="/livez", status="200")
        for _ in range(20):
            assert requests.get(f"{base}/livez", timeout=30).status_code == 200
        assert counter(base, "smckg_http_requests_total", route="/livez", status="200") == before + 20
        refused = counter(base, "smckg_refused_total", reason="QuerySyntaxError")
        assert requests.get(f"{base}/sparql", params={"query": "SELECT"}, timeout=30).status_code == 400
        assert counter(base, "smckg_refused_total", reason="QuerySyntaxError") == refused + 1
