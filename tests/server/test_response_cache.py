"""The per-build response cache: a bounded LRU, and the canned-query API answering from it."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from smckg.server.cache import CACHE_HEADER, Entry, ResponseCache, response_cache
from smckg.vocab import area, phase

QUERY = "/api/queries/cases-by-transition"
GOVERNANCE = {"area": str(area("governance")), "from": str(phase(1)), "to": str(phase(2))}


def entry(size: int) -> Entry:
    return Entry(b"x" * size, 200, ())


def test_least_recently_used_entries_go_first() -> None:
    cache = ResponseCache(max_entries=2)
    cache.put("a", entry(1))
    cache.put("b", entry(1))
    assert cache.get("a") is not None  # "b" is now the least recently used
    cache.put("c", entry(1))
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (entry(1), None, entry(1))
    assert len(cache) == 2


def test_the_byte_bound_holds_and_oversized_bodies_are_not_kept() -> None:
    cache = ResponseCache(max_entries=10, max_bytes=10)
    for key in "abc":
        cache.put(key, entry(4))
    assert cache.get("a") is None and len(cache) == 2
    cache.put("big", entry(11))
    assert cache.get("big") is None and len(cache) == 2


@pytest.fixture()
def client(fresh_app: Flask) -> FlaskClient:
    return fresh_app.test_client()


def test_a_repeated_request_is_answered_from_the_cache(client: FlaskClient) -> None:
    first = client.get(QUERY, query_string=GOVERNANCE)
    second = client.get(QUERY, query_string=GOVERNANCE)
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first.headers[CACHE_HEADER], second.headers[CACHE_HEADER]) == ("miss", "hit")
    assert second.data == first.data
    assert second.headers["Content-Type"] == first.headers["Content-Type"]
    assert second.headers["ETag"] == first.headers["ETag"]


@pytest.mark.parametrize("header", [{"Cache-Control": "no-cache"}, {"Cache-Control": "max-age=0, no-store"},
                                    {"Pragma": "no-cache"}])
def test_no_cache_requests_run_the_query_again(client: FlaskClient, header: dict[str, str]) -> None:
    client.get(QUERY, query_string=GOVERNANCE)
    fresh = client.get(QUERY, query_string=GOVERNANCE, headers=header)
    assert fresh.status_code == 200 and fresh.headers[CACHE_HEADER] == "bypass"


def test_parameters_and_media_type_are_part_of_the_key(client: FlaskClient) -> None:
    client.get(QUERY, query_string=GOVERNANCE)
    other = client.get(QUERY, query_string={**GOVERNANCE, "to": str(phase(3))})
    csv = client.get(QUERY, query_string=GOVERNANCE, headers={"Accept": "text/csv"})
    assert (other.headers[CACHE_HEADER], csv.headers[CACHE_HEADER]) == ("miss", "miss")
    assert csv.headers["Content-Type"].startswith("text/csv")
    again = client.get(QUERY, query_string=GOVERNANCE, headers={"Accept": "text/csv"})
    assert again.headers[CACHE_HEADER] == "hit" and again.data == csv.data


def test_a_client_holding_the_answer_gets_304_from_the_cache(client: FlaskClient) -> None:
    etag = client.get(QUERY, query_string=GOVERNANCE).headers["ETag"]
    again = client.get(QUERY, query_string=GOVERNANCE, headers={"If-None-Match": etag})
    assert (again.status_code, again.headers[CACHE_HEADER], again.data) == (304, "hit", b"")


def test_lookups_are_cached_too(client: FlaskClient) -> None:
    first = client.get("/api/lookup", query_string={"q": "governance"})
    second = client.get("/api/lookup", query_string={"q": "governance"})
    assert (first.headers[CACHE_HEADER], second.headers[CACHE_HEADER]) == ("miss", "hit")
    assert second.get_json() == first.get_json() and first.get_json()["count"] > 0


def test_errors_and_other_routes_are_not_kept(client: FlaskClient) -> None:
    bad = {**GOVERNANCE, "area": "not an IRI"}
    assert client.get(QUERY, query_string=bad).status_code == 400
    assert client.get(QUERY, query_string=bad).status_code == 400
    assert CACHE_HEADER not in client.get("/livez").headers
    assert len(response_cache(client.application)) == 0
