"""The app factory in-process: blueprints found, errors mapped in both languages, CORS, nosniff, metrics."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from smckg.server import blueprints
from smckg.server.app import create_app, discover_blueprints
from smckg.server.config import ServerConfig
from smckg.server.context import STORE_KEY
from smckg.server.errors import ServiceBusy


@pytest.fixture(scope="module")
def app(mini_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    config = ServerConfig(out_dir=mini_build, store_dir=tmp_path_factory.mktemp("store"),
                          query_workers=1, max_body_bytes=1000)
    application = create_app(config, test_config={"TESTING": True})

    def busy() -> str:
        raise ServiceBusy()

    def broken() -> str:
        raise RuntimeError("a bug")

    application.add_url_rule("/probe/busy", view_func=busy)
    application.add_url_rule("/probe/broken", view_func=broken)
    yield application
    application.extensions[STORE_KEY].close()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_every_blueprint_module_is_registered(app: Flask) -> None:
    for info in pkgutil.iter_modules(blueprints.__path__):
        module = importlib.import_module(f"{blueprints.__name__}.{info.name}")
        if hasattr(module, "blueprint"):
            assert module.blueprint.name in app.blueprints
    assert {"sparql", "ops"} <= set(app.blueprints)


def test_a_new_module_is_found_without_editing_the_factory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "zz_probe.py").write_text(
        "from flask import Blueprint\nblueprint = Blueprint('zz_probe', __name__)\n"
    )
    (tmp_path / "zz_helper.py").write_text("value = 1\n")
    monkeypatch.setattr(blueprints, "__path__", [*blueprints.__path__, str(tmp_path)])
    try:
        names = [blueprint.name for blueprint in discover_blueprints()]
    finally:
        for name in ("zz_probe", "zz_helper"):
            sys.modules.pop(f"{blueprints.__name__}.{name}", None)
    assert "zz_probe" in names  # and the helper module without a blueprint is passed over


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [("application/json", "application/json"), ("text/html", "text/html"),
     ("*/*", "text/plain"), ("application/sparql-results+json", "application/json")],
)
def test_errors_in_the_format_asked_for(client: FlaskClient, accept: str, media_type: str) -> None:
    response = client.get("/no/such/page", headers={"Accept": accept})
    assert response.status_code == 404
    assert response.mimetype == media_type
    text = response.get_data(as_text=True)
    assert "nothing at this address" in text and "此地址下没有内容" in text
    if media_type == "application/json":
        assert response.get_json()["status"] == 404


def test_domain_errors_keep_status_and_retry_after(client: FlaskClient) -> None:
    response = client.get("/probe/busy", headers={"Accept": "application/json"})
    assert response.status_code == 503 and response.headers["Retry-After"] == "2"
    assert response.get_json()["error"] == "ServiceBusy"


def test_a_bug_is_a_bilingual_500(client: FlaskClient) -> None:
    response = client.get("/probe/broken")
    assert response.status_code == 500
    assert "internal server error" in response.get_data(as_text=True)
    assert "a bug" not in response.get_data(as_text=True)  # no internals leak


def test_method_not_allowed_lists_the_methods(client: FlaskClient) -> None:
    response = client.delete("/sparql")
    assert response.status_code == 405
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["Allow"].split(",")}


def test_preflight_and_cors(client: FlaskClient) -> None:
    response = client.options("/sparql", headers={"Access-Control-Request-Method": "POST"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert client.get("/healthz").headers["Access-Control-Allow-Origin"] == "*"


def test_the_body_cap_applies_before_reading(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": "ASK {}" + " " * 2000})
    assert response.status_code == 413


def test_nosniff_on_every_response_even_an_echoing_404(client: FlaskClient) -> None:
    for response in (client.get("/no/<script>alert(1)</script>", headers={"Accept": "text/plain"}),
                     client.get("/healthz"), client.get("/probe/broken"),
                     client.post("/sparql", data={"query": "ASK {}" + " " * 2000})):
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def _samples(client: FlaskClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for sample in family.samples}


def test_metrics_parse_and_move_with_requests(client: FlaskClient) -> None:
    key = ("smckg_http_requests_total", (("route", "/healthz"), ("status", "200")))
    refused = ("smckg_refused_total", (("reason", "ServiceBusy"),))
    before = _samples(client)
    client.get("/healthz")
    client.get("/probe/busy")
    after = _samples(client)
    assert after[key] == before.get(key, 0) + 1
    assert after[refused] == before.get(refused, 0) + 1
    assert any(name == "smckg_build_info" and value == 1 for (name, _), value in after.items())


def test_conditional_get_by_build(client: FlaskClient) -> None:
    first = client.get("/sparql", query_string={"query": "ASK {}"})
    etag = first.headers["ETag"]
    again = client.get("/sparql", query_string={"query": "ASK {}"},
                       headers={"If-None-Match": etag})
    assert again.status_code == 304
