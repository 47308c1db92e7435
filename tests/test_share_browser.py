"""The embed in a real browser: another site's page frames `/embed/road_deaths` and sees the chart; a frame of `/` is refused.

The app and the host page each listen on a port the OS chooses, so that the frame is cross-origin as on a real site.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait
from werkzeug.serving import make_server

from dashboard.web.app import create_app

pytestmark = pytest.mark.browser


def driver_options() -> Options:
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,1400"):
        options.add_argument(flag)
    return options


@pytest.fixture(scope="module")
def app_url(frozen_path) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, create_app(frozen_path, settle_seconds=0).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)


@pytest.fixture(scope="module")
def host_page(app_url: str) -> Iterator[str]:
    """Another origin (127.0.0.2 is loopback too) serving a page with two frames of the app."""
    page = (
        "<!doctype html><html><body><h1>Someone else's article</h1>"
        f'<iframe id="chart" src="{app_url}/embed/road_deaths" title="chart" width="100%" height="560"></iframe>'
        f'<iframe id="app" src="{app_url}/" title="app" width="100%" height="400"></iframe>'
        "</body></html>"
    ).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.2", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.2:{server.server_port}/"
    server.shutdown()
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=driver_options())
    try:
        yield driver
    finally:
        driver.quit()


def test_a_framed_embed_draws_its_chart_and_a_framed_app_is_refused(browser: webdriver.Chrome, host_page: str, app_url: str) -> None:
    browser.get(host_page)
    browser.switch_to.frame(browser.find_element(By.ID, "chart"))
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#chart .main-svg")))
    points = browser.find_elements(By.CSS_SELECTOR, "#chart .scatterlayer .point")
    assert len(points) >= 10  # the road deaths series, drawn
    assert browser.find_element(By.TAG_NAME, "h1").text == "Road traffic deaths"
    size = browser.execute_script("var r = document.querySelector('#chart .main-svg').getBoundingClientRect(); return [r.width, r.height];")
    assert size[0] > 1000 and size[1] >= 260  # fills the frame's width
    browser.switch_to.default_content()
    browser.switch_to.frame(browser.find_element(By.ID, "app"))
    # a refused frame holds Chromium's error page, never the app
    assert browser.execute_script("return location.href") != f"{app_url}/"
    assert not browser.find_elements(By.ID, "react-entry-point")
    browser.switch_to.default_content()


# The clipboard as the page sees it: a write that succeeds and keeps the text, or one the browser refuses.
CLIPBOARD = """
window.__copied = null;
Object.defineProperty(navigator, 'clipboard', {configurable: true, value: {writeText: function (text) {
  if (window.__refuse) return Promise.reject(new Error('denied'));
  window.__copied = text; return Promise.resolve();
}}});
window.__refuse = arguments[0];
"""


def _share(browser: webdriver.Chrome, selector: str, refuse: bool) -> WebDriverWait:
    browser.execute_script(CLIPBOARD, refuse)
    button = browser.find_element(By.CSS_SELECTOR, f"{selector} button.share-copy")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    WebDriverWait(browser, 10).until(ec.element_to_be_clickable(button)).click()
    return WebDriverWait(browser, 10)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_share_copies_a_claims_link_and_shows_it_where_the_clipboard_is_refused(browser: webdriver.Chrome, app_url: str, lang: str) -> None:
    suffix = "?lang=ru" if lang == "ru" else ""
    browser.get(f"{app_url}/claims{suffix}")
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#claims-list .claim-card .share-control")))
    box = "#share-claim-crime_fell_2025"
    status = f"{box} .share-status"
    assert browser.find_element(By.CSS_SELECTOR, status).get_attribute("aria-live") == "polite"
    _share(browser, box, refuse=False).until(lambda b: b.find_element(By.CSS_SELECTOR, status).text)
    assert browser.find_element(By.CSS_SELECTOR, status).text == ("Ссылка скопирована" if lang == "ru" else "Link copied")
    assert browser.execute_script("return window.__copied") == f"{app_url}/claim/crime_fell_2025{suffix}"
    _share(browser, box, refuse=True).until(lambda b: b.find_elements(By.CSS_SELECTOR, f"{box} .share-fallback"))
    field = browser.find_element(By.CSS_SELECTOR, f"{box} .share-fallback")
    assert field.is_displayed() and field.get_attribute("value") == f"{app_url}/claim/crime_fell_2025{suffix}"
    assert field.get_attribute("aria-label") and browser.switch_to.active_element == field
    card = browser.find_element(By.CSS_SELECTOR, f"{box} a.share-card-link")
    assert card.get_attribute("href") == f"{app_url}/card/claim/crime_fell_2025.png{suffix}" and card.get_attribute("download")
    name = browser.find_element(By.CSS_SELECTOR, f"{box} button.share-copy").get_attribute("textContent")
    assert name.startswith("Поделиться ссылкой" if lang == "ru" else "Share the link")


def test_share_on_an_indicator_copies_the_page_with_its_view(browser: webdriver.Chrome, app_url: str) -> None:
    browser.get(f"{app_url}/indicator/road_deaths?base=2010&method=escap")
    WebDriverWait(browser, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#share-indicator button.share-copy")))
    _share(browser, "#share-indicator", refuse=False).until(lambda b: b.execute_script("return window.__copied"))
    copied = browser.execute_script("return window.__copied")
    assert copied == browser.execute_script("return location.href") and "base=2010" in copied and "method=escap" in copied
