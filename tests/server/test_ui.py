"""The web UI on a live server: the query page, its languages and assets, the matrix page."""

from __future__ import annotations

import html
import re

import pytest
import requests
from rdflib import RDF, SKOS, Graph, URIRef

from smckg.queryfiles import query_files
from smckg.server.blueprints.ui import VENDOR_FILES
from smckg.server.i18n import STRINGS
from smckg.server.matrix import build_matrix
from smckg.vocab import SMC

QUERIES = query_files()


def get(base: str, path: str, **headers: str) -> requests.Response:
    return requests.get(base + path, headers=headers, timeout=30)


def test_every_query_file_is_an_example_with_both_summaries(live_server: str) -> None:
    text = html.unescape(get(live_server, "/").text)
    for query in QUERIES:
        assert f'data-example="{query.name}"' in text
        assert query.summary in text and query.summary_zh in text


@pytest.mark.parametrize(("params", "headers", "lang"), [
    ("", {}, "en"),
    ("?lang=zh", {}, "zh"),
    ("", {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}, "zh"),
    ("?lang=en", {"Accept-Language": "zh-CN"}, "en"),
    ("?lang=xx", {"Accept-Language": "fr, en;q=0.5"}, "en"),
])
def test_the_language_is_picked_from_lang_then_accept_language(
        live_server: str, params: str, headers: dict[str, str], lang: str) -> None:
    response = get(live_server, "/" + params, **headers)
    position = 0 if lang == "en" else 1
    assert STRINGS["run"][position] in response.text
    assert STRINGS["run"][1 - position] not in response.text
    assert "Accept-Language" in response.headers["Vary"]


def test_the_page_loads_nothing_from_other_sites(live_server: str) -> None:
    text = get(live_server, "/").text
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', text)
    assert sources
    assert all(src.startswith("/") or src.startswith("data:") for src in sources), sources


@pytest.mark.skipif(not all(path.is_file() for path, _ in VENDOR_FILES.values()),
                    reason="the editor is not installed: run `make ui`")
@pytest.mark.parametrize("name", list(VENDOR_FILES))
def test_the_editor_is_served_from_node_modules(live_server: str, name: str) -> None:
    assert f"/vendor/{name}" in get(live_server, "/").text
    response = get(live_server, f"/vendor/{name}")
    assert response.status_code == 200
    assert response.content == VENDOR_FILES[name][0].read_bytes()


@pytest.mark.parametrize("name", ["package.json", "..%2fpackage.json", "yasqe.esm.js", "x"])
def test_only_listed_editor_files_are_served(live_server: str, name: str) -> None:
    assert get(live_server, f"/vendor/{name}").status_code == 404


def matrix_page(base: str, lang: str = "en") -> str:
    response = get(base, f"/matrix?lang={lang}")
    assert response.status_code == 200
    return response.text


def test_the_matrix_has_21_cells_of_the_key_features(live_server: str, kg: Graph) -> None:
    cells = re.findall(r'class="cell p(\d)"[^>]*data-feature="([^"]+)"', matrix_page(live_server))
    assert len(cells) == 21
    for phase_number, feature in cells:
        phase = kg.value(URIRef(feature), SMC.atPhase)
        assert int(kg.value(phase, SMC.phaseNumber)) == int(phase_number)
    assert {URIRef(f) for _, f in cells} == set(kg.subjects(RDF.type, SMC.KeyFeature))


def test_the_rows_follow_the_priority_ranking(live_server: str, kg: Graph) -> None:
    rows = re.findall(r'class="area-row" data-area="([^"]+)"', matrix_page(live_server))
    ranks = [int(kg.value(URIRef(area), SMC.priorityRank)) for area in rows]
    assert len(rows) == 7 and ranks == sorted(ranks)


def test_the_11_cases_are_drawn_as_moves(live_server: str, kg: Graph) -> None:
    text = matrix_page(live_server)
    pattern = r'class="move( stay)?" data-case="([^"]+)" data-from="(\d)" data-to="(\d)"'
    moves = re.findall(pattern, text)
    assert len(moves) == 11
    for stay, case, start, end in moves:
        transition = kg.value(URIRef(case), SMC.hasTransition)
        numbers = [int(kg.value(kg.value(transition, p), SMC.phaseNumber))
                   for p in (SMC.fromPhase, SMC.toPhase)]
        assert numbers == [int(start), int(end)]
        assert bool(stay) == (start == end)
        row = text[:text.index(f'data-case="{case}"')].rsplit('class="area-row"', 1)[1]
        assert f'data-area="{kg.value(transition, SMC.inArea)}"' in row


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_matrix_labels_follow_the_language(live_server: str, kg: Graph, lang: str) -> None:
    text = html.unescape(matrix_page(live_server, lang))
    feature = next(iter(kg.subjects(RDF.type, SMC.KeyFeature)))
    label = next(o for o in kg.objects(feature, SKOS.prefLabel) if o.language == lang)
    cell = text.split(f'data-feature="{feature}"', 1)[1].split("</div>", 1)[0]
    assert re.search(rf">\s*{re.escape(str(label))}\s*</a>", cell)


def test_build_matrix_orders_moves_and_places_columns() -> None:
    phases = [{"phase": f"p{n}", "phaseNumber": str(n), "label_en": f"P{n}",
               "label_zh": f"阶段{n}"} for n in (1, 2, 3)]
    features = [{"area": "a", "area_en": "A", "area_zh": "甲", "phaseNumber": str(n),
                 "feature": f"f{n}", "label_en": f"F{n}", "label_zh": f"特{n}"} for n in (1, 2, 3)]
    spans = [("late", "2", "3"), ("early", "1", "3"), ("dot", "1", "1")]
    cases = [{"area": "a", "case": c, "label_en": c, "label_zh": c, "city_en": "X",
              "city_zh": "X", "fromPhase": start, "toPhase": end} for c, start, end in spans]
    matrix = build_matrix(features, cases, phases)
    assert matrix.cell_count() == 3
    assert [m.iri for m in matrix.rows[0].moves] == ["dot", "early", "late"]
    assert [matrix.column(n) for n in (1, 2, 3)] == [2, 3, 4]
    assert matrix.rows[0].moves[0].stays and not matrix.rows[0].moves[1].stays
