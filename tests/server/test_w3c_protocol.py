"""The W3C SPARQL 1.1 Protocol test manifest, run against the live server.

Every request of every entry is sent as the manifest writes it (``/sparql/`` becomes our
``/sparql``).  Query tests must meet their expectations.  This service is read-only and
loads no remote data, so two kinds of entries get the refusal the Recommendation allows:

* update tests (``application/sparql-update``, ``update=``, ``using-graph-uri``...):
  403 ``ReadOnlyError`` where the manifest expects success (its malformed-update tests
  expect a 4xx anyway);
* requests naming a dataset (``default-graph-uri`` / ``named-graph-uri``) of graphs this
  service does not hold: 400 ``DatasetRefused`` (Protocol section 2.1.4).  Those whose
  query needs no data of its own (no ``ut:graphData``) are then sent again without the
  dataset parameters and must meet the manifest's expectations.

Run with ``-s`` to see the summary table.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import requests
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.query import Result

from smckg.paths import PROJECT_ROOT

MANIFEST = PROJECT_ROOT.parent / "shared" / "conformance" / "sparql11-protocol" / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
DATASET_PARAMETERS = {"default-graph-uri", "named-graph-uri"}
UPDATE_MARKERS = ("application/sparql-update", "update=", "using-graph-uri", "using-named-graph-uri")
RESULT_TYPES = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
                "text/csv": "csv", "text/tab-separated-values": "tsv"}
RDF_TYPES = {"text/turtle", "application/rdf+xml", "application/n-triples"}
OUTCOMES: dict[str, str] = {}


@dataclass(frozen=True)
class HttpRequest:
    """One ht:Request of the manifest and the response it expects."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[str]  # "2xx", "3xx", "4xx"
    result_format: str | None
    boolean: bool | None

    def is_update(self) -> bool:
        text = " ".join([self.path, *self.headers.values(), (self.body or b"")[:200].decode(
            "utf-8", "replace")])
        return any(marker in text for marker in UPDATE_MARKERS)

    def names_a_dataset(self) -> bool:
        return bool(DATASET_PARAMETERS & set(dict(parse_qsl(urlsplit(self.path).query))))

    def without_dataset(self) -> HttpRequest:
        parts = urlsplit(self.path)
        kept = [(k, v) for k, v in parse_qsl(parts.query) if k not in DATASET_PARAMETERS]
        path = parts.path + (f"?{urlencode(kept)}" if kept else "")
        return HttpRequest(self.method, path, self.headers, self.body, self.statuses,
                           self.result_format, self.boolean)


@dataclass(frozen=True)
class Entry:
    name: str
    requests: tuple[HttpRequest, ...]
    has_data: bool


def read_manifest(path: Path) -> list[Entry]:
    graph = Graph().parse(path, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    entries = Collection(graph, graph.value(manifest, MF.entries))
    return [_entry(graph, node) for node in entries]


def _entry(graph: Graph, node: URIRef) -> Entry:
    action = graph.value(node, MF.action)
    requests_list = Collection(graph, graph.value(action, HT.requests))
    return Entry(str(node).rsplit("#", 1)[-1],
                 tuple(_request(graph, request) for request in requests_list),
                 graph.value(node, UT.graphData) is not None)


def _request(graph: Graph, node: URIRef) -> HttpRequest:
    headers = {}
    if (header_list := graph.value(node, HT.headers)) is not None:
        for header in Collection(graph, header_list):
            headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
    body = None
    if (content := graph.value(node, HT.body)) is not None:
        encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(content, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    statuses = frozenset(str(s).rsplit("StatusCode", 1)[-1]
                         for s in graph.objects(response, MF.expectedStatus))
    result_format = graph.value(response, MF.expectedFormat)
    boolean = graph.value(response, MF.expectedBoolean)
    return HttpRequest(str(graph.value(node, HT.methodName)), str(graph.value(node, HT.absolutePath)),
                       headers, body, statuses, None if result_format is None else str(result_format),
                       None if boolean is None else boolean.toPython())


def send(base: str, request: HttpRequest) -> requests.Response:
    path = request.path.replace("/sparql/", "/sparql", 1)
    return requests.request(request.method, base + path, headers=request.headers,
                            data=request.body, timeout=30, allow_redirects=False)


def meets_expectations(request: HttpRequest, response: requests.Response) -> str | None:
    """None when the response is what the manifest expects, else what is wrong."""
    status_class = f"{response.status_code // 100}xx"
    if status_class not in request.statuses:
        return f"status {response.status_code}, expected {sorted(request.statuses)}"
    media_type = response.headers.get("Content-Type", "").split(";")[0]
    if request.result_format == "tabular" and media_type not in RESULT_TYPES:
        return f"tabular result as {media_type}"
    if request.result_format == "RDF" and media_type not in RDF_TYPES:
        return f"RDF result as {media_type}"
    if request.result_format == "boolean" or request.boolean is not None:
        if media_type not in ("application/sparql-results+json", "application/sparql-results+xml"):
            return f"boolean result as {media_type}"
        answer = Result.parse(io.BytesIO(response.content), format=RESULT_TYPES[media_type])
        if request.boolean is not None and answer.askAnswer is not request.boolean:
            return f"boolean {answer.askAnswer}, expected {request.boolean}"
    return None


def refusal(response: requests.Response, status: int, error: str) -> str | None:
    if response.status_code != status or f"{status} {error}" not in response.text:
        return f"expected the refusal {status} {error}, got {response.status_code}"
    if "\n" not in response.text.strip():
        return "the refusal is not bilingual"
    return None


def run_entry(base: str, entry: Entry) -> tuple[str, list[str]]:
    """Run an entry's requests in order: what happened, and any problems."""
    problems: list[str] = []
    outcome = "passed"
    for request in entry.requests:
        response = send(base, request)
        if request.is_update() and "2xx" in request.statuses:
            problem = refusal(response, 403, "ReadOnlyError")
            return "refused: read-only (403)", [problem] if problem else []
        if request.names_a_dataset() and "2xx" in request.statuses:
            problem = refusal(response, 400, "DatasetRefused")
            problems += [problem] if problem else []
            if entry.has_data:
                return "refused: dataset (400)", problems
            problem = meets_expectations(request, send(base, request.without_dataset()))
            problems += [f"without dataset: {problem}"] if problem else []
            outcome = "refused: dataset (400); passed without it"
            continue
        problem = meets_expectations(request, response)
        problems += [problem] if problem else []
    return outcome, problems


ENTRIES = read_manifest(MANIFEST)


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry.name for entry in ENTRIES])
def test_manifest_entry(live_server: str, entry: Entry) -> None:
    outcome, problems = run_entry(live_server, entry)
    OUTCOMES[entry.name] = outcome if not problems else "FAILED: " + "; ".join(problems)
    assert not problems, problems


def test_zz_summary(capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print("\nW3C SPARQL 1.1 Protocol manifest:")
        for name, outcome in OUTCOMES.items():
            print(f"  {name:36} {outcome}")
        tally: dict[str, int] = {}
        for outcome in OUTCOMES.values():
            tally[outcome] = tally.get(outcome, 0) + 1
        print("  " + ", ".join(f"{count} {outcome}" for outcome, count in sorted(tally.items())))
    assert len(ENTRIES) == 34
