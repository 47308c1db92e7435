"""Edge figures: batch PNG export against kaleido, the app's PNG download, page callbacks, memory.

`python -m benchmarks.edges REGISTRY` is the memory workload, run in a subprocess so that
its peak resident size is its own.
"""

from __future__ import annotations

import importlib.util
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import Row, interleaved, ratio, seconds
from .budgets import BROWSER_BACK, EXPORT, INDICATOR_CALLBACKS, INDICATOR_FLAT, OVERVIEW_CALLBACK, PEAK_MEMORY_MB, PNG
from .wire import details_payload

ROOT = Path(__file__).resolve().parent.parent


def available(*modules: str) -> bool:
    return all(importlib.util.find_spec(m) is not None for m in modules)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def missing(figure: str, budget: str, why: str) -> Row:
    return Row(figure, "not measured", budget, None, why)


# ---------------------------------------------------------------- batch export


def export_row(assessment: Any, count: int, repeats: int) -> Row:
    figure = f"batch PNG export of {count} figures (browser start included), against raw `plotly.io.write_images`"
    budget = f"≤ {EXPORT.limit}×"
    if not available("dashboard.outputs.export", "kaleido"):
        return missing(figure, budget, "dashboard.outputs.export or kaleido missing")
    if chromium() is None:
        return missing(figure, budget, "no chromium")
    import kaleido
    import plotly.io as pio

    from dashboard.outputs.export import Renderer, export_batch, export_figure, preset_of

    size = preset_of("report")
    ids = [i.id for i in assessment.registry.indicators[:count]]
    figures = [export_figure(assessment, i, size) for i in ids]
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        ours_dir, raw_dir = Path(tmp, "ours"), Path(tmp, "raw")
        ours_dir.mkdir()
        raw_dir.mkdir()

        def ours() -> None:
            with Renderer() as renderer:
                export_batch(assessment, ids, ours_dir, fmt="png", preset=size, renderer=renderer)

        def floor() -> None:
            paths = [raw_dir / f"{i}.png" for i in ids]
            pio.write_images(figures, paths, width=size.width, height=size.height, scale=size.scale)

        def kaleido_floor() -> None:
            # what write_images does, minus MathJax (which plotly cannot turn off and our Renderer does not load)
            opts = {"format": "png", "width": size.width, "height": size.height, "scale": size.scale}
            specs = [{"fig": f.to_dict(), "path": raw_dir / f"k-{i}.png", "opts": opts} for f, i in zip(figures, ids)]
            kaleido.write_fig_from_object_sync(specs, kopts={"mathjax": False})

        runs = interleaved({"floor": floor, "kaleido": kaleido_floor, "ours": ours}, repeats)
    mine, base, strict = (statistics.median(runs[k]) for k in ("ours", "floor", "kaleido"))
    r, r_strict = ratio(runs, "ours", "floor"), ratio(runs, "ours", "kaleido")
    rounds = ", ".join(f"{a / b:.2f}" for a, b in zip(runs["ours"], runs["floor"]))
    return Row(
        figure,
        f"{r:.2f}× ({seconds(mine)} vs {seconds(base)}; rounds {rounds})",
        budget,
        EXPORT.passed(r),
        f"against kaleido without MathJax, as ours: {r_strict:.2f}× ({seconds(strict)}); "
        f"{size.width}×{size.height} at scale {size.scale:g}; ours also builds the figures and embeds provenance",
        EXPORT.share(r),
    )


# ---------------------------------------------------------------- the app, in-process


class Client:
    """Dash callbacks through Flask's test client: what the browser would POST."""

    def __init__(self, registry_path: Path) -> None:
        from dashboard.web.app import create_app

        self.app = create_app(registry_path)
        # a large registry is parsed in the background past the first request's wait: the rows time a loaded app
        if self.app.server.extensions["dashboard"].store.refresh(timeout=600).snapshot is None:
            raise RuntimeError(f"the app did not load {registry_path}")
        self.client = self.app.server.test_client()
        if self.client.get("/").status_code != 200 or self.client.get("/_dash-layout").status_code != 200:
            raise RuntimeError("the app did not serve its index and layout")

    def callback(
        self, outputs: list[tuple[str, str]], inputs: list[tuple[str, str, Any]], state: tuple[tuple[str, str, Any], ...] = ()
    ) -> tuple[float, bytes]:
        body = {  # several outputs: "..a.children...b.data.."
            "output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
            "outputs": [{"id": i, "property": p} for i, p in outputs],
            "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
            "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"],
            "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
        }
        return self.post(body)

    def post(self, body: dict) -> tuple[float, bytes]:
        start = time.perf_counter()
        response = self.client.post("/_dash-update-component", json=body)
        spent = time.perf_counter() - start
        if response.status_code != 200:
            raise RuntimeError(f"callback {body['output']} answered {response.status_code}: {response.data[:200]!r}")
        return spent, response.data

    def page(self, pathname: str, search: str = "") -> tuple[float, bytes]:
        """The page router's callback, and an indicator page's second one (what lies below its chart): the page's
        whole layout, built and serialised; their times added, their answers joined."""
        spent, data = self.callback(
            [("_pages_content", "children"), ("_pages_store", "data")],
            [("_pages_location", "pathname", pathname), ("_pages_location", "search", search)],
        )
        details = details_payload(pathname, search)  # the body Chromium sends once the chart is drawn
        if details is not None:
            more, rest = self.post(details)
            spent, data = spent + more, data + rest
        return spent, data

    def png(self, indicator_id: str) -> tuple[float, bytes]:
        return self.callback(
            [("png-download", "data"), ("png-message", "children")],
            [("png-button", "n_clicks", 1), ("svg-button", "n_clicks", None), ("chart-csv-button", "n_clicks", None)],
            (
                ("indicator-id", "data", indicator_id),
                ("indicator-url-sync", "data", None),
                ("chart-url-sync", "data", None),
                ("_pages_location", "search", ""),
            ),
        )

    def close(self) -> None:
        context = self.app.server.extensions.get("dashboard")
        if context is not None:
            context.exporter.close()


def _median(fn: Callable[[], tuple[float, bytes]], repeats: int) -> tuple[float, int]:
    runs = [fn() for _ in range(repeats)]
    return statistics.median(t for t, _ in runs), len(runs[-1][1])


def app_rows(registry_path: Path, ids: list[str], n: int, repeats: int) -> list[Row]:
    ind_figure = (
        f"indicator page callbacks (the page, then the part below its chart), server time, median over {len(ids)} indicators, N={n:,}"
    )
    ov_figure = f"overview page callback, server time, median, N={n:,}"
    png_figure = "in-app PNG download, second request (another indicator, warm browser)"
    if not available("dashboard.web.app"):
        why = "dashboard/web/app.py missing"
        return [missing(ind_figure, "", why), missing(ov_figure, "", why), missing(png_figure, "", why)]
    client = Client(registry_path)
    rows = []
    try:
        first, size = client.page("/")
        overview, size = _median(lambda: client.page("/"), max(3, repeats))
        rows.append(
            Row(
                ov_figure,
                seconds(overview),
                f"≤ {OVERVIEW_CALLBACK.limit * 1000:.0f} ms",
                OVERVIEW_CALLBACK.passed(overview),
                f"first visit after a load {seconds(first)}; {size / 1024:,.0f} KB of JSON",
                OVERVIEW_CALLBACK.share(overview),
            )
        )
        cold = [client.page(f"/indicator/{i}") for i in ids]
        warm = [client.page(f"/indicator/{i}") for i in ids]
        median_cold = statistics.median(t for t, _ in cold)
        median_warm = statistics.median(t for t, _ in warm)
        rows.append(
            Row(
                ind_figure,
                seconds(median_cold),
                f"≤ {INDICATOR_CALLBACKS.limit * 1000:.0f} ms",
                INDICATOR_CALLBACKS.passed(median_cold),
                f"first visit of each; again: {seconds(median_warm)}; {len(cold[-1][1]) / 1024:,.0f} KB of JSON",
                INDICATOR_CALLBACKS.share(median_cold),
            )
        )
        if chromium() is None or not available("dashboard.outputs.export"):
            rows.append(missing(png_figure, f"≤ {PNG.limit} s", "no chromium or dashboard/outputs/export"))
        else:
            first_png, data = client.png(ids[0])
            if b"iVBORw0KGgo" not in data:  # base64 of the PNG signature
                raise RuntimeError(f"the PNG download gave no image: {data[:300]!r}")
            second = [client.png(i)[0] for i in ids[1 : 1 + max(3, repeats)]]
            spent = statistics.median(second)
            rows.append(
                Row(
                    png_figure,
                    seconds(spent),
                    f"≤ {PNG.limit} s",
                    PNG.passed(spent),
                    f"first request, browser start included: {seconds(first_png)}",
                    PNG.share(spent),
                )
            )
    finally:
        client.close()
    return rows


def indicator_scaling_row(small: Path, big: Path, n_small: int, n_big: int, count: int) -> Row:
    """The indicator page callback at N and 5N: the same indicators' first visits, the sizes taking turns."""
    figure = f"indicator page callbacks, first visit, N={n_big:,} against N={n_small:,} (flat is 1×)"
    if not available("dashboard.web.app"):
        return missing(figure, "", "dashboard/web/app.py missing")
    clients = {"small": Client(small), "big": Client(big)}
    try:
        ids = [f"syn_ind_{i:05d}" for i in range(1 + count)]  # in both registries
        for c in clients.values():
            c.page("/indicator/" + ids[0])  # imports and caches that are not per indicator
        times: dict[str, list[float]] = {"small": [], "big": []}
        for i in ids[1:]:
            for k, c in clients.items():
                times[k].append(c.page(f"/indicator/{i}")[0])
    finally:
        for c in clients.values():
            c.close()
    per = [b / a for a, b in zip(times["small"], times["big"])]
    r = statistics.median(per)
    return Row(
        figure,
        f"{r:.2f}× (min–max {min(per):.2f}–{max(per):.2f}×, n = {len(per)})",
        f"≤ {INDICATOR_FLAT.limit}×",
        INDICATOR_FLAT.passed(r),
        f"N={n_small:,}: {seconds(statistics.median(times['small']))}, N={n_big:,}: {seconds(statistics.median(times['big']))}",
        INDICATOR_FLAT.share(r),
    )


# ---------------------------------------------------------------- memory


def serve_a_few(registry_path: Path, idle_seconds: float = 2.0) -> dict:
    """Build the app and serve the pages a visitor would open; peak resident size in MB.

    With Chromium: the memory of this process and its children (PSS, so that pages shared between
    Chromium's processes count once) after one PNG, and again once the exporter has closed the idle
    browser (`idle_seconds` here instead of the app's 120 s).
    """
    client = Client(registry_path)
    out: dict = {"png": False}
    try:
        exporter = client.app.server.extensions["dashboard"].exporter
        exporter.idle_seconds = idle_seconds
        ids = [i.id for i in client.app.server.extensions["dashboard"].store.state().snapshot.registry.indicators[:5]]
        client.page("/")
        for i in ids:
            client.page(f"/indicator/{i}")
        for path in ("/claims", "/sources", "/speeches", "/changes"):
            client.page(path)
        out["before_png_mb"] = tree_pss_mb()
        if chromium() is not None and available("dashboard.outputs.export"):
            client.png(ids[0])
            out["png"] = True
            out["with_browser_mb"] = tree_pss_mb()
            deadline = time.monotonic() + idle_seconds + 30
            while exporter.running and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(0.5)  # the browser's processes exit
            out["after_idle_mb"] = tree_pss_mb()
            out["browser_closed"] = not exporter.running
    finally:
        client.close()
    out["peak_mb"] = peak_rss_mb()
    return out


def tree_pss_mb(root: int | None = None) -> float:
    """Proportional set size of a process and all its descendants, in MB (Linux /proc)."""
    import os

    root = root or os.getpid()
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except OSError:
            continue
    return total / 1024


def peak_rss_mb() -> float:
    """VmHWM, the peak resident size of this process's own memory.

    Not ru_maxrss: on Linux that survives exec, so a child of a big parent reports the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_row(registry_path: Path, n: int) -> list[Row]:
    figure = f"peak memory of one server process (app on N={n:,}, overview, 5 indicators, claims, sources, speeches, changes, 1 PNG)"
    budget = f"≤ {PEAK_MEMORY_MB.limit:.0f} MB"
    browser = "server and its Chromium after one PNG, then after the idle close (PSS of the process tree)"
    if not available("dashboard.web.app"):
        return [missing(figure, budget, "dashboard/web/app.py missing")]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.edges", str(registry_path)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise RuntimeError(f"the memory workload failed:\n{done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    peak = result["peak_mb"]
    note = "VmHWM of the Python process; Chromium's processes in the next row" if result["png"] else "no PNG: chromium missing"
    rows = [Row(figure, f"{peak:.0f} MB", budget, PEAK_MEMORY_MB.passed(peak), note, PEAK_MEMORY_MB.share(peak))]
    if result["png"]:
        before, up, after = result["before_png_mb"], result["with_browser_mb"], result["after_idle_mb"]
        rows.append(
            Row(
                browser,
                f"{before:.0f} MB → {up:.0f} MB with Chromium → {after:.0f} MB once closed",
                f"back within {BROWSER_BACK.limit - 1:.0%} of before",
                result["browser_closed"] and BROWSER_BACK.passed(after / before),
                "the app closes Chromium after 120 s without a PNG request; this run set 2 s",
                BROWSER_BACK.share(after / before),
            )
        )
    return rows


if __name__ == "__main__":
    print(json.dumps(serve_a_few(Path(sys.argv[1]))))
