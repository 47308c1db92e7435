"""The indicator page's chart tools without a browser: tabs, the base year in the URL, the chart's table and CSV,
PNG and SVG downloads as the page shows the chart, the key and the narrow-screen chart. Frozen registry."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from dash import no_update
from dash.exceptions import PreventUpdate

from dashboard.engine.rebase import base_years
from dashboard.i18n import use_language
from dashboard.web import callbacks, ids
from dashboard.web.pages import indicator, indicator_chart
from dashboard.web.store import RegistryStore, State

from .test_app_callbacks import find, strings, walk

CHARTS = ["road_deaths", "road_death_rate", "juvenile_crimes", "cybercrime_solve_rate", "it_crimes_registered"]


@pytest.fixture(scope="module")
def state(frozen_path: Path) -> State:
    return RegistryStore(frozen_path).state()


class Exporter:
    def __init__(self) -> None:
        self.asked: list[tuple] = []

    def render(self, assessment: Any, indicator_id: str, fmt: str = "png", **options: Any) -> bytes:
        self.asked.append((indicator_id, fmt, options))
        return b"<svg/>" if fmt == "svg" else b"\x89PNG"


def _csv(data: dict) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data["content"].lstrip("\ufeff"))))


def _table_rows(tree: Any) -> list:
    return [c for c in walk(tree) if type(c).__name__ == "Tr"][1:]


def _no_table(tree: Any) -> bool:
    return not [c for c in walk(tree) if type(c).__name__ in ("Table", "Tr")]


@pytest.mark.parametrize("indicator_id", CHARTS)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_chart_has_tabs_a_base_choice_a_key_and_a_table_of_its_own_years(state: State, indicator_id: str, lang: str) -> None:
    with use_language(lang):
        page = indicator.body(state, indicator_id)
        view = state.snapshot.localized().views[indicator_id]
        tabs = find(page, ids.CHART_TABS)
        assert [o["value"] for o in tabs.options] == ["chart", "table"] and tabs.value == "chart"
        assert find(page, ids.CHART_PANE).hidden is False and find(page, ids.TABLE_PANE).hidden is True
        choice = find(page, ids.BASE_SELECT)
        assert [o["value"] for o in choice.options] == [indicator_chart.PUBLISHED, *map(str, base_years(view))]
        # the hidden Table tab holds a line until the details callback, after the chart, sends the table
        assert _no_table(find(page, ids.CHART_TABLE))
        _extras, _rest, table = callbacks.details_view(state, indicator_id)
        rows = _table_rows(table)
        assert [r.children[0].children for r in rows] == [str(y) for y in view.yearly]
        said = " ".join(strings(table))
        assert state.snapshot.version in said and ("Licence" in said or "Лицензия" in said)
        fig = find(page, "tracking-graph").figure
        assert fig["layout"]["showlegend"] is False  # the key is HTML, under the chart
        credit = [a for a in fig["layout"]["annotations"] if a.get("name") == "credit"]
        assert len(credit) == 1 and state.snapshot.version in credit[0]["text"].replace("<br>", " ")
        key = find(page, ids.CHART_KEY)
        assert key.open is True and len(key.children[1].children) >= 1


@pytest.mark.parametrize(
    ("query", "tab", "base"),
    [("?base=2014&view=table", "table", "2014"), ("?base=1999", "chart", indicator_chart.PUBLISHED), ("?view=nope", "chart", None)],
)
def test_the_view_state_comes_from_the_url(state: State, query: str, tab: str, base: str | None) -> None:
    params = indicator_chart.query_of(query)
    page = indicator.body(state, "road_deaths", base=params.get("base"), tab=params.get("view"))
    assert find(page, ids.CHART_TABS).value == tab and find(page, ids.TABLE_PANE).hidden is (tab != "table")
    assert find(page, ids.BASE_SELECT).value == (base or indicator_chart.PUBLISHED)
    fig = find(page, "tracking-graph").figure
    assert fig["layout"]["meta"].get("base") == (int(base) if base and base.isdigit() else None)


@pytest.mark.parametrize(
    ("tab", "base", "first", "header"),
    [
        (None, None, False, ["Year", "Value", "Source"]),
        ("chart", "2014", False, ["Year", "Value", "Relative to 2014 (= 100)", "Source"]),
        ("table", None, True, ["Year", "Value", "Source"]),
        ("table", "2014", True, ["Year", "Value", "Relative to 2014 (= 100)", "Source"]),
    ],
)
def test_the_chart_s_table_comes_after_the_chart_unless_the_page_opens_on_it(state: State, tab, base, first: bool, header) -> None:
    """The first answer holds the Table tab's rows only when that tab is open; the details callback sends them for
    the reader's base year either way, and the whole page (no second request) has them at once."""
    view = state.snapshot.localized().views["road_deaths"]
    page = indicator.body(state, "road_deaths", base=base, tab=tab)
    shown = find(page, ids.CHART_TABLE)
    assert len(_table_rows(shown)) == len(view.yearly) if first else _no_table(shown) and "The table follows the chart." in strings(shown)
    _extras, _rest, table = callbacks.details_view(state, "road_deaths", "", None, base)
    assert [c.children for c in walk(table) if type(c).__name__ == "Th"] == header
    assert [r.children[0].children for r in _table_rows(table)] == [str(y) for y in view.yearly]
    whole = indicator.body(state, "road_deaths", base=base, tab=tab, details=True)
    assert len(_table_rows(find(whole, ids.CHART_TABLE))) == len(view.yearly)


def test_a_page_without_a_chart_keeps_the_table_s_place_so_that_its_details_callback_runs(state: State) -> None:
    page = indicator.body(state, "murders")  # no full-year level: nothing to chart
    assert find(page, "no-values") is not None and find(page, ids.CHART_TABLE).hidden is True
    assert callbacks.details_view(state, "murders")[2] is no_update


@pytest.mark.parametrize(
    ("synced", "chart", "search", "expected"),
    [
        (None, None, "?target=mvd_2030&base=2004&view=table", ("mvd_2030", "2004", "table")),
        ("?target=strategy_2036", None, "?target=mvd_2030&base=2004", ("strategy_2036", "2004", None)),
        (None, "?base=2014", "?base=2004&target=mvd_2030", ("mvd_2030", "2014", None)),
        ("", "", "?target=x&base=2004", (None, None, None)),  # each control cleared its key: the opened address no longer counts
        (None, None, None, (None, None, None)),
    ],
)
def test_the_chart_reads_each_key_from_the_store_its_control_writes(synced, chart, search, expected) -> None:
    assert callbacks.chart_query(synced, chart, search) == expected


@pytest.mark.parametrize("indicator_id", CHARTS)
@pytest.mark.parametrize("base", [None, "2004", "2014", "2024", "1999", "../x"])
def test_the_chart_csv_is_the_chart_s_years_each_row_with_the_source_and_licence_line(state: State, indicator_id: str, base) -> None:
    view = state.snapshot.assessment.views[indicator_id]
    data, message = callbacks.chart_csv_view(state, indicator_id, None, base)
    rows = _csv(data)
    assert [int(r["year"]) for r in rows] == list(view.yearly)
    assert all(state.snapshot.version in r["source_and_licence"] and "Licence" in r["source_and_licence"] for r in rows)
    used = base if base in map(str, base_years(view)) else None
    column = f"index_{used}_100"
    assert (column in rows[0]) == bool(used)
    if used:
        assert float(next(r for r in rows if r["year"] == used)[column]) == pytest.approx(100)
    assert data["filename"].endswith("_chart.csv") and data["filename"] in message


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
@pytest.mark.parametrize(("target", "base"), [(None, None), ("mvd_2030", "2014"), ("nope", "1999")])
def test_png_and_svg_downloads_are_the_chart_as_the_page_shows_it(state: State, fmt: str, target, base) -> None:
    exporter = Exporter()
    data, message = callbacks.png_view(state, "road_deaths", exporter, 1, fmt, target, base)
    asked_fmt = fmt if fmt in ("png", "svg") else "png"
    (asked,) = exporter.asked
    view = state.snapshot.localized().views["road_deaths"]
    assert asked[1] == asked_fmt
    assert asked[2] == {
        "chosen": target if view.target(target or "") else view.headline.target.id,
        "base": 2014 if base == "2014" else None,
    }
    assert data["filename"].endswith("." + asked_fmt) and data["type"] == callbacks.IMAGE_TYPES[asked_fmt]
    assert data["filename"] in message


def test_no_download_for_an_indicator_without_values_or_unknown(state: State) -> None:
    empty = next(v.id for v in state.snapshot.assessment if not v.chartable)
    for indicator_id in (empty, "no_such_indicator"):
        assert callbacks.chart_csv_view(state, indicator_id)[0] is no_update
        assert callbacks.png_view(state, indicator_id, Exporter(), 1, "svg")[0] is no_update
    with pytest.raises(PreventUpdate):
        callbacks.chart_view(state, empty, None, None)


def test_a_narrow_screen_gets_smaller_marks_and_a_folded_key(state: State) -> None:
    wide, _table, wide_key = callbacks.chart_view(state, "road_deaths", None, None, False)
    narrow, _table, narrow_key = callbacks.chart_view(state, "road_deaths", None, None, True)
    assert wide_key.open is True and narrow_key.open is False
    sizes = {t["meta"]: t["marker"]["size"] for t in wide["data"] if t.get("marker", {}).get("size")}
    small = {t["meta"]: t["marker"]["size"] for t in narrow["data"] if t.get("marker", {}).get("size")}
    assert sizes.keys() == small.keys() and all(small[m] <= sizes[m] for m in sizes)
    assert any(small[m] < sizes[m] for m in sizes if m in ("exact", "approx", "more"))


def test_the_key_names_every_kind_of_mark_and_every_target(state: State) -> None:
    _fig, _table, key = callbacks.chart_view(state, "road_deaths", None, None)
    said = " ".join(strings(key))
    view = state.snapshot.assessment.views["road_deaths"]
    assert "Reported value" in said and "About (range shown)" in said
    assert all(tv.name in said for tv in view.targets if tv.result.target_value is not None)
