"""The phone page in a real browser: Debian's headless Chromium at 360x800, driven by
chromedriver, while a counter (another process) calls the ticket a kiosk command took.

``ULT_SCREENSHOTS=1 pytest tests/test_phone_browser.py`` writes the page waiting,
called and after service to docs/screenshots/phone_*.png; otherwise a temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ult_desktop.app.phone_page import PhonePage, PhoneServer
from ult_desktop.db.house.office import save_service
from ult_desktop.db.open import open_database

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
#: CI installs them and sets ULT_REQUIRE_BROWSER=1: there the test runs, never skips.
if os.environ.get("ULT_REQUIRE_BROWSER") == "1" and not (CHROMIUM and DRIVER):
    raise RuntimeError("ULT_REQUIRE_BROWSER=1 but chromium or chromedriver is missing: "
                       "apt-get install chromium chromium-driver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="Debian's chromium and chromium-driver are not installed")
ROOT = Path(__file__).resolve().parent.parent


def _cli(db_path: Path, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "ult_desktop", *args, "--db", str(db_path),
                           "--json"], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


@pytest.fixture
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-extensions", "--disable-quic",
                # no calls home: a closed network refuses them, many at a time
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync"):
        options.add_argument(arg)
    # a phone's screen: 360x800 CSS pixels (a desktop window cannot be that narrow)
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": {
        "width": 360, "height": 800, "pixelRatio": 2.0, "touch": True}})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER),
                              options=options)
    yield driver
    driver.quit()


def _serve(db_path) -> PhoneServer:
    """The page served from the office file, as the TV serves it, on a free port."""
    return PhoneServer(PhonePage(lambda: open_database(db_path, station="tv", mode="phone")),
                       "127.0.0.1", 0)

def test_a_phone_at_360px_sees_its_ticket_called_at_the_counter(db, db_path, browser,
                                                                tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    out = ROOT / "docs" / "screenshots" if os.environ.get("ULT_SCREENSHOTS") else tmp_path
    save_service(db, prefix="A", name="<i>Layanan</i> Informasi & Pengaduan")
    _cli(db_path, "take", "--service", "A")
    mine = _cli(db_path, "take", "--service", "A")
    server = _serve(db_path)
    try:
        browser.get(f"http://127.0.0.1:{server.port}/t/{mine['code']}")
        wait = WebDriverWait(browser, 20)
        wait.until(lambda b: b.find_element(By.ID, "number").text == mine["number"])
        assert browser.execute_script("return window.innerWidth") <= 360
        status = browser.find_element(By.ID, "status")
        assert status.get_attribute("aria-live") == "polite"  # a count: waits its turn
        assert browser.find_element(By.ID, "tap").is_displayed()
        assert "1 orang di depan Anda" in status.text
        # the planted label is text, never markup
        assert browser.find_element(By.ID, "service").text == \
            "<i>Layanan</i> Informasi & Pengaduan"
        assert browser.find_elements(By.CSS_SELECTOR, "#service i") == []
        # nothing wider than the phone: no sideways scrolling
        assert browser.execute_script(
            "return document.documentElement.scrollWidth") <= 360
        browser.save_screenshot(str(out / "phone_360_waiting.png"))

        _cli(db_path, "call", "--counter", "1")
        _cli(db_path, "finish", "--counter", "1")
        _cli(db_path, "call", "--counter", "1")  # the counter calls her, the page polls
        wait.until(lambda b: "Loket 1" in b.find_element(By.ID, "status").text)
        assert browser.find_element(By.ID, "headline").text == "Anda dipanggil!"
        assert browser.find_element(By.TAG_NAME, "body").get_attribute("class") == "st-called"
        assert status.get_attribute("aria-live") == "assertive"  # the call interrupts
        assert not browser.find_element(By.ID, "tap").is_displayed()  # no sound asked now
        browser.save_screenshot(str(out / "phone_360_called.png"))

        _cli(db_path, "finish", "--counter", "1")
        wait.until(lambda b: b.find_element(By.ID, "headline").text == "Layanan selesai")
        assert "Survei Kepuasan" in browser.find_element(By.ID, "status").text
        assert status.get_attribute("aria-live") == "polite"
        assert not browser.find_element(By.ID, "tap").is_displayed()
        browser.save_screenshot(str(out / "phone_360_done.png"))
        # the browser asked nothing of anywhere else
        hosts = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).host)")
        assert set(hosts) <= {f"127.0.0.1:{server.port}"}
    finally:
        server.stop()


#: Watches the live region and the unsure line: every change a screen reader would hear.
WATCH = """
window.heard = [];
var seen = new MutationObserver(function (list) {
  list.forEach(function (m) { window.heard.push(m.type + " " + m.target.nodeName); });
});
["status", "unsure"].forEach(function (id) {
  seen.observe(document.getElementById(id), {subtree: true, childList: true,
                                             characterData: true, attributes: true});
});
document.querySelectorAll("#status li, #headline").forEach(function (n) { n.firstChild.kept = 1; });
"""
POLLS = "return performance.getEntriesByType('resource').filter(e => e.name.includes('/s/')).length"


def test_a_screen_reader_hears_the_status_only_when_it_changes(db, db_path, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    first = _cli(db_path, "take", "--service", "A")
    mine = _cli(db_path, "take", "--service", "A")
    server = _serve(db_path)
    try:
        browser.get(f"http://127.0.0.1:{server.port}/t/{mine['code']}")
        wait = WebDriverWait(browser, 20)
        wait.until(lambda b: "1 orang di depan Anda" in b.find_element(By.ID, "status").text)
        browser.execute_script(WATCH)
        polls = browser.execute_script(POLLS)
        wait.until(lambda b: b.execute_script(POLLS) >= polls + 3)  # a second apart
        assert browser.execute_script("return window.heard") == []  # nothing re-read
        kept = "return [...document.querySelectorAll('#status li, #headline')]" \
               ".map(n => n.firstChild.kept)"
        assert set(browser.execute_script(kept)) == {1}
        assert first["number"] != mine["number"]
        _cli(db_path, "call", "--counter", "1")  # a change is heard, once
        wait.until(lambda b: "1 orang" not in b.find_element(By.ID, "status").text)
        assert browser.execute_script("return window.heard")
    finally:
        server.stop()


def test_the_english_page_says_the_queue_number_and_the_services_english_name(
        db, db_path, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    save_service(db, prefix="A", name="Layanan Informasi", name_en="Information Service")
    mine = _cli(db_path, "take", "--service", "A")
    server = _serve(db_path)
    try:
        browser.get(f"http://127.0.0.1:{server.port}/t/{mine['code']}?lang=en")
        WebDriverWait(browser, 20).until(
            lambda b: b.find_element(By.ID, "number").text == mine["number"])
        assert browser.title == "Your queue number"
        assert browser.find_element(By.ID, "service").text == "Information Service"
        assert browser.find_element(By.ID, "headline").text == "Waiting"
    finally:
        server.stop()


def test_with_scripts_off_the_page_says_what_to_do_not_loading(db, db_path, browser):
    from selenium.webdriver.common.by import By

    mine = _cli(db_path, "take", "--service", "A")
    server = _serve(db_path)
    try:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        browser.get(f"http://127.0.0.1:{server.port}/t/{mine['code']}")
        text = browser.find_element(By.TAG_NAME, "body").text
        assert "Memuat" not in text and "memerlukan JavaScript" in text
        assert not browser.find_element(By.ID, "tap").is_displayed()
    finally:
        server.stop()
