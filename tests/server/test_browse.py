"""Browsing on a live server: the /id/ index, the search page, the editor's terms, the scheme's hierarchy."""

from __future__ import annotations

import html
import re

import requests
from rdflib import OWL, RDF, SKOS, Graph

from smckg.server.catalogue import initial, sort_key
from smckg.vocab import SMC, SMCID


def get(base: str, path: str) -> requests.Response:
    return requests.get(base + path, timeout=30)


def linked_ids(page: str) -> set[str]:
    return set(re.findall(r'href="/id/([^"?#]+)', page))


def section(page: str, kind: str) -> str:
    start = page.index(f'data-kind="{kind}"')
    return page[start:page.index("</section>", start)]


def test_the_index_lists_every_labelled_resource_by_type(live_server: str, kg: Graph) -> None:
    page = get(live_server, "/id/").text
    labelled = {str(s)[len(str(SMCID)):] for s in kg.subjects(SKOS.prefLabel, None)
                if str(s).startswith(str(SMCID))}
    assert labelled <= linked_ids(page)
    cases = {str(case)[len(str(SMCID)):] for case in kg.subjects(RDF.type, SMC.Case)}
    assert linked_ids(section(page, str(SMC.Case))) == cases and len(cases) == 11


def test_a_letter_keeps_the_labels_starting_with_it_in_both_languages(live_server: str) -> None:
    english = get(live_server, "/id/?letter=K").text
    chinese = get(live_server, "/id/?letter=K&lang=zh").text  # 开封 is kāi fēng
    assert "case/kaifeng-future-city" in linked_ids(english) & linked_ids(chinese)
    assert "case/pinghu-iot-platform" not in linked_ids(english)


def test_a_letter_that_is_not_one_is_refused(live_server: str) -> None:
    assert get(live_server, "/id/?letter=KK").status_code == 400


def test_initials_and_order_follow_pinyin_for_chinese() -> None:
    assert [initial(text, "zh") for text in ("开封", "治理", "5G", "Kaifeng")] == ["K", "Z", "#", "K"]
    assert sorted(["治理", "基础设施", "产业"], key=lambda text: sort_key(text, "zh")) == ["产业", "基础设施", "治理"]


def test_the_search_page_lists_hits_as_links(live_server: str) -> None:
    page = get(live_server, "/search?q=kaifeng").text
    assert "case/kaifeng-future-city" in linked_ids(page)
    assert 'value="kaifeng"' in page  # the box keeps the search
    assert "kaifeng" not in linked_ids(get(live_server, "/search?q=").text)
    chinese = html.unescape(get(live_server, "/search?q=kaifeng&lang=zh").text)
    assert "开封未来城市一期" in chinese and 'name="lang" value="zh"' in chinese


def test_the_terms_for_completion(live_server: str) -> None:
    terms = {term["iri"]: term for term in get(live_server, "/api/terms").json()["terms"]}
    assert str(OWL.Class) in terms[str(SMC.KeyFeature)]["types"]
    assert terms[str(SMCID["area/governance"])]["labels"] == {"en": "Governance", "zh": "治理与运行"}


def test_the_scheme_page_draws_the_hierarchy(live_server: str, kg: Graph) -> None:
    page = get(live_server, "/id/scheme").text
    trees = page[page.index('id="hierarchy"'):]
    features = {str(f)[len(str(SMCID)):] for f in kg.subjects(RDF.type, SMC.KeyFeature)}
    challenges = {str(c)[len(str(SMCID)):] for c in kg.subjects(RDF.type, SMC.Challenge)}
    assert features | challenges <= linked_ids(trees)
    assert trees.count('<section class="card">') == 4


def test_the_charts_page_names_each_chart_and_its_query(live_server: str) -> None:
    page = html.unescape(get(live_server, "/charts?lang=zh").text)
    for name in ("challenges-by-score", "areas-by-priority", "assessment-phase-distribution", "matrix"):
        assert f"/?example={name}&lang=zh" in page
    assert "17 项挑战的平均得分" in page
