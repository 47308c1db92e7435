"""The chart tools in a real browser: the base year and the tab in the URL, the table, and the SVG, PNG and CSV
downloads from the page itself, each carrying the source-and-licence line (dash_duo, headless Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.engine.vocabulary import PALETTE
from dashboard.web.app import create_app

from .test_app_browser import allow_downloads, browser_present, click, downloaded, no_console_errors, wait_until  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHOOSE = (
    "const s = document.querySelector(arguments[0]); const set = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "
    "'value').set; set.call(s, arguments[1]); s.dispatchEvent(new Event('change', {bubbles: true}));"
)
LAYOUT = "const gd = document.querySelector('#tracking-graph .js-plotly-plot'); return gd && gd.layout && gd.layout.meta;"
TARGET_COLOUR = """
const gd = document.querySelector('#tracking-graph .js-plotly-plot');
const t = gd && gd.data.find(t => t.meta === 'target:' + arguments[0]);
return t && t.marker.color;
"""


def test_base_year_tab_and_target_live_in_the_url_and_every_download_carries_the_credit(
    dash_duo, frozen_path: Path, frozen_registry
) -> None:
    dash_duo.start_server(create_app(frozen_path, poll_interval_ms=60_000))
    folder = allow_downloads(dash_duo)
    dash_duo.wait_for_page(f"{dash_duo.server_url}/indicator/road_deaths")
    dash_duo.wait_for_element("#tracking-graph .main-svg")
    drawn = wait_until(lambda: (dash_duo.driver.execute_script(LAYOUT) or {}).get("indicator"), "the chart's meta")
    credit = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#tracking-graph .annotation-text')).map(e => e.textContent).join(' ')"
    )
    assert "Licence" in credit and f"registry version {frozen_registry.version}" in credit

    dash_duo.driver.execute_script(CHOOSE, "#base-select", "2004")
    wait_until(lambda: "base=2004" in dash_duo.driver.current_url, "the base year in the URL")
    wait_until(lambda: (dash_duo.driver.execute_script(LAYOUT) or {}).get("base") == 2004, "the chart re-based to 2004")
    dash_duo.driver.execute_script(CHOOSE, "#target-select", "strategy_2036")
    wait_until(lambda: "target=strategy_2036" in dash_duo.driver.current_url, "the target in the URL")

    click(dash_duo, "#chart-tabs label:not(.active)")
    wait_until(lambda: "view=table" in dash_duo.driver.current_url, "the table tab in the URL")
    rows = wait_until(
        lambda: dash_duo.driver.execute_script("return document.querySelectorAll('#chart-table tbody tr').length"), "the table"
    )
    assert rows > 10 and "100" in dash_duo.find_element("#chart-table").text

    dash_duo.wait_for_element("#svg-button")
    click(dash_duo, "#svg-button")
    svg = downloaded(folder, "road_deaths_2004_100.svg")
    assert svg.lstrip().startswith(("<?xml", "<svg")) and "Licence" in svg and "index, 2004 = 100" in svg
    click(dash_duo, "#chart-csv-button")
    text = downloaded(folder, "road_deaths_2004_100_chart.csv")
    assert "source_and_licence" in text and "Licence" in text and "index_2004_100" in text
    assert drawn == "road_deaths" and len(text.splitlines()) > 10
    assert frozen_registry.version in svg and frozen_registry.version in text

    # the same address in a fresh page opens the same view: table tab, 2004 = 100, the 2036 target in colour
    dash_duo.wait_for_page(dash_duo.driver.current_url)
    dash_duo.wait_for_element("#chart-table tbody tr")
    assert dash_duo.find_element("#base-select").get_attribute("value") == "2004"
    dash_duo.driver.execute_script(CHOOSE, "#base-select", "published")
    wait_until(lambda: "base=" not in dash_duo.driver.current_url, "the base year gone from the URL")
    click(dash_duo, "#chart-tabs label:not(.active)")
    dash_duo.wait_for_element("#tracking-graph .main-svg")
    wait_until(
        lambda: dash_duo.driver.execute_script(TARGET_COLOUR, "strategy_2036") == PALETTE["vermillion"], "the chosen target in colour"
    )
    assert dash_duo.driver.execute_script(TARGET_COLOUR, "mvd_2030") == PALETTE["grey"]
    no_console_errors(dash_duo)
