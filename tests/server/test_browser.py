"""The web UI in headless Chromium: run an example, switch to Chinese, labels stay text, no CDN."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from chromium import SCREENSHOTS, WAIT, needs_chromium, run, run_example, set_query, start_chromium
from rdflib import Graph
from rdflib.term import Node
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from smckg.vocab import SMC, area, phase

EXAMPLE = "cases-by-transition"
HOSTILE = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">"
HOSTILE_QUERY = "SELECT ?label WHERE { BIND('''" + HOSTILE + "''' AS ?label) }"

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    yield from start_chromium()


def governance_cases_1_to_2(kg: Graph) -> set[Node]:
    """The answer to the example question, found by rdflib walking the built KG."""
    return {case for case, transition in kg.subject_objects(SMC.hasTransition)
            if (transition, SMC.inArea, area("governance")) in kg
            and (transition, SMC.fromPhase, phase(1)) in kg
            and (transition, SMC.toPhase, phase(2)) in kg}


def test_the_example_question_answers_kaifeng(browser: WebDriver, live_server: str,
                                              kg: Graph) -> None:
    browser.get(live_server + "/")
    assert browser.find_elements(By.CSS_SELECTOR, ".CodeMirror .cm-keyword"), "no highlighting"
    assert "Kaifeng" in run_example(browser, EXAMPLE)
    rows = browser.find_elements(By.CSS_SELECTOR, "#results table.dataTable tbody tr")
    assert len(rows) == len(governance_cases_1_to_2(kg))  # the parameters were bound
    link = browser.find_element(By.CSS_SELECTOR, '#results a[href^="/id/case/kaifeng"]')
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "smckg-ui.png"))
    link.click()
    WebDriverWait(browser, WAIT).until(lambda b: "/id/case/kaifeng" in b.current_url)
    assert "开封" in browser.find_element(By.TAG_NAME, "body").text


def test_results_download_as_csv(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/")
    run_example(browser, EXAMPLE)
    browser.execute_script(  # keep the downloaded blob instead of saving it
        "window.__blobs = []; URL.createObjectURL = (blob) => { window.__blobs.push(blob);"
        " return 'data:,'; };")
    browser.find_element(By.CSS_SELECTOR, "#results .yasr_downloadIcon").click()
    WebDriverWait(browser, WAIT).until(lambda b: b.execute_script("return window.__blobs.length"))
    text = browser.execute_async_script(
        "const done = arguments[arguments.length - 1]; window.__blobs[0].text().then(done);")
    header, *rows = csv.reader(io.StringIO(text.strip()))  # Yasr's table as CSV
    assert header[:3] == ["case", "label_en", "label_zh"]
    assert any("Kaifeng" in cell for row in rows for cell in row)


def test_the_chinese_interface(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/?lang=en")
    browser.find_element(By.ID, "lang-switch").click()
    WebDriverWait(browser, WAIT).until(lambda b: "lang=zh" in b.current_url)
    assert browser.find_element(By.ID, "run").text == "运行查询"
    assert "开封" in run_example(browser, EXAMPLE)
    link = browser.find_element(By.CSS_SELECTOR, '#results a[href^="/id/case/kaifeng"]')
    assert link.get_attribute("href").endswith("?lang=zh")


def test_a_label_with_script_is_shown_as_text(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/")
    set_query(browser, HOSTILE_QUERY)
    text = run(browser)
    assert HOSTILE in text
    assert browser.execute_script("return window.__pwned") is None
    assert not browser.find_elements(By.CSS_SELECTOR, "#results script, #results img")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.accept()


def test_nothing_is_loaded_from_other_sites(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/")
    origins = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => new URL(e.name).origin)")
    assert set(origins) <= {live_server}


def test_search_suggestions_link_to_resource_pages(browser: WebDriver, live_server: str) -> None:
    browser.get(live_server + "/")
    browser.find_element(By.ID, "search-box").send_keys("Kaifeng")
    wait = WebDriverWait(browser, WAIT)
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#search-suggestions a"))
    hrefs = [a.get_attribute("href") for a in
             browser.find_elements(By.CSS_SELECTOR, "#search-suggestions a")]
    assert any("/id/city/kaifeng" in href or "/id/case/kaifeng" in href for href in hrefs)
