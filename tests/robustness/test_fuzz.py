"""Fuzzing the live service over HTTP: /sparql, /api/lookup, /api/annotate, /api/queries/*, raw URLs.

Every input must get an answer that is not a 5xx, bar a deliberate 503 with Retry-After
(query timeout or overload); after each batch the server must still answer an ordinary
query.  Short form: few examples, derandomised so CI is stable; full form: many, random.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from fuzzing import (
    ACCEPTS,
    ALL_PLANES,
    ASCII_HEADER,
    NOT_UTF8,
    OUTBOUND,
    RAW_TARGETS,
    WIDE_TEXT,
    SparqlRequest,
    any_queries,
    sparql_requests,
)
from granian.http import HTTP1Settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from listeners import Recorder
from loadgen import ordinary_query_answered
from rawhttp import raw_get
from tally import TALLY, check_status, scaled

from smckg.server.config import ServerConfig

MAX_BODY = ServerConfig().max_body_bytes
#: granian's buffer for a request's head: a longer request line may be refused by closing.
REQUEST_LINE_LIMIT = HTTP1Settings().max_buffer_size
TIMEOUT = 60


def fuzz_settings(short: int, full: int) -> settings:
    """Few derandomised examples in the short form, many random ones in the full form."""
    return settings(max_examples=scaled(short, full), derandomize=TALLY.form == "short",
                    deadline=None, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


def oversized(request: SparqlRequest) -> bool:
    """Whether the server may refuse by closing the connection (request line or body too big)."""
    size = len(request.query.encode("utf-8", "surrogatepass") if isinstance(request.query, str)
               else request.query)
    limit = REQUEST_LINE_LIMIT // 3 if request.transport == "get" else MAX_BODY
    return size > limit


def send_sparql(base: str, request: SparqlRequest, outbound: Recorder) -> requests.Response:
    """Send a fuzzed query the way ``request`` says."""
    query = request.query
    if isinstance(query, str):
        query = query.replace(OUTBOUND, f"<{outbound.url()}>")
    headers = {"Accept": request.accept}
    if request.transport == "get":
        return requests.get(f"{base}/sparql", params={"query": query}, headers=headers, timeout=TIMEOUT)
    body = query if isinstance(query, bytes) else query.encode("utf-8", "surrogatepass")
    if request.transport == "form":
        body = b"query=" + requests.utils.quote(body).encode()
    return requests.post(f"{base}/sparql", data=body, timeout=TIMEOUT,
                         headers={**headers, "Content-Type": request.content_type})


def held_to_the_rule(base: str, response: requests.Response, context: str) -> None:
    """No 5xx but a deliberate 503; after a 503 the next ordinary query is answered."""
    check_status(response, context)
    if response.status_code == 503:
        assert ordinary_query_answered(base), f"not answered after the 503 of {context}"


@pytest.fixture(scope="module")
def base(watched: str, outbound: Recorder) -> Iterator[str]:
    """The live server's URL; at the end of the module it must still answer and have called out to nobody."""
    yield watched
    assert ordinary_query_answered(watched)
    assert outbound.connections == []


@fuzz_settings(short=60, full=1000)
@given(request=sparql_requests(any_queries()))
def test_sparql_endpoint(base: str, outbound: Recorder, request: SparqlRequest) -> None:
    TALLY.fuzzed["/sparql"] += 1
    context = f"/sparql {request.transport} {request.content_type!r} {request.accept!r}"
    try:
        response = send_sparql(base, request, outbound)
    except requests.ConnectionError:
        assert oversized(request), f"connection failed for {context}"
        assert ordinary_query_answered(base)
        return
    held_to_the_rule(base, response, context)


LOOKUP_PARAMS = st.fixed_dictionaries({}, optional={
    "q": st.one_of(WIDE_TEXT, st.text(alphabet=ALL_PLANES, max_size=2000)),
    "lang": st.one_of(st.sampled_from(("en", "zh", "", "fr", "zh-Hant", "EN")), WIDE_TEXT),
    "type": st.one_of(st.sampled_from(("Case", "City,FunctionalArea", ",,,", "smc:Case")), WIDE_TEXT),
    "limit": st.one_of(st.integers(-10**20, 10**20).map(str), WIDE_TEXT),
})


@fuzz_settings(short=30, full=800)
@given(params=LOOKUP_PARAMS, accept=ACCEPTS)
def test_lookup(base: str, params: dict[str, str], accept: str) -> None:
    TALLY.fuzzed["/api/lookup"] += 1
    response = requests.get(f"{base}/api/lookup", params=params, headers={"Accept": accept},
                            timeout=TIMEOUT)
    held_to_the_rule(base, response, f"/api/lookup {params!r}"[:300])
    assert response.status_code in {200, 400}, response.text


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | WIDE_TEXT,
                           lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(WIDE_TEXT, inner, max_size=4), max_leaves=12)
ANNOTATE_BODIES = st.one_of(
    WIDE_TEXT.map(lambda text: text.encode("utf-8")),
    NOT_UTF8,
    st.fixed_dictionaries({"text": WIDE_TEXT}).map(lambda doc: json.dumps(doc).encode()),
    JSON_VALUES.map(lambda doc: json.dumps(doc).encode()),
    st.sampled_from((99_999, 100_001, 400_001)).map(lambda size: ("治" * size).encode()),
)


@fuzz_settings(short=30, full=800)
@given(body=ANNOTATE_BODIES, content_type=st.one_of(st.sampled_from(
    ("text/plain", "application/json", "text/plain; charset=latin-1", "")), ASCII_HEADER))
def test_annotate(base: str, body: bytes, content_type: str) -> None:
    TALLY.fuzzed["/api/annotate"] += 1
    response = requests.post(f"{base}/api/annotate", data=body, timeout=TIMEOUT,
                             headers={"Content-Type": content_type})
    held_to_the_rule(base, response, f"/api/annotate {content_type!r} {body[:80]!r}")
    assert response.status_code in {200, 400, 413, 415}, response.text


@pytest.fixture(scope="module")
def canned_parameters(base: str) -> dict[str, list[str]]:
    """Each canned query's parameter names, from the service's own listing."""
    listing = requests.get(f"{base}/api/queries", timeout=TIMEOUT).json()["queries"]
    return {query["name"]: [param["name"] for param in query["parameters"]] for query in listing}


PARAMETER_VALUES = st.one_of(
    WIDE_TEXT,
    st.sampled_from(("https://w3id.org/smc-dt/id/area/governance", "urn:x", "http://127.0.0.1:1/x",
                     "https://w3id.org/smc-dt/id/area/governance> } ; DROP ALL #", "0", "-1",
                     "99999999999999999999999999", "1e3", "NaN", "", " ", '"', "'''", "\\")),
    st.integers().map(str),
)


@fuzz_settings(short=40, full=1000)
@given(data=st.data())
def test_canned_queries(base: str, canned_parameters: dict[str, list[str]], data: st.DataObject) -> None:
    TALLY.fuzzed["/api/queries/*"] += 1
    name = data.draw(st.one_of(st.sampled_from(sorted(canned_parameters)), WIDE_TEXT), label="name")
    names = canned_parameters.get(name, []) + ["lang", "extra", "query"]
    params = data.draw(st.dictionaries(st.sampled_from(names), PARAMETER_VALUES, max_size=4), label="params")
    response = requests.get(f"{base}/api/queries/{requests.utils.quote(name, safe='')}", params=params,
                            headers={"Accept": data.draw(ACCEPTS, label="accept")}, timeout=TIMEOUT)
    held_to_the_rule(base, response, f"/api/queries/{name} {params!r}"[:300])
    assert response.status_code in {200, 400, 404, 406}, response.text


@fuzz_settings(short=30, full=800)
@given(target=RAW_TARGETS)
def test_bad_percent_encoding(base: str, target: str) -> None:
    TALLY.fuzzed["raw URLs"] += 1
    answer = raw_get(base, target, {"Accept": "application/json"})
    check_status(answer, f"GET {target}")
    assert answer.status_code in {200, 308, 400, 404, 406}, (target, answer)


SCHEMATHESIS_CHECKS = ("not_a_server_error,status_code_conformance,response_schema_conformance,"
                       "response_headers_conformance")


def test_schemathesis_against_the_openapi_document(base: str, tmp_path: Path) -> None:
    examples = scaled(3, 40)
    command = [str(Path(sys.executable).with_name("schemathesis")), "run", f"{base}/openapi.json",
               "--checks", SCHEMATHESIS_CHECKS, "--max-examples", str(examples), "--workers", "1",
               "--request-timeout", str(TIMEOUT), "--report", "json", "--report-dir", str(tmp_path),
               "--no-color", "--phases", "coverage,fuzzing"]
    command += ["--generation-deterministic"] if TALLY.form == "short" else ["--seed", "20221"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=scaled(300, 1800),
                         cwd=tmp_path)  # its cache folder goes there, not into the repository
    report = json.loads(next(tmp_path.glob("*.json")).read_text())
    TALLY.fuzzed["schemathesis"] += report["test_cases"]["generated"]
    assert run.returncode == 0 and not report["failures"], run.stdout[-6000:]
    assert report["operations"]["tested"] == report["operations"]["total"]
