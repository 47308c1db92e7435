"""What a person waits for: time to chart and bytes transferred, in headless Chromium.

    python -m benchmarks.browser [--repeats 5] [--quick]

The app is served as `make run` serves it (gunicorn with `dashboard/web/gunicorn_conf.py`, one worker
here, on a free loopback port). Its peer is a static page holding the same plotly figure and the same
plotly.min.js, served by a small static server that does what a well-kept one does (gzip, a year of
cache for the script). Time to chart is from the start of the navigation (`performance.timeOrigin`)
until a `.main-svg` exists inside the chart's element, recorded in the page by a MutationObserver
installed before any of the page's own scripts. Bytes are the `transferSize` of the navigation and
of every resource started before the chart appeared (headers and compressed bodies; 0 for a cache hit).

Cold: a fresh browser profile. Warm: the same browser, a second visit of the same address.
The app and its peer take turns in every round; medians, min–max and n are reported.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import json
import shutil
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import Row
from .budgets import (
    BROWSER_BYTES,
    BROWSER_COLD,
    BROWSER_THIRD,
    BROWSER_WARM,
    OVERVIEW_GROWTH,
    OVERVIEW_VS_PEER,
    OVERVIEW_VS_SHIPPED,
)
from .load import ROOT, Http, gunicorn
from .wire import by_id, page_payload

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,1000",
    "--no-first-run",
    "--no-default-browser-check",
]

WATCH = """
(() => {
  const selector = %s, whole = %s;
  const seen = () => {
    if (window.__chartAt === undefined && document.querySelector(selector)) {
      window.__chartAt = performance.now();
    }
    if (whole && window.__wholeAt === undefined && document.querySelector(whole)) {
      window.__wholeAt = performance.now();
    }
    if (window.__chartAt !== undefined && (!whole || window.__wholeAt !== undefined)) {
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, {childList: true, subtree: true});
})();
"""

BYTES = """
const at = window.__chartAt;
const entries = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
const used = entries.filter(e => e.startTime <= at);
return {
  at: at,
  transfer: used.reduce((s, e) => s + (e.transferSize || 0), 0),
  decoded: used.reduce((s, e) => s + (e.decodedBodySize || 0), 0),
  requests: used.length,
  cached: used.filter(e => e.transferSize === 0).length,
  big: used.filter(e => e.transferSize > 100000).map(e => [e.name, e.transferSize, e.decodedBodySize]),
};
"""


@dataclass
class Visit:
    seconds: float
    transfer: int  # bytes on the wire, headers included
    decoded: int  # bytes after decompression
    requests: int
    cached: int  # requests answered from the browser's cache
    big: list = field(default_factory=list)
    whole: float | None = None  # seconds until the `whole` selector's element exists (the page's last part), when asked


class Browser:
    """One headless Chromium with its own fresh profile: the first visit is cold, the next ones warm."""

    def __init__(self, selector: str, whole: str | None = None) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="bench-chrome-")
        options = webdriver.ChromeOptions()
        for flag in CHROME_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={self.profile}")
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.set_page_load_timeout(120)
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH % (json.dumps(selector), json.dumps(whole))})
        self.whole = whole

    def visit(self, url: str, timeout: float = 120.0) -> Visit:
        self.driver.get(url)
        deadline = time.monotonic() + timeout
        waiting = "return window.__chartAt === undefined" + (" || window.__wholeAt === undefined" if self.whole else "")
        while self.driver.execute_script(waiting):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no chart (or no {self.whole}) at {url} within {timeout:.0f} s")
            time.sleep(0.02)
        data = self.driver.execute_script(BYTES)
        whole = self.driver.execute_script("return window.__wholeAt") if self.whole else None
        return Visit(
            data["at"] / 1000,
            data["transfer"],
            data["decoded"],
            data["requests"],
            data["cached"],
            data["big"],
            whole / 1000 if whole is not None else None,
        )

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.driver.quit()
        shutil.rmtree(self.profile, ignore_errors=True)


def cold_and_warm(url: str, selector: str) -> tuple[Visit, Visit]:
    cold, warm = visits(url, selector, 2)
    return cold, warm


def visits(url: str, selector: str, n: int, whole: str | None = None) -> list[Visit]:
    """`n` visits of `url` in one fresh browser: the first cold, the next ones warm; each also waits for `whole`, if given."""
    browser = Browser(selector, whole)
    try:
        out = []
        for _ in range(n):
            out.append(browser.visit(url))
            browser.driver.get("about:blank")
        return out
    finally:
        browser.close()


# ---------------------------------------------------------------- the static peer

PEER_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>static peer</title>
<script src="plotly.min.js"></script></head>
<body><div id="%(element)s" style="height:%(height)s"></div>
<script>
const figure = %(figure)s;
Plotly.newPlot("%(element)s", figure.data || [], figure.layout || {}, %(config)s);
</script></body></html>
"""


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Files of one folder; gzip when the browser takes it, a year of cache for scripts, revalidation for pages."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = Path(self.directory) / self.path.split("?", 1)[0].lstrip("/")
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        zipped = path.with_name(path.name + ".gz")
        gz = "gzip" in self.headers.get("Accept-Encoding", "") and zipped.is_file()
        body = zipped.read_bytes() if gz else data
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript" if path.suffix == ".js" else "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if path.suffix == ".js" else "no-cache")
        if gz:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def static_peer(folder: Path, pages: dict[str, str]) -> Iterator[str]:
    """A static server on a free loopback port holding plotly.min.js and `pages` (name to HTML)."""
    import plotly

    folder.mkdir(parents=True, exist_ok=True)
    script = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    shutil.copy(script, folder / "plotly.min.js")
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    for file in folder.iterdir():
        if file.suffix in (".js", ".html"):
            file.with_name(file.name + ".gz").write_bytes(gzip.compress(file.read_bytes(), 6))

    def handler(*args: Any, **kwargs: Any) -> _StaticHandler:
        return _StaticHandler(*args, directory=str(folder), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def peer_page(url: str, pathname: str, element: str) -> str:
    """The static page of the app's figure: the page callback's own `figure` and `config` of `element`."""
    reply = Http(url).post("/_dash-update-component", page_payload(pathname))
    graph = by_id(reply.json(), element)
    if graph is None:
        raise LookupError(f"{pathname}: no #{element} in the page")
    props = graph["props"]
    height = (props.get("style") or {}).get("height", "450px")
    return PEER_PAGE % {
        "element": element,
        "figure": json.dumps(props.get("figure") or {}),
        "config": json.dumps(props.get("config") or {}),
        "height": height,
    }


# ---------------------------------------------------------------- rows


def copy_registry(source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, folder / source.name)
    if (source.parent / "data").is_dir():
        shutil.copytree(source.parent / "data", folder / "data", dirs_exist_ok=True)
    return folder / source.name


def spread(values: list[float], fmt: Any) -> str:
    return f"{fmt(statistics.median(values))} (min–max {fmt(min(values))}–{fmt(max(values))}, n = {len(values)})"


def _s(value: float) -> str:
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms"


def _mb(value: float) -> str:
    return f"{value / 2**20:.2f} MB" if value >= 2**20 / 10 else f"{value / 1024:.0f} KB"


def _ratio(value: float) -> str:
    return f"{value:.2f}×"


@contextlib.contextmanager
def app_server(registry: Path, log: Path) -> Iterator[str]:
    """The app as `make run` serves it (its gunicorn config), with one worker."""
    extra = (
        ["-c", str(ROOT / "dashboard" / "web" / "gunicorn_conf.py")] if (ROOT / "dashboard" / "web" / "gunicorn_conf.py").is_file() else []
    )
    with gunicorn(registry, 1, log, extra=extra, ready_seconds=300) as url:
        yield url


def indicator_rows(registry: Path, folder: Path, repeats: int, indicator: str | None = None) -> list[Row]:
    """Indicator page against its static peer, cold and warm; bytes cold."""
    with app_server(registry, folder / "gunicorn-indicator.log") as url:
        ids = Http(url).get("/api/registry").json()["indicators"]
        indicator = indicator if indicator in ids else ids[0]
        path = f"/indicator/{indicator}"
        with static_peer(folder / "peer-indicator", {"index.html": peer_page(url, path, "tracking-graph")}) as peer:
            runs: dict[str, list[Visit]] = {f"{side} {kind}": [] for side in ("app", "peer") for kind in ("cold", "warm", "third")}
            for _ in range(repeats):
                for side, address in (("app", url + path), ("peer", peer + "/index.html")):
                    # the third visit is the first that V8's code cache serves (it keeps a script's code on its second run)
                    whole = "#data-table" if side == "app" else None  # the app's page is whole once its data table is there
                    for kind, visit in zip(("cold", "warm", "third"), visits(address, "#tracking-graph .main-svg", 3, whole)):
                        runs[f"{side} {kind}"].append(visit)
    rows = []
    for kind, budget in (("cold", BROWSER_COLD), ("warm", BROWSER_WARM), ("third", BROWSER_THIRD)):
        app, peer = runs[f"app {kind}"], runs[f"peer {kind}"]
        ratios = [a.seconds / p.seconds for a, p in zip(app, peer)]
        r = statistics.median(ratios)
        visit = {
            "cold": "cold (fresh profile)",
            "warm": "warm (second visit, same browser)",
            "third": "third visit (V8's code cache)",
        }[kind]
        rows.append(
            Row(
                f"indicator page in Chromium, {visit}: time to chart against a static page of the same figure and the full "
                "plotly.min.js, shipped registry",
                spread(ratios, _ratio),
                f"≤ {budget.limit}×",
                budget.passed(r),
                f"app {spread([v.seconds for v in app], _s)}, peer {spread([v.seconds for v in peer], _s)}"
                + (
                    f"; the app's page whole (its data table, below the chart) at "
                    f"{spread([v.whole for v in app if v.whole is not None], _s)}; "
                    f"transferred: app {_mb(statistics.median(v.transfer for v in app))} in {app[-1].requests} requests "
                    f"({app[-1].cached} from cache), peer {_mb(statistics.median(v.transfer for v in peer))}"
                    if kind != "third"
                    else ""
                ),
                budget.share(r),
            )
        )
    cold = [v.transfer for v in runs["app cold"]]
    rows.append(
        Row(
            "indicator page in Chromium, cold: bytes transferred until the chart shows (headers and compressed bodies)",
            spread(cold, _mb),
            f"≤ {BROWSER_BYTES.limit / 2**20:.1f} MB",
            BROWSER_BYTES.passed(statistics.median(cold)),
            f"{_mb(statistics.median(v.decoded for v in runs['app cold']))} after decompression; biggest: "
            + ", ".join(f"{Path(n.split('?')[0]).name} {_mb(t)}" for n, t, _ in runs["app cold"][-1].big[:3])
            + f"; the peer: {_mb(statistics.median(v.transfer for v in runs['peer cold']))}",
            BROWSER_BYTES.share(statistics.median(cold)),
        )
    )
    warm = [v for v in runs["app warm"]]
    rows.append(
        Row(
            "indicator page in Chromium, warm: static assets from the browser's cache",
            f"{statistics.median(v.transfer for v in warm) / 1024:.0f} KB transferred, "
            f"{statistics.median(v.cached for v in warm):.0f} of {warm[-1].requests} requests from cache",
            "scripts and styles cached",
            all(v.transfer < 200 * 1024 for v in warm),
        )
    )
    return rows


PEER = "static full-plotly peer"


def overview_rows(registries: dict[str, Path], folder: Path, repeats: int) -> list[Row]:
    """The overview at each size and its static peer: time to chart and bytes, cold and warm; all take turns in every round."""
    runs: dict[str, dict[str, list[Visit]]] = {}
    with contextlib.ExitStack() as stack:
        urls = {
            name: stack.enter_context(app_server(path, folder / f"gunicorn-overview-{i}.log")) + "/"
            for i, (name, path) in enumerate(registries.items())
        }
        shipped_url = next(iter(urls.values()))
        # the static full-plotly page of the shipped overview's chart takes its turn in every round too
        page = peer_page(shipped_url.rstrip("/"), "/", "progress-graph")
        urls[PEER] = stack.enter_context(static_peer(folder / "peer-overview", {"index.html": page})) + "/index.html"
        for name in urls:
            runs[name] = {"cold": [], "warm": []}
        for _ in range(repeats):
            for name, url in urls.items():
                cold, warm = cold_and_warm(url, "#progress-graph .main-svg")
                runs[name]["cold"].append(cold)
                runs[name]["warm"].append(warm)
    names = list(registries)
    shipped, mid, top = names[0], names[1], names[-1]
    ratios = [a.seconds / p.seconds for a, p in zip(runs[shipped]["cold"], runs[PEER]["cold"])]
    app_cold, peer_cold = runs[shipped]["cold"], runs[PEER]["cold"]
    rows = [
        Row(
            f"overview in Chromium, cold (fresh profile), {shipped}: time to chart against a static page of the same chart and "
            "the full plotly.min.js",
            spread(ratios, _ratio),
            f"≤ {OVERVIEW_VS_PEER.limit}×",
            OVERVIEW_VS_PEER.passed(statistics.median(ratios)),
            f"app {spread([v.seconds for v in app_cold], _s)}, {_mb(statistics.median(v.transfer for v in app_cold))}; "
            f"peer {spread([v.seconds for v in peer_cold], _s)}, {_mb(statistics.median(v.transfer for v in peer_cold))}",
            OVERVIEW_VS_PEER.share(statistics.median(ratios)),
        )
    ]
    for a, b, budget in ((top, mid, OVERVIEW_GROWTH), (mid, shipped, OVERVIEW_VS_SHIPPED)):
        for kind in ("cold", "warm"):
            t = [x.seconds / y.seconds for x, y in zip(runs[a][kind], runs[b][kind])]
            by = [x.transfer / max(1, y.transfer) for x, y in zip(runs[a][kind], runs[b][kind])]
            worst = max(statistics.median(t), statistics.median(by) if kind == "cold" else 0)
            rows.append(
                Row(
                    f"overview in Chromium, {kind}: {a} against {b}, time to chart" + (" and bytes" if kind == "cold" else ""),
                    f"time {spread(t, _ratio)}" + (f"; bytes {spread(by, _ratio)}" if kind == "cold" else ""),
                    f"≤ {budget.limit}×",
                    budget.passed(worst),
                    f"{a}: {spread([v.seconds for v in runs[a][kind]], _s)}, {_mb(statistics.median(v.transfer for v in runs[a][kind]))}; "
                    f"{b}: {spread([v.seconds for v in runs[b][kind]], _s)}, {_mb(statistics.median(v.transfer for v in runs[b][kind]))}",
                    budget.share(worst),
                )
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    from benchmarks.generate import write_registry

    from . import table

    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.browser", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="small registries, one round")
    parser.add_argument("--only", choices=["indicator", "overview"])
    args = parser.parse_args(argv)
    sizes = (20, 100) if args.quick else (1000, 5000)
    repeats = 1 if args.quick else args.repeats
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-browser-") as tmp:
        folder = Path(tmp)
        shipped = copy_registry(ROOT / "indicators.yaml", folder / "shipped")
        if args.only in (None, "indicator"):
            rows += indicator_rows(shipped, folder, repeats, "road_deaths")
        if args.only in (None, "overview"):
            registries = {"shipped registry": shipped}
            registries |= {f"N={n:,}": write_registry(folder / f"n{n}", n, 30) for n in sizes}
            rows += overview_rows(registries, folder, repeats)
    print(table(rows))
    failed = [r for r in rows if r.passed is False]
    print(f"within budget (benchmarks/budgets.py): {len(rows) - len(failed)} of {len(rows)} rows")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
