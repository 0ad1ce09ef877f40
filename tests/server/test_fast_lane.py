"""The fast lane answers exactly as the Flask app would, and leaves everything else to it."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from canned_paths import canned_paths
from flask import Flask
from werkzeug.test import Client, EnvironBuilder, TestResponse

from smckg.server.access_log import ACCESS_LOG
from smckg.server.app import create_app
from smckg.server.blueprints.shedding import EXTENSION as SHEDDING
from smckg.server.cache import CACHE_HEADER, EXTENSION, response_cache
from smckg.server.config import ServerConfig
from smckg.server.context import STORE_KEY
from smckg.server.fast_lane import FastLane
from smckg.server.media import JSON_RESULTS, TURTLE

NO_CACHE = {"Cache-Control": "no-cache"}
#: Requests a proven-cheap query needs at most before the lane answers it (bounded warm-up).
WARM_UP_LIMIT = 5


@pytest.fixture()
def lane(fresh_app: Flask) -> FastLane:
    assert isinstance(fresh_app.wsgi_app, FastLane)
    return fresh_app.wsgi_app


def flask_only(lane: FastLane) -> Client:
    """A client of the app without its lane: the reference the lane must match."""
    return Client(lane.downstream)


def environ(path: str, headers: dict[str, str] | None = None, method: str = "GET") -> dict[str, Any]:
    return EnvironBuilder(path=path, method=method, headers=headers or {}).get_environ()


def shape(response: TestResponse) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, headers but ``Date`` (werkzeug adds one to cached answers; the server its own), body."""
    headers = sorted((name, value) for name, value in response.headers.items() if name != "Date")
    return response.status_code, headers, response.get_data()


def warmed(lane: FastLane, path: str, headers: dict[str, str]) -> bool:
    """Run the query through Flask until the lane takes it (it must prove cheap first)."""
    for _ in range(WARM_UP_LIMIT):
        if lane.answer(environ(path, headers)) is not None:
            return True
        flask_only(lane).get(path, headers=headers)
    return False


@pytest.mark.parametrize("path", canned_paths())
def test_every_canned_query_is_answered_by_the_lane_as_by_flask(lane: FastLane, path: str) -> None:
    headers = {**NO_CACHE, "Accept": JSON_RESULTS}
    assert warmed(lane, path, headers), f"{path} never proved cheap"
    ours = Client(lane).get(path, headers=headers)
    reference = flask_only(lane).get(path, headers=headers)
    assert ours.status_code == 200 and ours.headers[CACHE_HEADER] == "bypass"
    assert shape(ours) == shape(reference)


@pytest.mark.parametrize("accept", [JSON_RESULTS, "text/csv", "application/sparql-results+xml", ""])
def test_cache_entries_are_shared_both_ways(lane: FastLane, accept: str) -> None:
    path, headers = "/api/queries/cases-per-country", {"Accept": accept} if accept else {}
    assert warmed(lane, path, {**headers, **NO_CACHE})
    lane_miss = Client(lane).get(path, headers=headers)
    flask_hit = flask_only(lane).get(path, headers=headers)
    lane_hit = Client(lane).get(path, headers=headers)
    assert [r.headers[CACHE_HEADER] for r in (lane_miss, flask_hit, lane_hit)] == ["miss", "hit", "hit"]
    assert shape(lane_hit) == shape(flask_hit)
    body = lane_miss.get_data()
    assert flask_hit.get_data() == lane_hit.get_data() == body


def test_a_lookup_hit_is_answered_by_the_lane(lane: FastLane) -> None:
    path = "/api/lookup?q=governance"
    assert lane.answer(environ(path)) is None  # nothing cached yet: Flask runs the lookup
    first = Client(lane).get(path)
    assert first.headers[CACHE_HEADER] == "miss" and lane.answer(environ(path)) is not None
    assert shape(Client(lane).get(path)) == shape(flask_only(lane).get(path))


def test_livez_is_the_same_in_the_lane(lane: FastLane) -> None:
    assert lane.answer(environ("/livez")) is not None
    assert shape(Client(lane).get("/livez")) == shape(flask_only(lane).get("/livez"))


@pytest.mark.parametrize(("name", "path", "headers", "method"), [
    ("POST", "/api/queries/cases-per-country", {}, "POST"),
    ("HEAD", "/livez", {}, "HEAD"),
    ("conditional", "/api/queries/cases-per-country", {"If-None-Match": '"x"'}, "GET"),
    ("unknown parameter", "/api/queries/cases-per-country?nope=1", NO_CACHE, "GET"),
    ("repeated parameter", "/api/queries/term-by-label?label=a&label=b", NO_CACHE, "GET"),
    ("bad escape", "/api/queries/term-by-label?label=%FF", NO_CACHE, "GET"),
    ("ill-typed value", "/api/queries/cases-by-transition?area=not+an+IRI", NO_CACHE, "GET"),
    ("unacceptable type", "/api/queries/cases-per-country", {**NO_CACHE, "Accept": TURTLE}, "GET"),
    ("unknown query", "/api/queries/no-such-query", NO_CACHE, "GET"),
    ("other route", "/sparql?query=ASK%7B%7D", NO_CACHE, "GET"),
])
def test_the_lane_leaves_other_requests_to_flask(lane: FastLane, built_app: Flask, name: str, path: str,
                                                 headers: dict[str, str], method: str) -> None:
    assert warmed(lane, "/api/queries/cases-per-country", NO_CACHE)
    assert lane.answer(environ(path, headers, method)) is None, name
    ours = Client(lane).open(path, headers=headers, method=method)
    built_app.extensions.pop(EXTENSION, None)  # the reference starts from the same empty cache
    assert shape(ours) == shape(flask_only(lane).open(path, headers=headers, method=method))


def test_a_query_not_yet_proven_cheap_goes_to_flask(built: Path, tmp_path: Path) -> None:
    config = ServerConfig(out_dir=built, store_dir=tmp_path / "store", query_workers=1)
    fresh = create_app(config, test_config={"TESTING": True})
    try:
        lane = fresh.wsgi_app
        assert isinstance(lane, FastLane)
        path = "/api/queries/cases-per-country"
        assert lane.answer(environ(path, NO_CACHE)) is None  # never run: a worker runs it first
        assert Client(lane).get(path, headers=NO_CACHE).status_code == 200
        assert warmed(lane, path, NO_CACHE)  # once a worker has answered it within budget
    finally:
        fresh.extensions[STORE_KEY].close()


def test_a_busy_process_sheds_through_flask(lane: FastLane, built_app: Flask) -> None:
    path = "/api/queries/cases-per-country"
    assert warmed(lane, path, NO_CACHE)
    gate = built_app.extensions[SHEDDING]
    taken = 0
    while gate.try_enter():
        taken += 1
    try:
        assert lane.answer(environ(path, NO_CACHE)) is None
        refused = Client(lane).get(path, headers=NO_CACHE)
        assert refused.status_code == 503 and refused.headers["Retry-After"]
    finally:
        for _ in range(taken):
            gate.leave()
    assert Client(lane).get(path, headers=NO_CACHE).status_code == 200


def test_the_lane_logs_each_answer(lane: FastLane, caplog: pytest.LogCaptureFixture) -> None:
    path = "/api/queries/cases-per-country"
    assert warmed(lane, path, NO_CACHE)
    ACCESS_LOG.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger=ACCESS_LOG.name):
            body = Client(lane).get(path, headers=NO_CACHE).get_data()
    finally:
        ACCESS_LOG.removeHandler(caplog.handler)
    lines = [json.loads(record.getMessage()) for record in caplog.records if record.name == ACCESS_LOG.name]
    assert lines[-1]["path"] == path and lines[-1]["status"] == 200 and lines[-1]["bytes"] == len(body)


def test_the_response_cache_is_the_apps(lane: FastLane, built_app: Flask) -> None:
    path = "/api/queries/cases-per-country"
    assert warmed(lane, path, NO_CACHE)
    Client(lane).get(path)
    assert len(response_cache(built_app)) == 1


@pytest.mark.parametrize("accept", ["", "*/*", "text/html, */*;q=0.1"])
def test_unusual_accept_headers_get_flasks_answer(lane: FastLane, accept: str) -> None:
    path, headers = "/api/queries/cases-per-country", {**NO_CACHE, "Accept": accept}
    assert warmed(lane, path, NO_CACHE)
    assert shape(Client(lane).get(path, headers=headers)) == shape(flask_only(lane).get(path, headers=headers))


@pytest.mark.parametrize("query_string", ["label=Gov;ernance", "label=Govern%61nce&lang=en", "label=Governance&"])
def test_query_strings_are_read_as_flask_reads_them(lane: FastLane, query_string: str) -> None:
    path = f"/api/queries/term-by-label?{query_string}"
    assert warmed(lane, path, NO_CACHE)
    assert shape(Client(lane).get(path, headers=NO_CACHE)) == shape(flask_only(lane).get(path, headers=NO_CACHE))
