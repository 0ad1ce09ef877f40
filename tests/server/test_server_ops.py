"""Operations on the live server: /healthz reports the build and store; one JSON log line each."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import requests


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
    requests.get(f"{live_server_process.url}{marker}", params={"probe": "log"}, timeout=30)
    lines = [json.loads(line) for line in live_server_process.log.read_text().splitlines()
             if line.startswith("{")]
    probes = [line for line in lines if line["path"] == marker]
    assert probes, "no access log line for /healthz"
    assert set(probes[-1]) >= {"method", "path", "status", "duration_ms"}
    assert probes[-1]["method"] == "GET" and probes[-1]["status"] == 200
