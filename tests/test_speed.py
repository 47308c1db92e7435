"""Speed plumbing that must keep working: the idle browser closes, responses are compressed and cached,
plotly.js is loaded with the page, `import dashboard.registry` leaves pandas out. No timing is asserted."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from dashboard.outputs.export import batch, renderer
from dashboard.web.png import PngExporter

from .conftest import FROZEN

ROOT = Path(__file__).resolve().parent.parent


class FakeRenderer:
    made: list[FakeRenderer] = []

    def __init__(self) -> None:
        self.closed = threading.Event()
        FakeRenderer.made.append(self)

    def close(self) -> None:
        self.closed.set()


@pytest.fixture
def fake_chromium(monkeypatch: pytest.MonkeyPatch) -> type[FakeRenderer]:
    FakeRenderer.made = []
    monkeypatch.setattr(renderer, "Renderer", FakeRenderer)
    monkeypatch.setattr(batch, "render_indicator", lambda *a, **k: b"\x89PNG")
    return FakeRenderer


def test_the_browser_closes_after_an_idle_period_and_starts_again_on_the_next_request(fake_chromium: type[FakeRenderer]) -> None:
    exporter = PngExporter(idle_seconds=0.2)
    assert exporter.render(None, "x") == b"\x89PNG"
    first = fake_chromium.made[0]
    assert exporter.running
    assert first.closed.wait(5)
    assert not exporter.running
    exporter.render(None, "y")
    assert len(fake_chromium.made) == 2 and exporter.running
    exporter.close()
    assert fake_chromium.made[1].closed.is_set()


def test_requests_within_the_idle_period_keep_one_browser(fake_chromium: type[FakeRenderer]) -> None:
    exporter = PngExporter(idle_seconds=30)
    for i in range(3):
        exporter.render(None, str(i))
    assert len(fake_chromium.made) == 1 and not fake_chromium.made[0].closed.is_set()
    exporter.close()
    assert fake_chromium.made[0].closed.is_set()


def test_responses_are_compressed_fingerprinted_files_cached_and_plotly_loads_with_the_page() -> None:
    from dashboard.web.app import create_app

    client = create_app(FROZEN).server.test_client()
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    html = client.get("/").get_data(as_text=True)
    plotly = re.search(r'<script async id="plotly-js" src="(/assets/plotly-basic-[0-9.]+\.min\.js\?m=\d+)"></script>', html)
    assert plotly and plotly.start() < html.index("</head>"), "the partial plotly.js bundle is an async script of the head"
    assert "package_data/plotly" not in html  # the full plotly.min.js is not in the page
    assert html.count(plotly.group(1)) == 1  # loaded once, by the head
    script = client.get(plotly.group(1), headers={"Accept-Encoding": "gzip"})
    assert script.status_code == 200 and script.headers["Content-Encoding"] == "gzip"
    assert script.cache_control.max_age == 365 * 24 * 3600
    assert len(script.data) < 2 * 2**20
    assert client.get(plotly.group(1), headers={"Accept-Encoding": "gzip"}).data == script.data  # from the per-worker cache
    css = re.search(r'href="(/assets/app\.css\?m=[^"]+)"', html).group(1)
    assert client.get(css).cache_control.max_age == 365 * 24 * 3600
    assert "max-age" not in client.get("/_dash-layout").headers.get("Cache-Control", "")


def test_pages_leave_out_the_polyfill_and_dash_table() -> None:
    from dashboard.web.app import create_app

    client = create_app(FROZEN).server.test_client()
    html = client.get("/indicator/road_deaths?lang=en").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert not [s for s in scripts if "polyfill" in s or "dash_table" in s]
    runtime = next(i for i, s in enumerate(scripts) if "/assets/regenerator-runtime-" in s)
    # the global `regeneratorRuntime` the polyfill gave is defined before the bundles that call it run
    assert runtime < min(i for i, s in enumerate(scripts) if "dash_renderer" in s or "dash_core_components." in s)
    assert "regeneratorRuntime = runtime" in client.get(scripts[runtime]).get_data(as_text=True)


def test_importing_the_registry_package_leaves_pandas_and_plotly_out() -> None:
    code = "import sys, dashboard.registry; print(sorted(m for m in ('pandas', 'numpy', 'plotly', 'dash') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.slow
def test_the_browser_benchmark_runs_its_indicator_rows(tmp_path: Path) -> None:
    """One round against the frozen registry, in headless Chromium; the times are printed, never asserted."""
    from benchmarks.browser import copy_registry, indicator_rows

    rows = indicator_rows(copy_registry(FROZEN, tmp_path / "frozen"), tmp_path, 1, "road_deaths")
    assert [r.figure.split(":")[0] for r in rows] == [
        "indicator page in Chromium, cold (fresh profile)",
        "indicator page in Chromium, warm (second visit, same browser)",
        "indicator page in Chromium, third visit (V8's code cache)",
        "indicator page in Chromium, cold",
        "indicator page in Chromium, warm",
    ]
    assert all(r.passed is not None for r in rows)
    print("\n".join(f"{r.figure}: {r.measured}" for r in rows))
