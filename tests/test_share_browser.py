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
