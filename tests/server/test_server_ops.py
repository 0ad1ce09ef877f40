"""Operations on the live server: /healthz reports the build and store; one JSON log line each."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import requests
from polling import eventually

#: Longest wait for a request's access log line to be written.
LOG_WAIT_SECONDS = 10.0


def logged(log: Path, path: str) -> list[dict[str, Any]]:
    """The access log lines of requests for ``path`` in the server's log so far."""
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    return [line for line in lines if line.get("path") == path]


def test_healthz_reports_the_build(live_server_process: Any, built: Path) -> None:
    response = requests.get(f"{live_server_process.url}/healthz", timeout=30)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    build = json.loads((built / "build.json").read_text())
    health = response.json()
    assert health["status"] == "ok" and health["store"] == "embedded"
    assert health["build_id"] == build["build_id"] and health["triples"] == build["triples"]
    assert health["query_workers"] == 4


def test_each_request_is_logged_as_json(live_server_process: Any) -> None:
    marker = "/healthz"
    before = len(logged(live_server_process.log, marker))
    requests.get(f"{live_server_process.url}{marker}", params={"probe": "log"}, timeout=30)
    # the line is written with the next batch
    assert eventually(lambda: len(logged(live_server_process.log, marker)) > before, LOG_WAIT_SECONDS), \
        "no access log line for /healthz"
    probes = logged(live_server_process.log, marker)
    assert set(probes[-1]) >= {"method", "path", "status", "duration_ms"}
    assert probes[-1]["method"] == "GET" and probes[-1]["status"] == 200
