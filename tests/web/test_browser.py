"""The web UI in a real headless Chromium: a reader's path through it, and hostile data inert.

Skipped, with the reason shown, where no Chromium and chromedriver are installed (.ci/run installs
them with apt-get). Screenshots of the four main pages go to $KG_TEST_ARTEFACTS (default: the
test's temporary folder); docs/screenshots/ holds the ones the README shows.
"""

from __future__ import annotations

import os
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.support import browser

pytestmark = [pytest.mark.server, pytest.mark.skipif(browser.missing() is not None, reason=str(browser.missing()))]


@pytest.fixture(scope="module")
def chrome(tmp_path_factory):
    downloads = tmp_path_factory.mktemp("downloads")
    driver = browser.chromium(downloads)
    driver.set_page_load_timeout(60)
    try:
        yield driver, downloads
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("KG_TEST_ARTEFACTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def wait_for(condition, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the page did not get there in time"
        time.sleep(0.1)


def by_css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def csp_violations(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]


def test_search_entity_source_question_download_and_sparql_error(chrome, shipped, kg, artefacts):
    driver, downloads = chrome
    url, project = shipped
    driver.get(url + "/")
    driver.save_screenshot(str(artefacts / "home.png"))
    box = by_css(driver, "#site-search")
    box.send_keys("pompeo")
    box.submit()
    by_css(driver, 'a[href="/entity/Mike_Pompeo"]').click()
    wait_for(lambda: driver.current_url.endswith("/entity/Mike_Pompeo"))
    wait_for(lambda: driver.execute_script("return document.querySelectorAll('#kg-graph canvas').length") > 0)
    driver.save_screenshot(str(artefacts / "entity.png"))
    from selenium.webdriver.common.keys import Keys

    picture = by_css(driver, "#kg-graph")
    picture.send_keys(Keys.ARROW_RIGHT)  # the keyboard's way through the picture
    chosen = by_css(driver, "#kg-graph-status").text
    assert chosen != "none" and by_css(driver, "#kg-graph-keys").is_displayed()
    picture.send_keys(Keys.ENTER)
    wait_for(lambda: driver.find_element("tag name", "h1").text.startswith(chosen))
    driver.back()
    by_css(driver, '.fact a[href="/source/aljazeera-2019-russia-iran"]').click()
    wait_for(lambda: "/source/aljazeera-2019-russia-iran" in driver.current_url)
    assert "Will Russia back US’ maximum pressure on Iran?" in driver.find_element("tag name", "main").text

    driver.get(url + "/questions")
    by_css(driver, 'a[href="/questions/weapon-seekers"]').click()
    field = by_css(driver, "#p-weapon")
    field.send_keys("S-400")
    by_css(driver, 'button[name="run"]').click()
    wait_for(lambda: "weapon=S-400" in driver.current_url)
    assert by_css(driver, 'table a[href="/entity/Turkey"]').text == "Turkey"
    driver.save_screenshot(str(artefacts / "question.png"))
    by_css(driver, 'a[href$="download=csv"]').click()
    saved = downloads / "weapon-seekers.csv"
    wait_for(lambda: saved.exists() and saved.stat().st_size > 0)
    expected = kg("-C", str(project), "query", "-n", "weapon-seekers", "-p", "weapon", "S-400", "-f", "csv")
    assert saved.read_bytes() == expected.stdout_bytes

    driver.get(url + "/editor")
    editor = by_css(driver, "#query")
    editor.clear()
    editor.send_keys("SELECT ?s WHERE {\n  ?s a kg:State .\n  ?s rdfs:label\n}")
    by_css(driver, "form.editor button").click()
    wait_for(lambda: "query=" in driver.current_url)
    assert "SPARQL syntax error at line 4, column 1" in by_css(driver, ".error").text
    assert by_css(driver, "li.marked").text == "}"
    driver.save_screenshot(str(artefacts / "sparql.png"))
    assert csp_violations(driver) == []


@pytest.mark.parametrize("path", ["/entity/Evil", "/entity/hostile-meeting", "/source/hostile-2025",
                                  "/search?" + urllib.parse.urlencode({"q": "<script>alert('q')</script>"})])
def test_hostile_text_runs_nothing_and_requests_nothing(chrome, hostile, path):
    from selenium.common.exceptions import NoAlertPresentException

    driver, _ = chrome
    driver.get(hostile + path)
    wait_for(lambda: driver.execute_script("return document.readyState") == "complete")
    for element in driver.find_elements("css selector", "main bdi")[:50]:
        driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))", element)
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - raises when no dialog opened
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(name.startswith(hostile + "/static/") for name in resources), resources
    assert driver.execute_script("return document.scripts.length") <= 3  # the picture's data and our two files
