"""Script in the data: a KG whose labels carry HTML and script, built and served, checked in Chromium.

The curated records are copied and a city's and a case's labels and definition replaced by
markup that would run script if it were ever inserted as HTML (``slowbuilds.hostile_records``).
The variant is built with ``smc-kg build --records``, served, and every page that shows those labels -- the resource
pages, the query results table, the search suggestions, the matrix -- is opened in headless
Chromium: no alert may fire, no injected element may exist, the text must show as text.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from chromium import WAIT, needs_chromium, start_chromium
from launch import serving
from rdflib.namespace import SKOS
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait
from slowbuilds import CASE_EN, DEFINITION, SCRIPT_EN, SCRIPT_ZH, Background
from tally import TALLY

from smckg.vocab import SMCID

#: Counts calls of alert/confirm/prompt without blocking the page (installed before any script).
ALERT_TRAP = ("window.__alerts = 0; for (const name of ['alert', 'confirm', 'prompt']) "
              "{ window[name] = () => { window.__alerts += 1; }; }")
INJECTED = "img[src='x'], svg[onload], b[onmouseover], script:not([src]):not([type])"

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def hostile_site(hostile_build: Background, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The variant KG built by ``smc-kg build --records`` (see the conftest), served."""
    code, output = hostile_build.finish()
    assert code == 0, output[-3000:]
    with serving(tmp_path_factory.mktemp("xss-server"), hostile_build.out_dir) as server:
        yield server.url


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    yield from start_chromium(on_every_page=ALERT_TRAP)


def harmless(browser: WebDriver, where: str, *texts: str) -> bool:
    """No dialog, no alert call, no injected element; the hostile texts shown as text; counted."""
    try:
        browser.switch_to.alert.dismiss()
        dialog = True
    except NoAlertPresentException:
        dialog = False
    calls = browser.execute_script("return window.__alerts")
    injected = browser.find_elements(By.CSS_SELECTOR, INJECTED)
    page_text = browser.find_element(By.TAG_NAME, "body").text
    shown = all(text in page_text for text in texts)
    ok = not dialog and calls == 0 and not injected and shown
    TALLY.hostile("script in labels", ok)
    assert ok, (where, dialog, calls, [e.get_attribute("outerHTML") for e in injected], shown)
    return ok


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_resource_pages_show_markup_as_text(browser: WebDriver, hostile_site: str, lang: str) -> None:
    label = SCRIPT_EN if lang == "en" else SCRIPT_ZH
    browser.get(f"{hostile_site}/id/city/fukuoka?lang={lang}")
    harmless(browser, f"city page ({lang})", label, DEFINITION)
    browser.get(f"{hostile_site}/id/case/fukuoka-health-platform?lang={lang}")
    harmless(browser, f"case page ({lang})", CASE_EN if lang == "en" else SCRIPT_ZH)


def test_the_raw_html_escapes_the_markup(hostile_site: str) -> None:
    page = requests.get(f"{hostile_site}/id/city/fukuoka", headers={"Accept": "text/html"}, timeout=30).text
    escaped = "<script>alert(1)" not in page and "onerror=alert(2)>" not in page and "&lt;script&gt;" in page
    TALLY.hostile("script in labels", escaped)
    assert escaped


def test_query_results_show_markup_as_text(browser: WebDriver, hostile_site: str) -> None:
    browser.get(f"{hostile_site}/")
    query = f"SELECT ?label WHERE {{ <{SMCID['city/fukuoka']}> <{SKOS.prefLabel}> ?label }}"
    browser.execute_script(
        "const cm = document.querySelector('.CodeMirror');"
        "if (cm) { cm.CodeMirror.setValue(arguments[0]); }"
        "else { document.getElementById('query-text').value = arguments[0]; }", query)
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, WAIT).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#results table, #status.error"))
    harmless(browser, "query results", SCRIPT_EN, SCRIPT_ZH)


def test_search_suggestions_show_markup_as_text(browser: WebDriver, hostile_site: str) -> None:
    browser.get(f"{hostile_site}/")
    browser.find_element(By.ID, "search-box").send_keys("Fukuoka")
    WebDriverWait(browser, WAIT).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#search-suggestions a"))
    harmless(browser, "search suggestions", SCRIPT_EN)


def test_the_matrix_shows_markup_as_text(browser: WebDriver, hostile_site: str) -> None:
    browser.get(f"{hostile_site}/matrix?lang=en")
    harmless(browser, "matrix", CASE_EN)
