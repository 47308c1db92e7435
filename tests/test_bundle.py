"""The partial plotly.js bundle the pages and embeds load holds every trace type the app draws (web/bundle.py).

The figures come from the frozen registry, as the app serves them: every page's layout (Dash's first
request names the page, first_page), what the indicator page's second request adds below its chart, and
every embed, in both languages, and the figure builders themselves. The bundle's trace types are read
from the shipped file, never from a list kept here.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import brotli
import plotly
import pytest
from plotly.offline import get_plotlyjs_version

from benchmarks.wire import details_payload
from dashboard.engine.assessment import localize
from dashboard.i18n import LANGUAGES, use_language
from dashboard.outputs import figures
from dashboard.outputs.share import bare_figure
from dashboard.web import bundle
from dashboard.web.app import create_app

FULL = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def trace_types_in(value: Any) -> set[str]:
    """Every trace type of every plotly figure (a dict with a `data` list of traces) anywhere inside a JSON value."""
    found: set[str] = set()
    if isinstance(value, dict):
        data = value.get("data")
        if isinstance(data, list) and data and all(isinstance(t, dict) for t in data) and "layout" in value:
            found |= {t.get("type", "scatter") for t in data}  # plotly.js draws a trace without a type as scatter
        for item in value.values():
            found |= trace_types_in(item)
    elif isinstance(value, list):
        for item in value:
            found |= trace_types_in(item)
    return found


@pytest.fixture(scope="module")
def client(frozen_path):
    return create_app(frozen_path, settle_seconds=0).server.test_client()


def _pages(frozen_registry, frozen_assessment) -> list[tuple[str, str]]:
    days = sorted({c.said_on for c in frozen_assessment.checks.values() if c.said_on})
    paths = ["/", "/claims", "/sources", "/speeches", "/changes", *(f"/speech/{d}" for d in days)]
    paths += [f"/indicator/{i.id}" for i in frozen_registry.indicators]
    pages = [(p, f"?lang={lang}") for p in paths for lang in LANGUAGES]
    return pages + [("/", "?page=2"), ("/", "?page=2&lang=ru")]


def test_every_figure_the_pages_and_embeds_draw_uses_only_the_bundles_traces(client, frozen_registry, frozen_assessment) -> None:
    used: dict[str, set[str]] = {}
    for path, search in _pages(frozen_registry, frozen_assessment):
        reply = client.get("/_dash-layout", query_string={"page_path": path, "page_search": search})
        assert reply.status_code == 200
        used[path + search] = trace_types_in(reply.get_json())
        below = details_payload(path, search)
        if below is not None:  # the indicator page's second step: what goes below its chart
            reply = client.post("/_dash-update-component", json=below)
            assert reply.status_code == 200
            used[path + search + " (below the chart)"] = trace_types_in(reply.get_json())
    for ind in frozen_registry.indicators:
        for lang in LANGUAGES:
            page = client.get(f"/embed/{ind.id}?lang={lang}").get_data(as_text=True)
            [blob] = re.findall(r'<script type="application/json" id="figure">(.*?)</script>', page, re.S)
            used[f"/embed/{ind.id}?lang={lang}"] = trace_types_in(json.loads(blob))
    assert used["/?lang=en"] and used["/indicator/road_deaths?lang=ru"] and used["/embed/road_deaths?lang=en"]  # the walk finds figures
    outside = {where: sorted(kinds - bundle.bundle_traces()) for where, kinds in used.items() if kinds - bundle.bundle_traces()}
    assert not outside, f"trace types the shipped bundle {bundle.FILE} lacks: {outside}"


def test_every_figure_builder_uses_only_the_bundles_traces(frozen_assessment) -> None:
    used: set[str] = set()
    for lang in LANGUAGES:
        with use_language(lang):
            assessment = localize(frozen_assessment, lang)
            views = assessment.views
            for view in views.values():
                used |= trace_types_in(figures.tracking_figure(assessment.registry, view).to_plotly_json())
                used |= trace_types_in(bare_figure(assessment.registry, view).to_plotly_json())
                used |= trace_types_in(figures.sparkline(view).to_plotly_json())
            used |= trace_types_in(figures.progress_overview(list(views.values())).to_plotly_json())
    assert {"scatter", "bar"} <= used
    assert used <= bundle.bundle_traces(), f"outside {bundle.FILE}: {sorted(used - bundle.bundle_traces())}"


@pytest.mark.parametrize(
    ("figure", "outside"),
    [
        ({"data": [{"type": "scatter"}, {"type": "bar"}], "layout": {}}, set()),
        ({"data": [{"y": [1]}], "layout": {}}, set()),  # no type: scatter
        ({"props": {"figure": {"data": [{"type": "heatmap"}], "layout": {}}}}, {"heatmap"}),
        ([{"figure": {"data": [{"type": "scatter3d"}, {"type": "pie"}], "layout": {}}}], {"scatter3d"}),
    ],
)
def test_the_check_finds_a_trace_type_outside_the_bundle(figure: Any, outside: set[str]) -> None:
    assert trace_types_in(figure) - bundle.bundle_traces() == outside


def test_the_traces_are_read_from_the_file_and_the_full_bundle_has_more() -> None:
    basic, full = bundle.bundle_traces(), bundle.trace_types(FULL)
    assert {"scatter", "bar", "pie"} == basic
    assert basic < full and {"heatmap", "scatter3d", "choropleth"} <= full


def test_the_bundle_is_the_plotly_js_the_plotly_package_ships_and_keeps_its_licence() -> None:
    assert bundle.bundle_version() == get_plotlyjs_version()
    assert f"plotly-basic-{get_plotlyjs_version()}.min.js" == bundle.FILE
    licence = bundle.PATH.with_name(bundle.FILE.replace(".min.js", ".LICENSE.txt")).read_text(encoding="utf-8")
    assert licence.startswith("MIT License")


def test_a_file_without_the_header_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "x.js"
    other.write_text("/** not plotly */", encoding="utf-8")
    with pytest.raises(ValueError, match="no plotly.js basic header"):
        bundle.bundle_version(other)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_the_bundle_is_served_fingerprinted_compressed_once_at_the_stronger_level(client, encoding: str) -> None:
    page = client.get("/indicator/road_deaths").get_data(as_text=True)
    [url] = set(re.findall(r'"(/assets/plotly-basic-[0-9.]+\.min\.js\?m=\d+)"', page))
    first = client.get(url, headers={"Accept-Encoding": encoding})
    assert first.headers["Content-Encoding"] == encoding and first.cache_control.max_age == 365 * 24 * 3600
    raw = bundle.PATH.read_bytes()
    assert (brotli.decompress if encoding == "br" else gzip.decompress)(first.data) == raw
    per_request = brotli.compress(raw, quality=4) if encoding == "br" else gzip.compress(raw, 6)
    assert len(first.data) < len(per_request) if encoding == "br" else len(first.data) <= len(per_request)
    assert client.get(url, headers={"Accept-Encoding": encoding}).data == first.data


def test_the_compressed_copies_are_bounded() -> None:
    from dashboard.web.static import StaticCompressor

    kept = StaticCompressor(max_entries=3)
    for i in range(5):
        assert gzip.decompress(kept.body("gzip", f"/assets/app.css?m={i}", b"x" * 1000)) == b"x" * 1000
    assert len(kept) == 3
