"""Load shedding (``smckg.server.blueprints.shedding``): the in-flight bound, its 503, its exemptions."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from flask import Flask
from loadgen import ORDINARY
from tally import TALLY, check_status
from werkzeug.serving import make_server

from smckg.server.app import create_app
from smckg.server.blueprints.shedding import ENV_VAR, in_flight_limit
from smckg.server.config import ServerConfig
from smckg.server.context import CONFIG_KEY, STORE_KEY
from smckg.server.errors import ConfigError

LIMIT = 2
TIMEOUT = 2.0
RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
JSON = {"Accept": "application/json"}


def bare_app(threads: int, **config: object) -> Flask:
    app = Flask("probe")
    app.extensions[CONFIG_KEY] = ServerConfig(threads=threads)
    app.config.update(config)
    return app


def test_the_bound_comes_from_config_then_environment_then_threads(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert in_flight_limit(bare_app(8)) == 7
    assert in_flight_limit(bare_app(1)) == 1
    monkeypatch.setenv(ENV_VAR, "5")
    assert in_flight_limit(bare_app(8)) == 5
    assert in_flight_limit(bare_app(8, MAX_IN_FLIGHT=3)) == 3
    for wrong in ("0", "many", "-2"):
        monkeypatch.setenv(ENV_VAR, wrong)
        with pytest.raises(ConfigError) as caught:
            in_flight_limit(bare_app(8))
        assert ENV_VAR in caught.value.en and ENV_VAR in caught.value.zh


@pytest.fixture(scope="module")
def bounded(mini_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app with MAX_IN_FLIGHT = 2, four query workers, served by a threaded WSGI server."""
    config = ServerConfig(out_dir=mini_build, store_dir=tmp_path_factory.mktemp("store"),
                          query_workers=4, query_timeout=TIMEOUT)
    app = create_app(config, test_config={"MAX_IN_FLIGHT": LIMIT})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    thread.join(timeout=10)
    app.extensions[STORE_KEY].close()


def post(base: str, query: str) -> requests.Response:
    return requests.post(f"{base}/sparql", data={"query": query}, headers=JSON, timeout=30)


def test_requests_beyond_the_bound_are_shed_and_healthz_is_exempt(bounded: str) -> None:
    with ThreadPoolExecutor(max_workers=LIMIT) as pool:
        runaways = [pool.submit(post, bounded, RUNAWAY) for _ in range(LIMIT)]
        time.sleep(0.5)  # both are now waiting on their query workers
        shed = post(bounded, ORDINARY)
        health = requests.get(f"{bounded}/healthz", timeout=30)
        live = requests.get(f"{bounded}/livez", timeout=30)
        results = [future.result() for future in runaways]
    assert shed.status_code == 503 and shed.headers["Retry-After"] == "1"
    error = shed.json()
    assert error["error"] == "Overloaded" and str(LIMIT) in error["en"] and "繁忙" in error["zh"]
    assert health.status_code == 200 and live.status_code == 200
    for response in results:
        check_status(response, "runaway query behind the bound")
        assert response.status_code == 503 and response.json()["error"] == "QueryTimeout"
    TALLY.note(f"in-process bound of {LIMIT}: request {LIMIT + 1} shed with 503, /healthz and /livez answered")
    # the slots taken by requests that ended in errors were given back
    assert [post(bounded, ORDINARY).status_code for _ in range(2 * LIMIT)] == [200] * (2 * LIMIT)
