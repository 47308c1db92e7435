"""Every page in a real browser, at 1300 px and on a 390 px phone (device emulation), in English and Russian.

axe-core (installed by `make test` into .venv/node) checks each page against WCAG 2.1 AA and best practice:
zero violations. Each page is also checked for what a phone reader needs (no sideways scrolling of the
page itself) and photographed: into a temporary folder, or into docs/screenshots/ under `make screenshots`
(the README shows six of them; the rest are ignored by git). Pages are reached the way a reader's clicks
reach them, through the page router, so a whole browser session serves many pages. Never skipped: a missing browser or axe-core fails.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from werkzeug.serving import make_server

from dashboard.web.app import create_app

from .conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = ROOT / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
# `make screenshots` names docs/screenshots/ (the README's pictures); a test run photographs into a temporary folder
SHOTS = Path(os.environ.get("DASHBOARD_SCREENSHOTS") or tempfile.mkdtemp(prefix="dashboard-shots-"))
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))))
  .catch(e => done([{id: 'axe-error', impact: 'critical', nodes: [String(e)]}]));
"""
GOTO = "window.history.pushState({}, '', arguments[0]); window.dispatchEvent(new PopStateEvent('popstate'));"


@pytest.fixture(scope="module")
def app_url(frozen_path: Path, tmp_path_factory) -> Iterator[str]:
    app = create_app(frozen_path, settle_seconds=0, poll_interval_ms=60_000, history=tmp_path_factory.mktemp("history"))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)


def _driver(mobile: bool) -> webdriver.Chrome:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}: run `make test` (it installs axe-core with npm)", pytrace=False)
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--hide-scrollbars",
        "--window-size=1300,1000",
    ):
        options.add_argument(flag)
    if mobile:
        options.add_experimental_option(
            "mobileEmulation",
            {
                "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 2, "touch": True},
                "userAgent": (
                    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"
                ),
            },
        )
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(60)
    return driver


@pytest.fixture(scope="module")
def desktop() -> Iterator[webdriver.Chrome]:
    driver = _driver(False)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def phone() -> Iterator[webdriver.Chrome]:
    driver = _driver(True)
    yield driver
    driver.quit()


def wait_for(driver: webdriver.Chrome, script: str, what: str, *args: object, timeout: float = 20) -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(script, *args)
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


READY = """
const path = arguments[0], title = arguments[1], chart = arguments[2];
const content = document.querySelector('#_pages_content');
if (!content || document.querySelector('._dash-loading')) return false;
if (path.startsWith('/indicator/')) {
  const h = document.querySelector('#indicator-title, #not-found');
  if (!h || (title && h.textContent.trim() !== title)) return false;
  // what lies below the chart comes second
  if (h.id === 'indicator-title' && (document.querySelector('#details-coming') || !document.querySelector('#indicator-details > *'))) {
    return false;
  }
  return !chart || !!document.querySelector('#tracking-graph .main-svg .scatterlayer');
}
if (path === '/') return !!document.querySelector('#overview-cards .indicator-card .sparkline .main-svg, #overview-cards .indicator-card');
if (path === '/claims') return !!document.querySelector('#claims-list .claim-card');
if (path === '/sources') return !!document.querySelector('#sources-table');
if (path === '/changes') return !!document.querySelector('#changes-page');
if (path === '/speeches') return !!document.querySelector('#speeches-body .speech-row');
if (path.startsWith('/speech/')) return !!document.querySelector('#speech-page .claim-card, #not-found');
if (path.startsWith('/claim/')) return !!document.querySelector('#claim-page .claim-card, #not-found');
return !!document.querySelector('#not-found');
"""


def open_page(driver: webdriver.Chrome, base: str, path: str, lang: str, title: str | None = None, chart: bool = False) -> None:
    """The page through the router, as a click would reach it; a full load (and axe) when the session is new."""
    url = path + ("?lang=ru" if lang == "ru" else "")
    fresh = (
        "return !!window.axe && window.location.origin === arguments[0] && (new URLSearchParams(window.location.search).get('lang') "
        "|| 'en') === arguments[1]"
    )
    if not driver.execute_script(fresh, base, lang):  # a new session, or another language: a full load, as the switch does
        driver.get(base + url)
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    else:
        driver.execute_script(GOTO, url)
    wait_for(driver, READY, f"{url} to render", path, title, chart)
    time.sleep(0.3)  # plotly's last relayout after the page settles


def violations(driver: webdriver.Chrome) -> list[dict]:
    return driver.execute_async_script(AXE_RUN, RULES)


def shoot(driver: webdriver.Chrome, name: str, width: int, mobile: bool) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = min(driver.execute_script("return document.documentElement.scrollHeight"), 7000)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}
    )
    time.sleep(0.3)
    path = SHOTS / name
    driver.save_screenshot(str(path))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return path


def pages(assessment) -> list[tuple[str, str, str | None, bool]]:
    """(path, screenshot name, the title the page must show, whether it draws a chart)."""
    out = [
        ("/", "overview", None, False),
        ("/claims", "claims", None, False),
        ("/sources", "sources", None, False),
        ("/changes", "changes", None, False),
        ("/speeches", "speeches", None, False),
        *[(f"/speech/{day}", f"speech-{day}", None, False) for day in sorted({c.said_on for c in assessment.checks.values() if c.said_on})],
        # one claim's page, its verdict by a stand-in (test_public_text and test_claim_page walk every claim's page)
        ("/claim/repeat_crimes_down", "claim", None, False),
        ("/no/such/page", "not_found", None, False),
    ]
    out += [(f"/indicator/{v.id}", v.id, v.indicator.title, v.chartable) for v in assessment]
    return out


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_page_at_1300_px_has_no_accessibility_violation(desktop, app_url: str, frozen_registry, lang: str) -> None:
    from dashboard.engine.assessment import build

    assessment = build(frozen_registry, lang)
    found: dict[str, list[dict]] = {}
    for path, name, title, chart in pages(assessment):
        open_page(desktop, app_url, path, lang, title, chart)
        assert desktop.execute_script("return document.documentElement.lang") == lang
        assert desktop.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{path} scrolls sideways"
        if found_here := violations(desktop):
            found[path] = found_here
        if lang == "en" or path in ("/", "/claims", "/speeches", "/indicator/road_deaths") or path.startswith("/speech/"):
            shoot(desktop, f"{name}{'' if lang == 'en' else '-ru'}.png", 1300, False)
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


# the tile's bottom edge in the page, whatever the scroll position the router left
TILE_BOTTOM = """
const tile = document.querySelector('#headline-status');
return tile ? tile.closest('.tile').getBoundingClientRect().bottom + window.scrollY : null;
"""


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_page_on_a_390_px_phone_reads_without_sideways_scrolling(phone, app_url: str, frozen_registry, lang: str) -> None:
    """No page scrolls sideways and no table hides a column (under 600 px a table is a list of cards); an indicator's
    status tile is on the first screen (844 px)."""
    from dashboard.engine.assessment import build

    found: dict[str, list[dict]] = {}
    for path, name, title, chart in pages(build(frozen_registry, lang)):
        open_page(phone, app_url, path, lang, title, chart)
        wide = phone.execute_script(
            "return Array.from(document.querySelectorAll('body *')).filter(e => { const r = e.getBoundingClientRect();"
            " return r.width > 0 && r.right > window.innerWidth + 1 && !e.closest('.js-plotly-plot'); })"
            ".slice(0, 5).map(e => e.tagName + '.' + e.className)"
        )
        assert not wide and phone.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth"), (
            f"{path} ({lang}) scrolls sideways: {wide}"
        )
        if path.startswith("/indicator/") and (bottom := phone.execute_script(TILE_BOTTOM)) is not None:
            assert bottom <= 844, f"{path} ({lang}): the status tile ends at {bottom:.0f} px, below the first screen"
        checked = path in ("/", "/claims", "/sources", "/speeches", "/indicator/road_deaths", "/indicator/road_death_rate")
        checked = checked or path.startswith(("/speech/", "/claim/"))
        if checked and (found_here := violations(phone)):
            found[path] = found_here
        shoot(phone, f"{name}{'' if lang == 'en' else '-ru'}-390.png", 390, True)
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_the_russian_pages_speak_russian(desktop, app_url: str, frozen_registry) -> None:
    from dashboard.engine.assessment import build

    ru = build(frozen_registry, "ru")
    open_page(desktop, app_url, "/indicator/road_deaths", "ru", ru.views["road_deaths"].indicator.title, True)
    text = desktop.execute_script("return document.querySelector('main').innerText")
    assert "13\u00a0900" in text and "13,900" not in text  # a no-break space groups thousands
    assert ru.views["road_deaths"].indicator.title in text
    ticks = desktop.execute_script("return Array.from(document.querySelectorAll('#tracking-graph .ytick text')).map(t => t.textContent)")
    assert any("\u00a0" in t or " " in t for t in ticks if len(t) > 4), ticks  # the chart's thousands follow the language
