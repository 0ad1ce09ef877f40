"""The research UI in headless Chromium on a live server: shareable queries, Yasr results,
charts, completion from the KG, browsing, phone widths, both languages, screenshots."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from chromium import (
    WAIT,
    await_results,
    needs_chromium,
    result_rows,
    run,
    run_example,
    screenshot,
    set_query,
    start_chromium,
    wait_for,
)
from rdflib import RDF, Graph
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from smckg.vocab import SMC

pytestmark = needs_chromium

OWN_QUERY = ("SELECT ?challenge ?score WHERE { ?challenge <https://w3id.org/smc-dt/ontology#meanScore> ?score }"
             " ORDER BY DESC(?score)")
#: Many rows, so that the table has more than one page.
MANY_ROWS = ("SELECT ?term ?label WHERE { ?term <http://www.w3.org/2004/02/skos/core#prefLabel> ?label ."
             " FILTER(lang(?label) = 'en') } ORDER BY ?term")
CASE_PAGE = "/id/case/kaifeng-future-city"
#: The query page with a query of its URL run on load.
QUERY_PAGE = "/?example=challenges-by-score"
NARROW = 420


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    yield from start_chromium()


def editor_text(browser: WebDriver) -> str:
    return browser.execute_script("return document.querySelector('.CodeMirror').CodeMirror.getValue()")


def in_lang(path: str, lang: str) -> str:
    return path + ("&" if "?" in path else "?") + "lang=" + lang


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_a_run_query_is_in_the_url_and_a_new_page_runs_it_again(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/")
    set_query(browser, OWN_QUERY)
    run(browser)
    first = result_rows(browser)
    assert len(first) == 17
    url = browser.current_url
    assert query_of(url)["query"] == [OWN_QUERY]
    original = browser.current_window_handle
    browser.switch_to.new_window("tab")
    try:
        browser.get(url)  # the page runs the query of its URL
        await_results(browser)
        assert editor_text(browser) == OWN_QUERY
        assert result_rows(browser) == first
        assert run(browser) and result_rows(browser) == first  # and again on Run
    finally:
        browser.close()
        browser.switch_to.window(original)


def test_back_and_the_language_switch_keep_the_query(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/?lang=en")
    run_example(browser, "challenges-by-score")
    assert query_of(browser.current_url)["example"] == ["challenges-by-score"]
    set_query(browser, OWN_QUERY)
    run(browser)
    browser.back()
    WebDriverWait(browser, WAIT).until(lambda b: "example=challenges-by-score" in b.current_url)
    WebDriverWait(browser, WAIT).until(lambda b: "challenge a smc:Challenge" in editor_text(b))
    browser.forward()
    WebDriverWait(browser, WAIT).until(lambda b: editor_text(b) == OWN_QUERY)
    browser.find_element(By.ID, "lang-switch").click()
    WebDriverWait(browser, WAIT).until(lambda b: "lang=zh" in b.current_url)
    await_results(browser)
    assert editor_text(browser) == OWN_QUERY
    assert browser.find_element(By.ID, "run").text == "运行查询"


def test_parameters_are_choices_by_label_and_hide_when_unused(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/?example=cases-by-transition&area=governance&from=1&to=2")
    text = await_results(browser)
    assert "Kaifeng" in text
    area = browser.find_element(By.CSS_SELECTOR, "#params select[name=area]")
    options = {o.get_attribute("value"): o.text for o in area.find_elements(By.TAG_NAME, "option")}
    assert len(options) == 7 + 1 and "Governance" in options["governance"]  # the 7 areas and "Other…"
    assert browser.find_element(By.ID, "params-box").is_displayed()
    set_query(browser, OWN_QUERY)
    assert not browser.find_element(By.ID, "params-box").is_displayed()


def test_a_parameter_value_that_is_no_choice_is_typed(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/?example=term-provenance&term=smcid:case/kaifeng-future-city")
    await_results(browser)
    typed = browser.find_element(By.CSS_SELECTOR, "#params input[name=term]")
    assert typed.get_attribute("value") == "smcid:case/kaifeng-future-city"


def test_the_table_sorts_and_pages(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/")
    set_query(browser, MANY_ROWS)
    run(browser)
    first_page = result_rows(browser)
    assert len(first_page) == 50
    browser.find_element(By.CSS_SELECTOR, "#results table.dataTable thead th:nth-child(3)").click()
    WebDriverWait(browser, WAIT).until(lambda b: result_rows(b) != first_page)
    sorted_page = result_rows(browser)
    header = browser.find_element(By.CSS_SELECTOR, "#results table.dataTable thead th:nth-child(3)")
    assert header.get_attribute("aria-sort") == "ascending"
    labels = browser.execute_script(
        "return [...document.querySelectorAll('#results table.dataTable tbody td:nth-child(3)')]"
        ".map((cell) => cell.textContent)")
    values = [label.removesuffix("@en").strip('"') for label in labels]  # shown as "text"@en
    assert len(values) == 50 and browser.execute_script(  # in order as the browser collates text
        "const options = { numeric: true, ignorePunctuation: true };"
        "return arguments[0].every((value, i, all) => i === 0"
        " || all[i - 1].toLowerCase().localeCompare(value.toLowerCase(), undefined, options) <= 0)",
        values), values
    browser.find_element(By.CSS_SELECTOR, "#results button.dt-paging-button.next").click()
    WebDriverWait(browser, WAIT).until(lambda b: result_rows(b) != sorted_page)
    assert "51" in browser.find_element(By.CSS_SELECTOR, "#results .dt-info").text


def test_the_chart_view_draws_the_challenge_scores(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/?example=challenges-by-score")
    await_results(browser)
    browser.find_element(By.CSS_SELECTOR, "#results .yasr_btn.select_chart").click()
    wait_for(browser, "#results canvas")
    bars, measure = browser.execute_script(
        "const chart = Chart.getChart(document.querySelector('#results canvas'));"
        "return chart ? [chart.data.labels.length, chart.data.datasets[0].label] : [0, '']")
    assert (bars, measure) == (17, "meanScore")
    assert browser.find_element(By.CSS_SELECTOR, "#results canvas").size["height"] > 100
    screenshot(browser, "chart-en")


@pytest.mark.parametrize(("lang", "totals"), [("en", "Totals"), ("zh", "合计")])
def test_the_pivot_view_cross_tabulates(browser: WebDriver, live_server: str, lang: str, totals: str) -> None:
    browser.get(live_server + in_lang(QUERY_PAGE, lang))
    await_results(browser)
    browser.find_element(By.CSS_SELECTOR, "#results .yasr_btn.select_pivot").click()
    wait_for(browser, "#results .pvtUi table.pvtTable")
    table = browser.find_element(By.CSS_SELECTOR, "#results table.pvtTable")
    assert totals in table.text
    assert table.find_element(By.CSS_SELECTOR, ".pvtGrandTotal").text == "17"  # a count of the rows


def test_a_construct_is_a_table_of_triples_and_turtle(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/")
    set_query(browser, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5")
    run(browser)
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#results table.dataTable thead th")]
    assert {"subject", "predicate", "object"} <= set(headers)
    browser.find_element(By.CSS_SELECTOR, "#results .yasr_btn.select_response").click()
    wait_for(browser, "#results .CodeMirror")
    assert "@prefix" in browser.find_element(By.CSS_SELECTOR, "#results .CodeMirror").text


def test_completion_offers_ontology_terms_and_declares_the_prefix(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/")
    set_query(browser, "SELECT * WHERE {\n  ?x a ")
    browser.execute_script("const cm = document.querySelector('.CodeMirror').CodeMirror;"
                           "cm.focus(); cm.setCursor(cm.lineCount(), 0);")
    typing = browser.find_element(By.CSS_SELECTOR, ".CodeMirror textarea")
    typing.send_keys("smc:K")
    WebDriverWait(browser, WAIT).until(lambda b: "smc:KeyFeature" in " ".join(
        hint.text for hint in b.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li")))
    assert "PREFIX smc: <https://w3id.org/smc-dt/ontology#>" in editor_text(browser)
    typing.send_keys(Keys.ESCAPE, " .\n  ?x smc:inArea smcid:治理")
    WebDriverWait(browser, WAIT).until(lambda b: "smcid:area/governance" in " ".join(
        hint.text for hint in b.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li")))


def test_a_failing_query_says_why_in_the_page_language(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/?lang=zh")
    set_query(browser, "SELECT * WHERE { ?s ?p }")
    browser.find_element(By.ID, "run").click()
    wait_for(browser, "#results .query-error")
    error = browser.find_element(By.CSS_SELECTOR, "#results .query-error").text
    assert error.startswith("错误 (400)") and "Try query" not in error


def test_a_pasted_query_gets_the_prefixes_it_uses(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/")
    set_query(browser, "SELECT ?feature WHERE { ?feature a smc:KeyFeature ; skos:prefLabel 'smc:x'@en }")
    run(browser)
    text = editor_text(browser)
    assert "PREFIX smc: <https://w3id.org/smc-dt/ontology#>" in text
    assert "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>" in text


def test_the_index_lists_every_case(browser: WebDriver, live_server: str, kg: Graph) -> None:
    browser.get(live_server + "/id/")
    section = browser.find_element(By.CSS_SELECTOR, f'section[data-kind="{SMC.Case}"]')
    links = {a.get_attribute("href").split("?")[0].split("/id/")[1]
             for a in section.find_elements(By.CSS_SELECTOR, "ul.entries a")}
    cases = {str(case).split("/id/")[1] for case in kg.subjects(RDF.type, SMC.Case)}
    assert links == cases and len(cases) == 11


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_horizontal_scrolling_on_a_phone(browser: WebDriver, live_server: str, lang: str) -> None:
    browser.set_window_size(NARROW, 900)
    try:
        for path in (QUERY_PAGE, "/matrix", CASE_PAGE, "/id/", "/charts", "/ontology"):
            browser.get(live_server + in_lang(path, lang))
            if path == QUERY_PAGE:
                await_results(browser)
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    finally:
        browser.set_window_size(1400, 1000)


def test_the_ontology_page_follows_lang(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/ontology?lang=zh")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-Hans"
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("中小城市")
    assert browser.find_element(By.ID, "classes").text == "类"
    assert browser.find_element(By.ID, "search-box") and browser.find_element(By.ID, "lang-switch").text == "English"


def test_enter_in_the_search_box_opens_the_results_page(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/id/")
    browser.find_element(By.ID, "search-box").send_keys("kaifeng", Keys.ENTER)
    WebDriverWait(browser, WAIT).until(lambda b: "/search?" in b.current_url)
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#search-hits a")]
    assert any("/id/case/kaifeng" in href for href in hrefs)


def test_try_it_shows_json_in_the_page(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/api/docs")
    form = browser.find_element(By.CSS_SELECTOR, 'form.try[action="/api/queries/challenges-by-score"]')
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    output = form.find_element(By.XPATH, "following-sibling::pre[1]")
    WebDriverWait(browser, WAIT).until(lambda b: '"bindings"' in output.text)
    assert browser.current_url.endswith("/api/docs")


def test_the_charts_page_draws_every_chart(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/charts")
    WebDriverWait(browser, WAIT).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "figure[data-drawn]")) == 3)
    drawn = browser.execute_script(
        "return [...document.querySelectorAll('figure[data-chart] canvas')]"
        ".map((canvas) => Chart.getChart(canvas) ? Chart.getChart(canvas).data.labels.length : 0)")
    assert drawn[:2] == [17, 7]
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "figure a.query-link")]
    assert len(links) == 4 and all("/?example=" in link for link in links)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_screenshots_of_the_pages(browser: WebDriver, live_server: str, lang: str) -> None:
    for name, path in (("index", QUERY_PAGE), ("id", "/id/"), ("case", CASE_PAGE), ("matrix", "/matrix"),
                       ("charts", "/charts")):
        browser.get(live_server + in_lang(path, lang))
        if path == QUERY_PAGE:
            await_results(browser)
        if path == "/charts":
            WebDriverWait(browser, WAIT).until(lambda b: b.find_elements(By.CSS_SELECTOR, "figure[data-drawn]"))
        screenshot(browser, f"{name}-{lang}")
        screenshot(browser, f"{name}-{lang}-phone", width=NARROW)
    browser.get(live_server + in_lang(QUERY_PAGE, lang))
    await_results(browser)
    browser.find_element(By.CSS_SELECTOR, "#results .yasr_btn.select_chart").click()
    wait_for(browser, "#results canvas")
    screenshot(browser, f"chart-{lang}")
