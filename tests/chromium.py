"""Headless Chromium for the UI tests: the driver fixture and helpers to drive the query page."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,1000")
WAIT = 30  # seconds, the bound of every wait
#: Where the tests write the screenshots to look at (git-ignored).
SCREENSHOTS = Path(__file__).resolve().parents[1] / "var" / "screenshots"

needs_chromium = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()),
                       reason="Debian's chromium and chromium-driver are not installed"),
]


def start_chromium(on_every_page: str | None = None) -> Iterator[WebDriver]:
    """A headless Chromium with a fresh profile, quit and removed afterwards.

    ``on_every_page``: a script run in every page before the page's own scripts.
    """
    profile = tempfile.mkdtemp(prefix="smckg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(WAIT)
    if on_every_page:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": on_every_page})
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for(browser: WebDriver, css: str) -> None:
    """Wait until an element matching ``css`` is on the page."""
    WebDriverWait(browser, WAIT).until(lambda b: b.find_elements(By.CSS_SELECTOR, css))


def run(browser: WebDriver) -> str:
    """Press Run and wait for the answer; the text of the results view."""
    browser.execute_script("document.getElementById('status').textContent = ''")
    browser.find_element(By.ID, "run").click()
    return await_results(browser)


def await_results(browser: WebDriver) -> str:
    """Wait until the status says the query ran (or failed); the text of the results view."""
    WebDriverWait(browser, WAIT).until(
        lambda b: b.find_element(By.ID, "status").text.endswith(" ms")
        or b.find_elements(By.CSS_SELECTOR, "#status.error"))
    assert not browser.find_elements(By.CSS_SELECTOR, "#status.error"), browser.find_element(
        By.ID, "status").text
    wait_for(browser, "#results .yasr_results table, #results .yasr_results pre, "
                      "#results .yasr_results canvas, #results .booleanResult")
    return browser.find_element(By.ID, "results").text


def run_example(browser: WebDriver, name: str) -> str:
    """Click an example and Run; the text of the results view."""
    browser.find_element(By.CSS_SELECTOR, f'button[data-example="{name}"]').click()
    return run(browser)


def set_query(browser: WebDriver, text: str) -> None:
    """Put text into the editor (Yasqe's CodeMirror, or the plain text area without it)."""
    browser.execute_script(
        "const cm = document.querySelector('.CodeMirror');"
        "if (cm) { cm.CodeMirror.setValue(arguments[0]); }"
        "else { document.getElementById('query-text').value = arguments[0]; }", text)


def result_rows(browser: WebDriver) -> list[str]:
    """The text of each row of the results table's current page."""
    return [row.text for row in browser.find_elements(By.CSS_SELECTOR, "#results table.dataTable tbody tr")]


def screenshot(browser: WebDriver, name: str, width: int = 1400) -> Path:
    """A full-height screenshot of the current page in ``var/screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(width, min(max(height, 800), 2400))
    target = SCREENSHOTS / f"{name}.png"
    assert browser.save_screenshot(str(target)) and target.stat().st_size > 10_000
    browser.set_window_size(1400, 1000)
    return target
