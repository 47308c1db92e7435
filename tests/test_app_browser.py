"""The dashboard in a real browser (dash[testing]'s dash_duo, headless Debian Chromium).

These tests never skip: without chromium or chromedriver they fail and say so.
They also write the README screenshots into docs/screenshots/.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from dashboard.app import create_app
from dashboard.frames import build_frames
from dashboard.progress import by_year
from dashboard.registry import RegistryError, load_registry, parse_registry

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "docs" / "screenshots"
SYNTHETIC = Path(__file__).resolve().parent / "fixtures" / "app" / "synthetic.yaml"
CHROMIUM = os.environ.get("DASH_TEST_CHROMEPATH", "/usr/bin/chromium")
PROBLEM_LINE = re.compile(r"^\S+:\d+:\d+: ")

TRACES_JS = """
const gd = document.querySelector('#tracking-graph .js-plotly-plot');
if (!gd || !gd.data) { return null; }
return {
  traces: gd.data.map(t => ({meta: t.meta === undefined ? null : t.meta, name: t.name, x: Array.from(t.x || []), y: Array.from(t.y || [])})),
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
    return dash_duo.driver.execute_script("return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent.trim())", selector)


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


def screenshot(dash_duo, name: str, height: int) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dash_duo.driver.set_window_size(1300, height)
    dash_duo.driver.execute_script("window.scrollTo(0, 0)")
    time.sleep(0.5)  # let plotly finish redrawing after the resize
    path = SCREENSHOTS / name
    dash_duo.driver.save_screenshot(str(path))
    return path


def save(path: Path, text: str) -> None:
    """Save as most editors do, replacing the file at once: the test's own server thread shares this process
    and the GIL, so an in-place write could be caught half-way for longer than the store's settle time."""
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def no_console_errors(dash_duo) -> None:
    errors = dash_duo.get_logs()
    assert errors == [], f"the browser console logged errors: {errors}"


def test_overview_lists_every_indicator_and_road_deaths_shows_target_and_required_path(dash_duo, shipped_path: Path) -> None:
    registry = load_registry(shipped_path)
    frames = build_frames(registry)
    dash_duo.start_server(create_app(shipped_path, poll_interval_ms=500))

    dash_duo.wait_for_element("#overview-cards .indicator-card")
    titles = sorted(texts(dash_duo, ".indicator-card .card-title"))
    assert titles == sorted(i.title for i in registry.indicators)
    charted = [i.id for i in registry.indicators if frames.points[i.id]]
    wait_until(lambda: len(dash_duo.find_elements(".sparkline .main-svg")) >= len(charted), "every sparkline")
    dash_duo.wait_for_element("#progress-graph .main-svg")
    shot = screenshot(dash_duo, "overview.png", 1500)
    assert shot.stat().st_size > 10_000

    # the search narrows the cards down to titles holding every word
    dash_duo.find_element("#title-search").send_keys("road")
    expected = sorted(i.title for i in registry.indicators if "road" in i.title.lower())
    wait_until(lambda: sorted(texts(dash_duo, ".indicator-card .card-title")) == expected, "the search to filter the cards")
    click(dash_duo, "#card-road_deaths .card-title a")

    data = chart(dash_duo)
    assert dash_duo.driver.current_url.endswith("/indicator/road_deaths")
    metas = {t["meta"]: t for t in data["traces"] if t["meta"]}
    ind = registry.indicator("road_deaths")
    for target in ind.targets:
        res = frames.results[("road_deaths", target.id)]
        assert metas[f"target:{target.id}"]["y"] == pytest.approx([res.target_value])
        required = metas[f"required:{target.id}"]
        assert (required["x"][0], required["x"][-1]) == (res.baseline.year, target.year)
        assert (required["y"][0], required["y"][-1]) == pytest.approx((res.baseline.value, res.target_value))
    assert metas["baseline"]["x"] == [ind.baseline.year]
    assert "projected" in metas
    bounded = metas["more"]  # "more than" values are drawn as lower bounds, not points
    assert bounded["x"] == [p.year for p in by_year(frames.points["road_deaths"]).values() if p.qualifier in (">", ">=")]
    assert data["image"] == {"filename": "road_deaths", "scale": 2, "format": "png"}

    folder = allow_downloads(dash_duo)
    click(dash_duo, "#csv-button")
    rows = list(csv.DictReader(io.StringIO(downloaded(folder, "road_deaths.csv"))))
    assert len(rows) == len(frames.points["road_deaths"])
    assert [int(r["year"]) for r in rows] == sorted(p.year for p in frames.points["road_deaths"])
    assert {r["source_url"] for r in rows} <= {s.url for s in registry.sources}

    shot = screenshot(dash_duo, "road_deaths.png", 1500)
    assert shot.stat().st_size > 10_000
    no_console_errors(dash_duo)


def test_edits_show_live_and_a_bad_edit_keeps_the_chart_under_a_banner(dash_duo, registry_copy: Path) -> None:
    dash_duo.start_server(create_app(registry_copy, poll_interval_ms=300, settle_seconds=0.2))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/indicator/road_deaths")
    chart(dash_duo)
    good = registry_copy.read_text(encoding="utf-8")

    edited = good.replace('en: "Road traffic deaths"', 'en: "Road traffic deaths (edited)"', 1)
    assert edited != good
    save(registry_copy, edited)
    dash_duo.wait_for_text_to_equal("#indicator-title", "Road traffic deaths (edited)", timeout=10)

    series = registry_copy.parent / "data" / "road_deaths.csv"
    rows = series.read_text(encoding="utf-8").splitlines()
    last = rows[-1].split(",")
    last[1] = str(int(last[1]) - 500)
    save(series, "\n".join([*rows[:-1], ",".join(last)]) + "\n")
    wait_until(lambda: any(t["y"][-1:] == [float(last[1])] for t in chart(dash_duo)["traces"] if t["meta"] == "more"), "the series edit to reach the chart")

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
    assert dash_duo.driver.execute_script("return window.__injected === undefined")
    assert not dash_duo.driver.execute_script("return document.querySelectorAll('#indicator-body script, #indicator-body img').length")
    chart(dash_duo)

    folder = allow_downloads(dash_duo)
    click(dash_duo, "#csv-button")
    cells = [c for row in csv.reader(io.StringIO(downloaded(folder, "widgets.csv"))) for c in row]
    assert "'=HYPERLINK(\"http://evil\")" in cells and "'@SUM(A1)" in cells and "'+1 more" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]

    dash_duo.wait_for_page(f"{dash_duo.server_url}/indicator/no_such_indicator")
    dash_duo.wait_for_element("#not-found")
    assert dash_duo.driver.execute_script("return window.__injected === undefined")
    no_console_errors(dash_duo)
