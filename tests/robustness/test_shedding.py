"""Load shedding (``smckg.server.front``): the in-flight bound, its 503, its exemptions, on a live server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from launch import serving
from loadgen import ORDINARY
from tally import TALLY, check_status

from smckg.server.config import ServerConfig
from smckg.server.errors import ConfigError

LIMIT = 2
TIMEOUT = 2.0
RUNAWAY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
JSON = {"Accept": "application/json"}


def test_the_bound_is_max_in_flight_else_threads_minus_one(tmp_path: Path) -> None:
    assert ServerConfig(threads=8).in_flight_limit == 7
    assert ServerConfig(threads=1).in_flight_limit == 1
    assert ServerConfig(threads=8, max_in_flight=3).in_flight_limit == 3
    settings = tmp_path / "server.toml"
    settings.write_text("[server]\nthreads = 4\nmax_in_flight = 2\n", encoding="utf-8")
    assert ServerConfig.load(settings, env={}).in_flight_limit == 2
    assert ServerConfig.load(settings, env={"SMCKG_MAX_IN_FLIGHT": "5"}).in_flight_limit == 5


@pytest.mark.parametrize("wrong", ["0", "many", "-2", "1.5"])
def test_a_wrong_bound_is_refused_in_both_languages(wrong: str) -> None:
    with pytest.raises(ConfigError) as caught:
        ServerConfig.load(env={"SMCKG_MAX_IN_FLIGHT": wrong})
    assert caught.value.where == "max_in_flight"
    assert "max_in_flight" in caught.value.en and "max_in_flight" in caught.value.zh


@pytest.fixture(scope="module")
def bounded(mini_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``smc-kg serve`` with max_in_flight = 2, one web process, four query workers."""
    with serving(tmp_path_factory.mktemp("bounded"), mini_build, workers=1, query_workers=4,
                 query_timeout=TIMEOUT, max_in_flight=LIMIT) as served:
        yield served.url


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
