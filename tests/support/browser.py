"""Headless Chromium for the web tests: Debian's chromium and chromium-driver, driven by Selenium
with explicit paths (Selenium Manager would look for a driver online and send usage statistics),
no sandbox (the tests run as root in CI), and Chromium's own background traffic turned off: the
browser talks to 127.0.0.1 only."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM = next((p for p in ("/usr/lib/chromium/chromium", shutil.which("chromium") or "") if p and Path(p).exists()),
                None)
DRIVER = shutil.which("chromedriver")
QUIET = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000",
         "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-default-apps", "--disable-extensions", "--disable-domain-reliability",
         "--disable-client-side-phishing-detection", "--no-pings", "--metrics-recording-only")


def missing() -> str | None:
    """Why no browser test can run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if CHROMIUM is None or DRIVER is None:
        return "no headless Chromium here: apt-get install chromium chromium-driver (.ci/run does, as root)"
    return None


def chromium(downloads: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_AVOID_STATS"] = "true"
    options = Options()
    options.binary_location = CHROMIUM
    for flag in QUIET:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)


# Waits end as soon as their condition holds; the bound is generous because the browser, the
# server and other test suites share two cores (a load average of 8 has been seen).
WAIT = 90


def wait(driver, condition, seconds: float = WAIT, what: str = "the page did not get there in time"):
    """Poll `condition(driver)` until it is true. An element that is not there yet, or belongs to
    the page being replaced, counts as "not yet" rather than failing the test."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, poll_frequency=0.1,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(condition, what)


def element(driver, selector: str, seconds: float = WAIT):
    """The element `selector` finds, once the page has it."""
    from selenium.webdriver.common.by import By

    return wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, selector), seconds, f"no {selector} in time")


def loaded(driver) -> bool:
    return driver.execute_script("return document.readyState") == "complete"


def follow(driver, action, seconds: float = WAIT) -> None:
    """Do something that loads another page (a click, a form's submit, Enter, back), then wait until
    the old document is gone and the new one has loaded: a lookup right after a click could
    otherwise still see the old page, or none."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions

    old = driver.find_element(By.TAG_NAME, "html")
    action()
    wait(driver, expected_conditions.staleness_of(old), seconds, "the next page did not come in time")
    wait(driver, loaded, seconds, "the next page did not finish loading in time")
