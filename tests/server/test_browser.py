"""The web UI in headless Chromium: run an example, switch to Chinese, labels stay text, no CDN."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.term import Node
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from smckg.vocab import SMC, area, phase

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,1000")
WAIT = 30  # seconds, the bound of every wait
EXAMPLE = "cases-by-transition"
SCREENSHOTS = Path(tempfile.gettempdir())
HOSTILE = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">"
HOSTILE_QUERY = "SELECT ?label WHERE { BIND('''" + HOSTILE + "''' AS ?label) }"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()),
                       reason="Debian's chromium and chromium-driver are not installed"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    profile = tempfile.mkdtemp(prefix="smckg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def governance_cases_1_to_2(kg: Graph) -> set[Node]:
    """The answer to the example question, found by rdflib walking the built KG."""
    return {case for case, transition in kg.subject_objects(SMC.hasTransition)
            if (transition, SMC.inArea, area("governance")) in kg
            and (transition, SMC.fromPhase, phase(1)) in kg
            and (transition, SMC.toPhase, phase(2)) in kg}


def run_example(browser: WebDriver, name: str) -> str:
    """Click an example and Run; the text of the results table once it is drawn."""
    browser.find_element(By.CSS_SELECTOR, f'button[data-example="{name}"]').click()
    return run(browser)


def run(browser: WebDriver) -> str:
    browser.execute_script("document.getElementById('results').replaceChildren()")
    browser.find_element(By.ID, "run").click()
    wait = WebDriverWait(browser, WAIT)
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#results table, #status.error"))
    assert not browser.find_elements(By.CSS_SELECTOR, "#status.error"), browser.find_element(
        By.ID, "status").text
    return browser.find_element(By.ID, "results").text


def set_query(browser: WebDriver, text: str) -> None:
    """Put text into the editor (Yasqe's CodeMirror, or the plain text area without it)."""
    browser.execute_script(
        "const cm = document.querySelector('.CodeMirror');"
        "if (cm) { cm.CodeMirror.setValue(arguments[0]); }"
        "else { document.getElementById('query-text').value = arguments[0]; }", text)


def test_the_example_question_answers_kaifeng(browser: WebDriver, live_server: str,
                                              kg: Graph) -> None:
    browser.get(live_server + "/")
    assert browser.find_elements(By.CSS_SELECTOR, ".CodeMirror .cm-keyword"), "no highlighting"
    assert "Kaifeng" in run_example(browser, EXAMPLE)
    rows = browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")
    assert len(rows) == len(governance_cases_1_to_2(kg))  # the parameters were bound
    link = browser.find_element(By.CSS_SELECTOR, '#results a[href^="/id/case/kaifeng"]')
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
    browser.find_element(By.CSS_SELECTOR, '#downloads button[data-media-type="text/csv"]').click()
    WebDriverWait(browser, WAIT).until(lambda b: b.execute_script("return window.__blobs.length"))
    text = browser.execute_async_script(
        "const done = arguments[arguments.length - 1]; window.__blobs[0].text().then(done);")
    header, *rows = text.strip().splitlines()
    assert header.split(",")[:3] == ["case", "label_en", "label_zh"]
    assert any("Kaifeng" in row for row in rows)


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


def test_screenshots_of_the_pages(browser: WebDriver, live_server: str) -> None:
    for name, path in (("index", "/"), ("matrix", "/matrix")):
        browser.get(live_server + path)
        height = browser.execute_script("return document.body.scrollHeight")
        browser.set_window_size(1400, min(max(height, 800), 2400))
        target = SCREENSHOTS / f"smckg-{name}.png"
        assert browser.save_screenshot(str(target)) and target.stat().st_size > 10_000
    browser.set_window_size(1400, 1000)
