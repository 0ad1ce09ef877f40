"""Linked data on a live server: /id/ pages by content negotiation, /ontology, /downloads."""

from __future__ import annotations

import http.client
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask
from rdflib import OWL, RDF, SKOS, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from smckg.export import MEDIA_TYPES
from smckg.server.app import discover_blueprints
from smckg.server.blueprints.resources import DOWNLOADS
from smckg.server.describe import DESCRIBE_QUERY, page_model
from smckg.server.i18n import render_page
from smckg.server.ontodoc import render_ontology_html
from smckg.vocab import SMC, area, iri

GOVERNANCE = area("governance")
KAIFENG = iri("case/kaifeng-future-city")
SCRIPT = "<script>window.__pwned = 1</script>"
RDF_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld",
             "application/n-triples": "nt", "application/rdf+xml": "xml"}


def page(base: str, path: str, **headers: str) -> requests.Response:
    return requests.get(base + path, headers=headers, timeout=30)


def label(kg: Graph, node: URIRef, lang: str) -> str:
    return next(str(o) for o in kg.objects(node, SKOS.prefLabel) if o.language == lang)


def description(kg: Graph, resource: URIRef) -> Graph:
    """The CONSTRUCT of the resource, evaluated by rdflib on the built KG (not by our store)."""
    return kg.query(DESCRIBE_QUERY, initBindings={"resource": resource}).graph


def local_path(resource: URIRef) -> str:
    return "/id/" + str(resource).removeprefix(str(iri("")))


def test_area_page_shows_both_labels_and_links(live_server: str, kg: Graph) -> None:
    response = page(live_server, "/id/area/governance", Accept="text/html")
    assert response.status_code == 200
    assert "Accept" in response.headers["Vary"]
    for lang in ("en", "zh"):
        assert label(kg, GOVERNANCE, lang) in response.text
    for feature in kg.subjects(SMC.inArea, GOVERNANCE):
        assert local_path(feature) in response.text  # incoming links are local links


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_heading_follows_the_language(live_server: str, kg: Graph, lang: str) -> None:
    response = page(live_server, f"/id/area/governance?lang={lang}")
    heading = response.text.split('id="label-primary"', 1)[1].split("</h1>", 1)[0]
    assert label(kg, GOVERNANCE, lang) in heading


@pytest.mark.parametrize("resource", [GOVERNANCE, KAIFENG, iri("phase/1"), iri("city/kaifeng")])
@pytest.mark.parametrize("media_type", list(RDF_TYPES))
def test_rdf_is_the_construct_of_the_resource(live_server: str, kg: Graph, resource: URIRef,
                                               media_type: str) -> None:
    response = page(live_server, local_path(resource), Accept=media_type)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(media_type)
    served = Graph().parse(data=response.content, format=RDF_TYPES[media_type])
    assert isomorphic(served, description(kg, resource))


@pytest.mark.parametrize(("fmt", "parser"),
                         [("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")])
def test_format_parameter_overrides_accept(live_server: str, kg: Graph, fmt: str,
                                           parser: str) -> None:
    response = page(live_server, f"/id/case/kaifeng-future-city?format={fmt}", Accept="text/html")
    assert isomorphic(Graph().parse(data=response.content, format=parser), description(kg, KAIFENG))


def test_provenance_and_matches_are_shown(live_server: str, kg: Graph) -> None:
    cited = next(s for s in kg.subjects(SMC.section) if (s, SKOS.exactMatch, None) in kg)
    text = page(live_server, local_path(cited), Accept="text/html").text
    for section in kg.objects(cited, SMC.section):
        assert local_path(section) in text
        start = kg.value(section, SMC.lineStart)
        if start is not None:
            assert f"{start}–{kg.value(section, SMC.lineEnd)}" in text
    for match in kg.objects(cited, SKOS.exactMatch):
        assert f'href="{match}"' in text


def test_unknown_resource_is_a_bilingual_404(live_server: str) -> None:
    response = page(live_server, "/id/area/atlantis", Accept="text/html")
    assert response.status_code == 404
    assert "Not found" in response.text and "未找到" in response.text


def test_unacceptable_media_type_is_406(live_server: str) -> None:
    assert page(live_server, "/id/area/governance", Accept="image/png").status_code == 406


@pytest.mark.parametrize("path", [
    "/id/../../../../etc/passwd",
    "/id/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/id/area/..%2f..%2f..%2fetc%2fpasswd",
    "/id/..%5c..%5cpyproject.toml",
    "/downloads/..%2fpyproject.toml",
    "/downloads/%2e%2e%2fbuild.json",
])
def test_path_traversal_is_refused(live_server: str, path: str) -> None:
    parts = urlsplit(live_server)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", path)  # sent as written: no client-side normalisation
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status in (400, 404)
    assert b"root:" not in body and b"[project]" not in body


def test_ontology_html_anchors_every_term(live_server: str, built: Path) -> None:
    ontology = Graph().parse(built / "ontology.ttl")
    text = page(live_server, "/ontology", Accept="text/html").text
    namespace = str(SMC._NS)
    terms = {t for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for t in ontology.subjects(RDF.type, kind) if str(t).startswith(namespace)}
    assert terms
    for term in terms:
        assert f'id="{str(term)[len(namespace):]}"' in text
        assert label(ontology, term, "zh") in text


def test_ontology_documentation_is_deterministic(built: Path) -> None:
    first = render_ontology_html(Graph().parse(built / "ontology.ttl"))
    assert first == render_ontology_html(Graph().parse(built / "ontology.ttl"))  # new blank nodes


@pytest.mark.parametrize(("accept", "name", "parser"), [
    ("text/turtle", "ontology.ttl", "turtle"),
    ("application/rdf+xml", "ontology.owl", "xml"),
])
def test_ontology_by_content_negotiation(live_server: str, built: Path, accept: str, name: str,
                                         parser: str) -> None:
    response = page(live_server, "/ontology", Accept=accept)
    assert response.headers["Content-Type"].startswith(accept)
    served = Graph().parse(data=response.content, format=parser)
    assert isomorphic(served, Graph().parse(built / name, format=parser))


def test_downloads_list_and_serve_the_dumps(live_server: str, built: Path) -> None:
    listing = page(live_server, "/downloads").text
    files = [built / name for name in DOWNLOADS if (built / name).is_file()]
    assert set(MEDIA_TYPES) <= {path.name for path in files}
    for path in files:
        assert f'data-bytes="{path.stat().st_size}"' in listing
        served = page(live_server, f"/downloads/{path.name}")
        assert served.status_code == 200 and served.content == path.read_bytes()
        assert served.headers["Content-Type"].startswith(DOWNLOADS[path.name])
    build = json.loads((built / "build.json").read_text())
    assert build["build_id"][:16] in listing


def test_other_files_of_the_build_folder_are_not_served(live_server: str, built: Path) -> None:
    others = [p.name for p in built.iterdir() if p.is_file() and p.name not in DOWNLOADS]
    for name in [*others, "server.toml", "missing.ttl"]:
        assert page(live_server, f"/downloads/{name}").status_code == 404


def test_labels_are_escaped() -> None:
    app = Flask("smckg.server")
    for blueprint in discover_blueprints():
        app.register_blueprint(blueprint)
    graph = Graph()
    graph.add((GOVERNANCE, SKOS.prefLabel, Literal(SCRIPT, lang="en")))
    graph.add((KAIFENG, SKOS.definition, Literal(SCRIPT, lang="zh")))
    graph.add((KAIFENG, SMC.inArea, GOVERNANCE))
    with app.test_request_context("/id/case/kaifeng-future-city?lang=en"):
        model = page_model(graph, KAIFENG)
        html = render_page("resource.html", page=model, path="x").get_data(as_text=True)
    assert SCRIPT not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html


def test_build_internals_and_axioms_stay_off_the_pages(live_server: str, kg: Graph) -> None:
    annotated = {source for source in kg.objects(None, OWL.annotatedSource)
                 if str(source).startswith("https://w3id.org/smc-dt/id/") and (source, SMC.labelKey, None) in kg}
    resource = sorted(annotated)[0]  # in the data ...
    text = page(live_server, local_path(resource)).text
    assert "labelKey" not in text and "annotatedSource" not in text  # ... not on the page
    assert not re.search(r">_:[^<]+<", text)


def test_the_ontology_page_has_the_site_header_and_follows_lang(live_server: str) -> None:
    chinese = page(live_server, "/ontology?lang=zh").text
    assert '<html lang="zh-Hans">' in chinese and 'id="search-box"' in chinese
    assert re.search(r"<h1>中小城市[^<]*<span lang=\"en\">", chinese)
    english = page(live_server, "/ontology").text
    assert re.search(r"<h1>SMC [^<]*<span lang=\"zh\">", english) and 'id="lang-switch"' in english
