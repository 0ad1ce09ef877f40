"""The W3C SPARQL 1.0 and 1.1 query suites, every query sent to the live ``/sparql``.

Valid queries (``mf:PositiveSyntaxTest(11)`` and the queries of evaluation tests) must never
get a 5xx, and get a 4xx only for a documented refusal (``SERVICE``: 403 ``NetworkRefused``),
an engine failure (422 ``EngineFailure``: pyoxigraph 0.5.13 panics on some sorts of mixed
literals, e.g. ``ORDER BY DESC(?o)`` over the KG, and the text is then refused at once)
or where pyoxigraph itself refuses the text (a syntax it does not read, a custom function it
does not know): every 400 is checked by asking the same pyoxigraph in a process of its own,
with no network (its seccomp filter).
Invalid queries (``mf:NegativeSyntaxTest(11)``) must get 400, but where pyoxigraph reads
one anyway (its parser decides): those are listed in ``ENGINE_LENIENCY`` and checked against
pyoxigraph itself.  Run with ``-s`` for the tally.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from smckg.paths import PROJECT_ROOT

SUITES = PROJECT_ROOT.parent / "shared" / "conformance" / "sparql-query-suites"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
VALID = {MF.PositiveSyntaxTest, MF.PositiveSyntaxTest11}
INVALID = {MF.NegativeSyntaxTest, MF.NegativeSyntaxTest11}
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
#: Invalid queries that pyoxigraph 0.5 reads: ``?x<?a&&?b>?y`` by the longest-token rule holds
#: the IRI ``<?a&&?b>``, but pyoxigraph reads two comparisons.
ENGINE_LENIENCY = frozenset({"sparql10/syntax-sparql3/syn-bad-26.rq"})
#: Run in a process of its own: does pyoxigraph refuse each text (over an empty store)?  It
#: reads a JSON list of [text, base] and prints the indexes of those it refuses.
ENGINE_CHECK = """
import json, sys
import pyoxigraph as ox
from smckg.server.sandbox import deny_network
deny_network()
refused = []
for index, (text, base) in enumerate(json.load(sys.stdin)):
    try:
        answer = ox.Store().query(text, base_iri=base)
        if not isinstance(answer, ox.QueryBoolean):
            list(answer)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        refused.append(index)
print(json.dumps(refused))
"""


@dataclass(frozen=True)
class SuiteQuery:
    """One query file of a suite, and whether the suite holds it valid."""

    path: Path
    valid: bool

    @property
    def name(self) -> str:
        return str(self.path.relative_to(SUITES))


def suite_queries() -> list[SuiteQuery]:
    """Every query file named by a syntax or evaluation test of both suites, once."""
    found: dict[Path, bool] = {}
    for manifest in sorted(SUITES.glob("*/*/manifest.ttl")):
        graph = Graph().parse(manifest, format="turtle")
        for test, kind in graph.subject_objects(RDF.type):
            action = graph.value(test, MF.action)
            query = graph.value(action, QT.query) if action is not None and not isinstance(action, URIRef) \
                else action
            if query is None or not str(query).endswith((".rq", ".rq ")):
                continue
            path = Path(str(query).removeprefix("file://"))
            if kind in INVALID:
                found[path] = False
            elif kind in VALID or graph.value(action, QT.query) is not None:
                found.setdefault(path, True)
    return [SuiteQuery(path, valid) for path, valid in sorted(found.items()) if path.is_file()]


def engine_refuses(texts: list[str], base: str) -> set[int]:
    """The indexes of the texts pyoxigraph refuses, asked without network."""
    if not texts:
        return set()
    done = subprocess.run([sys.executable, "-c", ENGINE_CHECK], input=json.dumps([[t, base] for t in texts]),
                          capture_output=True, text=True, timeout=300, check=True)
    return set(json.loads(done.stdout))


@pytest.mark.skipif(not SUITES.is_dir(), reason=f"no query suites at {SUITES}")
def test_every_suite_query_gets_what_the_engine_says(live_server: str) -> None:
    queries = suite_queries()
    assert len(queries) > 500
    endpoint = f"{live_server}/sparql"
    tally: dict[str, int] = {}
    problems: list[str] = []
    engine_said_400: list[tuple[SuiteQuery, str]] = []
    lenient: list[tuple[SuiteQuery, str]] = []
    for query in queries:
        text = query.path.read_bytes()
        response = requests.post(endpoint, data=text, timeout=60,
                                 headers={"Content-Type": "application/sparql-query", "Accept": ACCEPT})
        error = response.json().get("error") if "json" in response.headers.get("Content-Type", "") \
            and response.status_code >= 400 else None
        outcome = f"{'valid' if query.valid else 'invalid'} {response.status_code} {error or ''}".strip()
        tally[outcome] = tally.get(outcome, 0) + 1
        if response.status_code >= 500:
            problems.append(f"{query.name}: {response.status_code} {response.text[:200]}")
        elif not query.valid and response.status_code != 400:
            if query.name not in ENGINE_LENIENCY or response.status_code != 200:
                problems.append(f"{query.name}: invalid, answered {response.status_code}")
            lenient.append((query, query.path.read_text(encoding="utf-8")))
        elif query.valid and response.status_code == 400:
            engine_said_400.append((query, text.decode("utf-8", "replace")))
        elif query.valid and error == "EngineFailure":
            again = requests.post(endpoint, data=text, timeout=60,
                                  headers={"Content-Type": "application/sparql-query", "Accept": ACCEPT})
            if again.status_code != 422 or "not run again" not in again.text:
                problems.append(f"{query.name}: an engine failure not remembered ({again.status_code})")
        elif query.valid and response.status_code >= 400 and error != "NetworkRefused":
            problems.append(f"{query.name}: valid, answered {response.status_code} {error}")
    refused = engine_refuses([text for _, text in engine_said_400 + lenient], endpoint)
    problems += [f"{query.name}: answered, but pyoxigraph refuses it" for index, (query, _) in enumerate(lenient)
                 if index + len(engine_said_400) in refused]
    problems += [f"{query.name}: 400 but pyoxigraph answers it" for index, (query, _) in enumerate(engine_said_400)
                 if index not in refused]
    print("\nW3C SPARQL query suites against /sparql:",
          ", ".join(f"{count} {outcome}" for outcome, count in sorted(tally.items())))
    assert not problems, problems
