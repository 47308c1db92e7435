"""The dashboard in a real browser (dash[testing]'s dash_duo, headless Debian Chromium).

These tests never skip: without chromium or chromedriver they fail and say so.
The screenshots of every page are taken by tests/test_pages_browser.py.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import time
from pathlib import Path

import flask
import pytest

from dashboard.registry import RegistryError, load_registry, parse_registry
from dashboard.web.app import create_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC = Path(__file__).resolve().parent / "fixtures" / "app" / "synthetic.yaml"
CHROMIUM = os.environ.get("DASH_TEST_CHROMEPATH", "/usr/bin/chromium")
PROBLEM_LINE = re.compile(r"^\S+:\d+:\d+: ")

TRACES_JS = """
const gd = document.querySelector('#tracking-graph .js-plotly-plot');
if (!gd || !gd.data) { return null; }
return {
  traces: gd.data.map(t => ({meta: t.meta === undefined ? null : t.meta, name: t.name,
                             x: Array.from(t.x || []), y: Array.from(t.y || [])})),
  title: gd.layout.title.text,
  image: gd._context.toImageButtonOptions,
};
"""


@pytest.fixture(scope="module", autouse=True)
def browser_present() -> None:
    missing = [name for name, found in (("chromium", Path(CHROMIUM).exists()), ("chromedriver", shutil.which("chromedriver"))) if not found]
    if missing:
        pytest.fail(
            f"the browser tests need Debian's {' and '.join(missing)} ({CHROMIUM}, chromedriver on PATH): "
            "run `make chromium` or `apt-get install chromium chromium-driver`",
            pytrace=False,
        )


def wait_until(condition, what: str, timeout: float = 10.0):
    """Poll until `condition()` is truthy; fail naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)


def texts(dash_duo, selector: str) -> list[str]:
    """Texts of every match, read in one go (a re-render between reads cannot leave a stale element)."""
    return dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent.trim())", selector
    )


def click(dash_duo, selector: str) -> None:
    element = dash_duo.find_element(selector)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def chart(dash_duo) -> dict:
    return wait_until(lambda: dash_duo.driver.execute_script(TRACES_JS), "the tracking chart")


def allow_downloads(dash_duo) -> Path:
    folder = Path(dash_duo.download_path)
    dash_duo.driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    return folder


def downloaded(folder: Path, name: str) -> str:
    path = folder / name
    wait_until(lambda: path.is_file() and path.stat().st_size > 0 and not list(folder.glob("*.crdownload")), f"the download {name}")
    return path.read_text(encoding="utf-8")


def save(path: Path, text: str) -> None:
    """Save as most editors do, replacing the file at once: the test's own server thread shares this process
    and the GIL, so an in-place write could be caught half-way for longer than the store's settle time."""
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def no_console_errors(dash_duo, *not_found: str) -> None:
    """No error in the console, except the 404 status a page sends on purpose for an address that names nothing."""
    errors = [
        e
        for e in dash_duo.get_logs()
        if not any(
            e["message"].startswith(f"{dash_duo.server_url.replace('127.0.0.1', 'localhost')}{p} ")
            or e["message"].startswith(f"{dash_duo.server_url}{p} ")
            for p in not_found
        )
    ]
    assert errors == [], f"the browser console logged errors: {errors}"


def fetch(dash_duo, path: str) -> tuple[int, str]:
    """An address of the app fetched over HTTP, as curl or a link would (the page's own server)."""
    import urllib.request

    try:
        with urllib.request.urlopen(dash_duo.server_url + path, timeout=10) as reply:
            return reply.status, reply.read().decode("utf-8-sig")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def card_ids(dash_duo) -> list[str]:
    return dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#overview-cards .indicator-card, #overview-cards .no-data-item'))"
        ".map(c => c.id.replace(/^(card|nodata)-/, ''))"
    )


def test_overview_search_then_a_card_then_the_chart_and_its_csv(dash_duo, frozen_path: Path, frozen_assessment) -> None:
    dash_duo.start_server(create_app(frozen_path, poll_interval_ms=500))
    dash_duo.wait_for_element("#overview-cards .indicator-card")
    views = list(frozen_assessment)
    with_data = sum(1 for v in views if v.latest is not None)
    # a page of cards, the rest behind "Next"; on the last page, one row lists those without data
    assert len(card_ids(dash_duo)) == min(with_data, 30) + (len(views) - with_data if with_data <= 30 else 0)
    dash_duo.wait_for_element("#progress-graph .main-svg")

    # the search matches words of titles, descriptions, units and areas: "cybercrime" finds "Registered IT crimes"
    dash_duo.find_element("#title-search").send_keys("cybercrime")
    wait_until(
        lambda: "it_crimes_registered" in card_ids(dash_duo) and "road_deaths" not in card_ids(dash_duo), "the search to filter the cards"
    )
    assert "q=cybercrime" in dash_duo.driver.current_url  # the view lives in the URL
    dash_duo.find_element("#title-search").clear()
    dash_duo.find_element("#title-search").send_keys("road")
    wait_until(lambda: set(card_ids(dash_duo)) == {"road_deaths", "road_death_rate"}, "the road indicators")
    click(dash_duo, "#card-road_deaths .card-title a")

    data = chart(dash_duo)
    assert dash_duo.driver.current_url.split("?")[0].endswith("/indicator/road_deaths")
    view = frozen_assessment.views["road_deaths"]
    metas = {t["meta"]: t for t in data["traces"] if t["meta"]}
    drawn = {tid: t for m, t in metas.items() if m.startswith("target:") for tid in m.removeprefix("target:").split(",")}
    assert set(drawn) == {t.target.id for t in view.targets}
    for tv in view.targets:
        res = tv.result
        assert drawn[tv.target.id]["y"][0] == pytest.approx(res.target_value, rel=0.01)  # targets close together share one marker
        required = metas[f"required:{tv.target.id}"]
        assert (required["x"][0], required["x"][-1]) == (res.baseline.year, tv.target.year)
    assert metas["baseline"]["x"] == [view.indicator.baseline.year]
    more = [p.year for p in view.yearly.values() if p.qualifier in (">", ">=")]
    assert metas["more"]["x"] == more and "error_y" not in metas["more"]  # a bound is a marker, not a bar
    assert data["image"] == {"filename": "road_deaths", "scale": 2, "format": "png"}

    href = dash_duo.wait_for_element("#csv-link").get_attribute("href")  # below the chart: it comes once the chart is drawn
    assert href.endswith("/indicator/road_deaths.csv")
    status, text = fetch(dash_duo, "/indicator/road_deaths.csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert status == 200 and len(rows) == len([p for p in view.points if not p.derived])
    assert {int(r["year"]) for r in rows} == {p.year for p in view.points}
    no_console_errors(dash_duo)


# the order in which the chart and the data table below it first appear, from before the page's own scripts run
ORDER_JS = """
window.__order = [];
new MutationObserver(() => {
  for (const [name, selector] of [["chart", "#tracking-graph .main-svg"], ["data", "#indicator-details #data-table"]]) {
    if (!window.__order.includes(name) && document.querySelector(selector)) { window.__order.push(name); }
  }
}).observe(document, {childList: true, subtree: true});
"""


GOTO = "window.history.pushState({}, '', arguments[0]); window.dispatchEvent(new PopStateEvent('popstate'));"
CSV_HREF = "const a = document.querySelector('#indicator-chart-extras #csv-link'); return a && a.getAttribute('href');"


def test_an_indicator_page_draws_its_chart_before_the_tables_below_it(dash_duo, frozen_path: Path) -> None:
    """The part below the chart is asked for once the chart is drawn, or at once on a page without a chart."""
    dash_duo.start_server(create_app(frozen_path, poll_interval_ms=60_000))
    dash_duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ORDER_JS})
    order = lambda: dash_duo.driver.execute_script("return window.__order")  # noqa: E731
    dash_duo.wait_for_page(f"{dash_duo.server_url}/indicator/road_deaths")
    wait_until(lambda: len(order()) == 2, "the chart and the data table")
    assert order() == ["chart", "data"]  # plotly.js from the test's own server draws well within the page's 2 s wait
    dash_duo.wait_for_element("#indicator-chart-extras #csv-link")
    dash_duo.wait_for_page(f"{dash_duo.server_url}/indicator/murders")  # no value to chart: nothing to wait for
    wait_until(lambda: order() == ["data"], "the data table of a page without a chart")
    assert dash_duo.find_element("#no-values").is_displayed() and not dash_duo.find_elements("#tracking-graph")
    no_console_errors(dash_duo)

    # plotly.js never arrives: the details come all the same, after the page's 2 s wait for the chart, not before
    dash_duo.driver.execute_cdp_cmd("Network.enable", {})
    dash_duo.driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    dash_duo.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*plotly*.js"]})
    dash_duo.wait_for_page(f"{dash_duo.server_url}/indicator/road_deaths")
    dash_duo.wait_for_element("#indicator-title")
    time.sleep(1.0)
    assert order() == [], "the details did not wait for the chart"
    place = dash_duo.driver.execute_script("return document.querySelector('#chart-summary').parentElement.getBoundingClientRect().height")
    assert place >= 560, "the chart's place is kept while plotly.js is on its way: nothing below it jumps when it comes"
    wait_until(lambda: order() == ["data"], "the details without a chart")

    # the reader goes on while a page's chart is still awaited: that page's wait must not fill the next page in
    dash_duo.wait_for_page(f"{dash_duo.server_url}/indicator/road_deaths")
    dash_duo.wait_for_element("#indicator-title")
    dash_duo.driver.execute_script(GOTO, "/indicator/murders")  # a link followed inside the app
    wait_until(lambda: "/indicator/murders.csv" in (dash_duo.driver.execute_script(CSV_HREF) or ""), "the next page's own details")
    time.sleep(2.5)  # past the first page's 2 s wait
    assert dash_duo.driver.execute_script(CSV_HREF).endswith("/indicator/murders.csv")
    dash_duo.get_logs()  # the blocked script's own error, on purpose


def test_every_view_state_lives_in_the_url(dash_duo, frozen_path: Path) -> None:
    """Set a state, open its URL in a fresh session, see the same state; back and forward walk through the states."""
    dash_duo.start_server(create_app(frozen_path, poll_interval_ms=60_000))
    base = dash_duo.server_url
    dash_duo.wait_for_page(f"{base}/")
    dash_duo.wait_for_element("#overview-cards .indicator-card")
    dash_duo.driver.execute_script(
        "const s = document.querySelector('#area-filter'); const set = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "
        "'value').set;"
        "set.call(s, 'road_safety'); s.dispatchEvent(new Event('change', {bubbles: true}));"
    )
    wait_until(lambda: "area=road_safety" in dash_duo.driver.current_url, "the area filter in the URL")
    wait_until(lambda: set(card_ids(dash_duo)) == {"road_deaths", "road_death_rate"}, "the area's cards")
    overview_url = dash_duo.driver.current_url

    dash_duo.wait_for_page(f"{base}/claims?speech=2026-03-04&verdict=consistent")
    dash_duo.wait_for_element("#claims-list .claim-card")
    assert dash_duo.find_element("#speech-filter").get_attribute("value") == "2026-03-04"
    shown = texts(dash_duo, "#claims-list .speech-group h2")  # the scorecard above the list has its own heading
    assert len(shown) == 1 and "2026" in shown[0]

    dash_duo.wait_for_page(f"{base}/indicator/road_deaths?target=strategy_2036&method=escap")
    dash_duo.wait_for_element("#headline-status")
    assert (
        "ESCAP" in dash_duo.find_element("#indicator-tiles").text
        and "2036" in dash_duo.find_element("#headline-status").find_element("xpath", "..").text
    )

    dash_duo.driver.back()
    wait_until(
        lambda: "/claims" in dash_duo.driver.current_url and dash_duo.find_elements("#claims-list .claim-card"), "back to the claims"
    )
    dash_duo.driver.back()
    wait_until(
        lambda: dash_duo.driver.current_url == overview_url and set(card_ids(dash_duo)) == {"road_deaths", "road_death_rate"},
        "back to the filtered overview",
    )

    # a fresh browser session opening the overview's URL sees the same filter
    dash_duo.driver.delete_all_cookies()
    dash_duo.driver.execute_script("window.localStorage.clear(); window.sessionStorage.clear();")
    dash_duo.wait_for_page(overview_url)
    wait_until(lambda: set(card_ids(dash_duo)) == {"road_deaths", "road_death_rate"}, "the filtered overview after reopening its URL")
    assert dash_duo.find_element("#area-filter").get_attribute("value") == "road_safety"

    dash_duo.wait_for_page(f"{base}/?lang=ru")
    dash_duo.wait_for_element("#overview-cards .indicator-card")
    assert dash_duo.driver.execute_script("return document.documentElement.lang") == "ru"
    no_console_errors(dash_duo)


LAYOUT_REQUESTS = "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/_dash-layout'))"
FIRST_REQUESTS = (
    "return performance.getEntriesByType('resource').map(e => e.name)"
    ".filter(n => n.includes('/_dash-layout') || n.includes('/_dash-dependencies'))"
)


def test_the_first_layout_comes_with_the_page_else_its_request_names_the_page(dash_duo, frozen_path: Path, monkeypatch) -> None:
    """The page carries its first layout and the callback list (first_page): the renderer asks the server for
    neither. Should the layout not be in the page, the layout request carries the page's address, except when
    that would make a request line longer than servers take: then Dash's router draws the page."""
    from urllib.parse import quote

    app = create_app(frozen_path, poll_interval_ms=60_000)
    dash_duo.start_server(app)
    base = dash_duo.server_url
    query = "дорожно-транспортные " * 20  # 420 letters: over 2,000 characters once encoded twice

    def overview_with_the_long_search() -> None:
        dash_duo.wait_for_page(f"{base}/?q={quote(query)}")
        wait_until(
            lambda: dash_duo.find_elements("#title-search") and dash_duo.find_element("#title-search").get_attribute("value") == query,
            "the overview with the long search in its box",
        )

    dash_duo.wait_for_page(f"{base}/indicator/road_deaths?method=escap")
    chart(dash_duo)
    assert "ESCAP" in dash_duo.find_element("#indicator-tiles").text
    assert dash_duo.driver.execute_script(FIRST_REQUESTS) == []
    overview_with_the_long_search()
    assert dash_duo.driver.execute_script(FIRST_REQUESTS) == []

    serve_layout = app.serve_layout

    def only_on_request():  # the page's own copy fails; the layout request works
        if not flask.request.path.endswith("/_dash-layout"):
            raise RuntimeError("not in the page")
        return serve_layout()

    monkeypatch.setattr(app, "serve_layout", only_on_request)
    dash_duo.wait_for_page(f"{base}/indicator/road_deaths?method=escap")
    chart(dash_duo)
    assert "ESCAP" in dash_duo.find_element("#indicator-tiles").text
    assert [n.split("/_dash-layout", 1)[1] for n in dash_duo.driver.execute_script(LAYOUT_REQUESTS)] == [
        "?page_path=%2Findicator%2Froad_deaths&page_search=%3Fmethod%3Descap"
    ]
    overview_with_the_long_search()
    assert [n.split("/_dash-layout", 1)[1] for n in dash_duo.driver.execute_script(LAYOUT_REQUESTS)] == [""]
    no_console_errors(dash_duo)


def test_the_overview_works_from_the_keyboard(dash_duo, frozen_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    dash_duo.start_server(create_app(frozen_path, poll_interval_ms=60_000))
    dash_duo.wait_for_element("#overview-cards .indicator-card")
    body = dash_duo.find_element("body")
    body.send_keys(Keys.TAB)  # the first stop is the skip link
    assert dash_duo.driver.switch_to.active_element.get_attribute("href").endswith("#content")
    for _ in range(40):
        if dash_duo.driver.switch_to.active_element.get_attribute("id") == "title-search":
            break
        dash_duo.driver.switch_to.active_element.send_keys(Keys.TAB)
    assert dash_duo.driver.switch_to.active_element.get_attribute("id") == "title-search", "the search is reachable by Tab"
    dash_duo.driver.switch_to.active_element.send_keys("road death rate")
    wait_until(lambda: card_ids(dash_duo) == ["road_death_rate"], "the search typed from the keyboard")
    link = dash_duo.find_element("#card-road_death_rate .card-title a")
    link.send_keys(Keys.ENTER)
    wait_until(lambda: "/indicator/road_death_rate" in dash_duo.driver.current_url, "Enter on a card's link")
    dash_duo.wait_for_element("#indicator-title")


# whether the indicator page's data table ever went missing from now on
EMPTIED_JS = """
window.__emptied = false;
new MutationObserver(() => {
  if (!document.querySelector('#indicator-details #data-table')) { window.__emptied = true; }
}).observe(document.body, {childList: true, subtree: true});
"""


def test_edits_show_live_and_a_bad_edit_keeps_the_chart_under_a_banner(dash_duo, registry_copy: Path) -> None:
    dash_duo.start_server(create_app(registry_copy, poll_interval_ms=300, settle_seconds=0.2))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/indicator/road_deaths")
    chart(dash_duo)
    good = registry_copy.read_text(encoding="utf-8")

    dash_duo.wait_for_element("#indicator-details #data-table")
    dash_duo.driver.execute_script(EMPTIED_JS)
    edited = good.replace('en: "Road traffic deaths"', 'en: "Road traffic deaths (edited)"', 1)
    assert edited != good
    save(registry_copy, edited)
    dash_duo.wait_for_text_to_equal("#indicator-title", "Road traffic deaths (edited)", timeout=10)
    # the reload sends the whole body: the part below the chart comes with the new title, never empty in between
    assert dash_duo.find_elements("#indicator-details #data-table") and dash_duo.find_elements("#indicator-chart-extras #csv-link")
    assert not dash_duo.driver.execute_script("return window.__emptied"), "the data table went away while the page reloaded"

    series = registry_copy.parent / "data" / "road_deaths.csv"
    rows = series.read_text(encoding="utf-8").splitlines()
    last = rows[-1].split(",")
    last[1] = str(int(last[1]) - 500)
    save(series, "\n".join([*rows[:-1], ",".join(last)]) + "\n")
    wait_until(
        lambda: any(t["y"][-1:] == [float(last[1])] for t in chart(dash_duo)["traces"] if t["meta"] == "more"),
        "the series edit to reach the chart",
    )

    bad = edited.replace("source: tver\n", "source: tver_typo\n", 1)
    assert bad != edited
    with pytest.raises(RegistryError) as problems:
        parse_registry(bad.encode(), registry_copy.name, registry_copy.parent)
    save(registry_copy, bad)
    dash_duo.wait_for_element("#registry-problems", timeout=10)
    listed = texts(dash_duo, "#registry-problems li")
    assert listed == [str(p) for p in problems.value.problems]
    assert all(PROBLEM_LINE.match(line) for line in listed)
    assert dash_duo.find_element("#indicator-title").text == "Road traffic deaths (edited)"
    assert chart(dash_duo)["traces"], "the chart must stay while the registry is broken"
    assert dash_duo.find_elements("#indicator-details #data-table"), "the part below the chart must stay too"

    save(registry_copy, edited)
    dash_duo.wait_for_no_elements("#registry-problems", timeout=10)
    no_console_errors(dash_duo)


def test_registry_text_with_markup_is_shown_as_text(dash_duo, tmp_path: Path) -> None:
    path = tmp_path / "indicators.yaml"
    shutil.copy(SYNTHETIC, path)
    registry = load_registry(path)
    ind = registry.indicator("widgets")
    assert "<script>" in ind.title
    dash_duo.start_server(create_app(path, poll_interval_ms=1000))

    dash_duo.wait_for_page(f"{dash_duo.server_url}/indicator/widgets")
    dash_duo.wait_for_text_to_equal("#indicator-title", ind.title)
    assert dash_duo.find_element("#indicator-description").text == ind.description
    dash_duo.wait_for_element("#indicator-details #data-table")  # the part below the chart, where most registry text is
    dash_duo.wait_for_element("#indicator-chart-extras #share")
    assert dash_duo.driver.execute_script("return window.__injected === undefined")
    assert not dash_duo.driver.execute_script("return document.querySelectorAll('#indicator-body script, #indicator-body img').length")
    chart(dash_duo)

    status, text = fetch(dash_duo, "/indicator/widgets.csv")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert status == 200 and '\'=HYPERLINK("http://evil")' in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]

    dash_duo.wait_for_page(f"{dash_duo.server_url}/indicator/no_such_indicator")
    dash_duo.wait_for_element("#not-found")
    assert dash_duo.driver.execute_script("return window.__injected === undefined")
    no_console_errors(dash_duo, "/indicator/no_such_indicator")
