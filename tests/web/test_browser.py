"""The web UI in a real headless Chromium: a reader's path through it, and hostile data inert.

Skipped, with the reason shown, where no Chromium and chromedriver are installed (.ci/run installs
them with apt-get). Screenshots of the four main pages go to $KG_TEST_ARTEFACTS (default: the
test's temporary folder); docs/screenshots/ holds the ones the README shows.
"""

from __future__ import annotations

import os
import urllib.parse
from pathlib import Path

import pytest

from tests.support import browser

pytestmark = [pytest.mark.server, pytest.mark.skipif(browser.missing() is not None, reason=str(browser.missing()))]


@pytest.fixture(scope="module")
def chrome(tmp_path_factory):
    downloads = tmp_path_factory.mktemp("downloads")
    driver = browser.chromium(downloads)
    driver.set_page_load_timeout(browser.WAIT)
    try:
        yield driver, downloads
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("KG_TEST_ARTEFACTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def csp_violations(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]


def open_a_neighbour_by_keyboard(driver, here: str) -> str:
    """Tab into the picture, step with the arrow keys to a node that has a page other than this
    one, open it with Enter; returns that page's path. The layout decides the order of the nodes,
    so the test reads which node is chosen instead of assuming one."""
    from selenium.webdriver.common.keys import Keys

    pages: dict[str, set] = {}
    for label, href in driver.execute_script(
            "return JSON.parse(document.getElementById('kg-graph-data').textContent).elements"
            ".filter(e => e.data.href).map(e => [e.data.label, e.data.href])"):
        pages.setdefault(label, set()).add(href)
    wanted = {label: hrefs.pop() for label, hrefs in pages.items() if len(hrefs) == 1 and here not in hrefs}
    assert wanted, pages
    picture = browser.element(driver, "#kg-graph")
    browser.wait(driver, lambda d: browser.element(d, "#kg-graph-keys").is_displayed())  # the script has run
    nodes = driver.execute_script("return JSON.parse(document.getElementById('kg-graph-data').textContent)"
                                  ".elements.filter(e => !e.data.source).length")
    for _ in range(nodes):  # once round the picture at most
        picture.send_keys(Keys.ARROW_RIGHT)  # the handler has run when the key is delivered
        browser.wait(driver, lambda d: browser.element(d, "#kg-graph-status").text not in ("", "none"))
        chosen = browser.element(driver, "#kg-graph-status").text
        if chosen in wanted:
            browser.follow(driver, lambda: picture.send_keys(Keys.ENTER))
            assert driver.current_url.endswith(wanted[chosen])
            assert browser.element(driver, "h1").text.startswith(chosen)
            return wanted[chosen]
    raise AssertionError(f"the arrow keys never chose one of {sorted(wanted)}")


def test_search_entity_source_question_download_and_sparql_error(chrome, shipped, kg, artefacts):
    driver, downloads = chrome
    url, project = shipped
    driver.get(url + "/")
    browser.wait(driver, browser.loaded)
    driver.save_screenshot(str(artefacts / "home.png"))
    box = browser.element(driver, "#site-search")
    box.send_keys("pompeo")
    browser.follow(driver, box.submit)
    browser.follow(driver, browser.element(driver, 'a[href="/entity/Mike_Pompeo"]').click)
    assert driver.current_url.endswith("/entity/Mike_Pompeo")
    browser.wait(driver, lambda d: d.execute_script("return document.querySelectorAll('#kg-graph canvas').length") > 0)
    driver.save_screenshot(str(artefacts / "entity.png"))
    open_a_neighbour_by_keyboard(driver, "/entity/Mike_Pompeo")
    browser.follow(driver, driver.back)
    assert driver.current_url.endswith("/entity/Mike_Pompeo")
    browser.follow(driver, browser.element(driver, '.fact a[href="/source/aljazeera-2019-russia-iran"]').click)
    assert driver.current_url.endswith("/source/aljazeera-2019-russia-iran")
    assert "Will Russia back US’ maximum pressure on Iran?" in browser.element(driver, "main").text

    driver.get(url + "/questions")
    browser.follow(driver, browser.element(driver, 'a[href="/questions/weapon-seekers"]').click)
    browser.element(driver, "#p-weapon").send_keys("S-400")
    browser.follow(driver, browser.element(driver, 'button[name="run"]').click)
    assert "weapon=S-400" in driver.current_url
    assert browser.element(driver, 'table a[href="/entity/Turkey"]').text == "Turkey"
    driver.save_screenshot(str(artefacts / "question.png"))
    browser.element(driver, 'a[href$="download=csv"]').click()
    saved = downloads / "weapon-seekers.csv"  # Chrome writes NAME.crdownload and renames it when complete
    browser.wait(driver, lambda d: saved.exists() and saved.stat().st_size > 0, what="the CSV did not arrive in time")
    expected = kg("-C", str(project), "query", "-n", "weapon-seekers", "-p", "weapon", "S-400", "-f", "csv")
    assert saved.read_bytes() == expected.stdout_bytes

    driver.get(url + "/editor")
    editor = browser.element(driver, "#query")
    editor.clear()
    editor.send_keys("SELECT ?s WHERE {\n  ?s a kg:State .\n  ?s rdfs:label\n}")
    browser.follow(driver, browser.element(driver, "form.editor button").click)
    assert "query=" in driver.current_url
    assert "SPARQL syntax error at line 4, column 1" in browser.element(driver, ".error").text
    assert browser.element(driver, "li.marked").text == "}"
    driver.save_screenshot(str(artefacts / "sparql.png"))
    assert csp_violations(driver) == []


@pytest.mark.parametrize("path", ["/entity/Evil", "/entity/hostile-meeting", "/source/hostile-2025",
                                  "/search?" + urllib.parse.urlencode({"q": "<script>alert('q')</script>"})])
def test_hostile_text_runs_nothing_and_requests_nothing(chrome, hostile, path):
    from selenium.common.exceptions import NoAlertPresentException

    driver, _ = chrome
    driver.get(hostile + path)
    browser.wait(driver, browser.loaded)
    for element in driver.find_elements("css selector", "main bdi")[:50]:
        driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))", element)
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - raises when no dialog opened
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(name.startswith(hostile + "/static/") for name in resources), resources
    assert driver.execute_script("return document.scripts.length") <= 3  # the picture's data and our two files
