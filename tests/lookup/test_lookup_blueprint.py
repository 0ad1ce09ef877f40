"""Tests of the lookup web API through the app factory, on a build of the fixture graph."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lookup_fixture import EFFECTIVENESS, FIXTURE, GOVERNANCE, INFRASTRUCTURE, SERVICES
from rdflib import Graph

from smckg.lookup import build_index
from smckg.server.app import create_app
from smckg.server.blueprints.lookup import EXTENSION, MAX_BODY
from smckg.server.config import ServerConfig
from smckg.server.context import STORE_KEY


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """An app over a build folder holding the fixture graph and its lookup index."""
    out = tmp_path_factory.mktemp("lookup-build")
    graph = Graph().parse(FIXTURE, format="turtle")
    graph.serialize(out / "smc-dt.nt", format="nt", encoding="utf-8")
    (out / "build.json").write_text(json.dumps({"build_id": "lookup-test", "triples": len(graph)}),
                                    encoding="utf-8")
    build_index(graph).save(out / "lookup-index.json")
    config = ServerConfig(out_dir=out, store_dir=out / "store", query_workers=1)
    application = create_app(config, {"TESTING": True})
    yield application
    application.extensions[STORE_KEY].close()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_lookup_answers_json_hits(client: FlaskClient) -> None:
    answer = client.get("/api/lookup", query_string={"q": "治理與運行", "limit": "3"})
    assert answer.status_code == 200
    data = answer.get_json()
    assert (data["count"], data["hits"][0]["iri"], data["hits"][0]["via"]) == (
        len(data["hits"]), GOVERNANCE, "traditional")
    assert len(data["hits"]) <= 3


def test_lookup_lang_picks_the_display_label(client: FlaskClient) -> None:
    hit = client.get("/api/lookup?q=政府效能&lang=en").get_json()["hits"][0]
    assert (hit["iri"], hit["label"]) == (EFFECTIVENESS, "Governmental effectiveness")


def test_lookup_type_filter_takes_commas_and_repeats(client: FlaskClient) -> None:
    hits = client.get("/api/lookup?q=governance&type=dimension,phase&type=stakeholder"
                      ).get_json()["hits"]
    assert [hit["type"] for hit in hits] == ["smc:ChallengeDimension"]


def test_the_index_is_read_once_per_app(app: Flask, client: FlaskClient) -> None:
    client.get("/api/lookup?q=governance")
    first = app.extensions[EXTENSION]
    client.get("/api/lookup?q=infrastructure")
    assert app.extensions[EXTENSION] is first


@pytest.mark.parametrize(
    "query",
    ["", "?q=", "?q=%20%20", "?q=" + "x" * 201, "?q=a%00b", "?q=gov&lang=fr", "?q=gov&limit=x",
     "?q=gov&limit=0", "?q=gov&type=unknown"],
)
def test_bad_lookup_parameters_are_bilingual_400s(client: FlaskClient, query: str) -> None:
    answer = client.get("/api/lookup" + query, headers={"Accept": "application/json"})
    assert answer.status_code == 400
    assert {"en", "zh"} <= set(answer.get_json())


def test_nonsense_is_an_empty_answer(client: FlaskClient) -> None:
    assert client.get("/api/lookup?q=xyzzy").get_json()["hits"] == []


PARAGRAPH = "规划提出，先做好民生与服务和政府效能，再补齐基础设施短板。"


def test_annotate_takes_plain_text(client: FlaskClient) -> None:
    answer = client.post("/api/annotate", data=PARAGRAPH.encode("utf-8"),
                         content_type="text/plain; charset=utf-8")
    assert answer.status_code == 200
    data = answer.get_json()
    assert {area["iri"] for area in data["areas"]} == {SERVICES, EFFECTIVENESS, INFRASTRUCTURE}
    assert [PARAGRAPH[s["start"]:s["end"]] for s in data["spans"]] == [
        s["text"] for s in data["spans"]]


def test_annotate_takes_json(client: FlaskClient) -> None:
    answer = client.post("/api/annotate", json={"text": "Governance matters."})
    assert [span["iri"] for span in answer.get_json()["spans"]] == [GOVERNANCE]


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b'{"txt": "x"}', "application/json", 400),
        (b"{not json", "application/json", 400),
        (b"\xff\xfe", "text/plain", 400),
        (b"<p>x</p>", "text/html", 415),
        ("治".encode() * (MAX_BODY // 3 + 1), "text/plain", 413),
    ],
)
def test_annotate_refuses_bad_bodies(client: FlaskClient, body: bytes, content_type: str,
                                     status: int) -> None:
    answer = client.post("/api/annotate", data=body, content_type=content_type,
                         headers={"Accept": "application/json"})
    assert answer.status_code == status
    assert {"en", "zh"} <= set(answer.get_json())


def test_glossary_downloads(client: FlaskClient) -> None:
    csv_answer = client.get("/api/glossary.csv")
    assert csv_answer.status_code == 200 and csv_answer.mimetype == "text/csv"
    assert csv_answer.data.startswith(b"\xef\xbb\xbf")
    assert "attachment" in csv_answer.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(csv_answer.data.decode("utf-8-sig"))))
    assert GOVERNANCE in {row["iri"] for row in rows}
    tbx = ET.fromstring(client.get("/api/glossary.tbx").data)
    assert tbx.get("type") == "TBX-Basic"
    turtle = client.get("/api/glossary.ttl")
    assert turtle.mimetype == "text/turtle" and len(Graph().parse(data=turtle.data,
                                                                    format="turtle")) > 0
    assert client.get("/api/glossary.pdf").status_code == 404


def test_a_missing_build_is_a_503(tmp_path: Path) -> None:
    config = ServerConfig(out_dir=tmp_path, store_dir=tmp_path / "store", query_workers=1,
                          store="remote", endpoint="http://127.0.0.1:9/sparql")
    application = create_app(config, {"TESTING": True})
    try:
        answer = application.test_client().get("/api/lookup?q=governance",
                                               headers={"Accept": "application/json"})
        assert answer.status_code == 503
        assert "smc-kg build" in answer.get_json()["en"]
    finally:
        application.extensions[STORE_KEY].close()
