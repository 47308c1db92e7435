"""Figure export: self-contained PNG, SVG and PDF files with their provenance inside.

The exported figure is the app's `tracking_figure` plus what a figure cut from its context needs:
a wrapped title, the unit and status line, a footer with source names, links and "data as of",
and margins sized so the legend and footer fit. Files carry title, sources, indicator id,
registry SHA-256 and generation time as PNG text chunks, SVG <metadata> or PDF document info.
Images are drawn by kaleido 1.x in headless Chromium, one warm browser per `Renderer`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import threading
import weakref
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from xml.sax.saxutils import escape

import plotly.graph_objects as go

from .export_embed import embed_pdf, embed_png, embed_svg
from .figures import status_line, tracking_figure
from .frames import Frames
from .registry.models import Indicator, Registry

FORMATS = ("png", "svg", "pdf")
INSTALL_HINT = "Chromium is needed to export figures: install it with `sudo apt-get install chromium` (or set BROWSER_PATH to a Chrome or Chromium binary)."


class ExportError(Exception):
    """A figure could not be exported; the message says why in one sentence."""


class UnknownIndicatorError(ExportError, ValueError):
    pass


class UnsafePathError(ExportError, ValueError):
    pass


class BrowserMissingError(ExportError):
    pass


@dataclass(frozen=True)
class Preset:
    """Layout size in CSS pixels; the file has width*scale x height*scale pixels."""

    width: int
    height: int
    scale: float

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width * self.scale), round(self.height * self.scale)


PRESETS = {
    "report": Preset(1200, 675, 2),  # sharp at full column width in a document
    "slide": Preset(1280, 720, 1.5),  # 1920x1080, a full-HD 16:9 slide
    "social": Preset(1200, 675, 1),  # the 16:9 card size of the common networks
}


def preset_of(preset: str | Preset) -> Preset:
    if isinstance(preset, Preset):
        return preset
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}: choose one of {', '.join(PRESETS)}")
    return PRESETS[preset]


# ---------------------------------------------------------------- figure for export

# Advance widths of Arial/Liberation Sans for ' '..'~' in 1/1000 em: to wrap text before the browser draws it.
_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556,
    556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
    556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)
_SLACK = 1.08  # the browser may pick a slightly wider face (Inter, DejaVu)
FOOTER_FONT, LEGEND_FONT, TITLE_FONT, SUBTITLE_FONT = 11, 12, 20, 13
MARGIN_L, MARGIN_R = 70, 30


def text_width(text: str, size: float) -> float:
    plain = re.sub(r"<[^>]+>", "", text)
    return sum(_WIDTHS[ord(c) - 32] if 32 <= ord(c) < 127 else 600 for c in plain) * size / 1000 * _SLACK


def wrap(words: Iterable[str], width: float, size: float, *, sep: str = " ", max_lines: int = 99) -> tuple[list[str], int]:
    """Greedy line filling; returns the lines and how many words did not fit in max_lines."""
    words = list(words)
    lines: list[str] = []
    for i, word in enumerate(words):
        if lines and text_width(lines[-1] + sep + word, size) <= width:
            lines[-1] += sep + word
        elif len(lines) < max_lines:
            lines.append(word)
        else:
            return lines, len(words) - i
    return lines, 0


def ordered_sources(registry: Registry, indicator: Indicator, frames: Frames) -> list:
    """Target sources first, then observation sources from the newest year back: truncation drops the oldest."""
    ids = [t.source for t in indicator.targets] + [p.source for p in sorted(frames.points.get(indicator.id, []), key=lambda p: -p.year)]
    seen = list(dict.fromkeys(ids))
    return [s for s in (registry.source(i) for i in seen) if s is not None]


def _link(url: str) -> str:
    href = escape(url.replace("'", "%27"))
    return f"<a href='{href}'>{escape(re.sub(r'^https?://(www[.])?', '', url).rstrip('/'))}</a>"


def footer_lines(registry: Registry, indicator: Indicator, frames: Frames, width: float, max_lines: int = 2) -> list[str]:
    sources = ordered_sources(registry, indicator, frames)
    if not sources:
        names, more = ["Sources: none recorded"], 0
    else:
        publishers = list(dict.fromkeys(s.publisher for s in sources))
        names, more = wrap([f"Sources: {publishers[0]}", *publishers[1:]], width - 90, FOOTER_FONT, sep=", ", max_lines=max_lines)
        if more:
            names[-1] += f" and {more} more"
    links, more = wrap([f"Links: {_link(s.url)}" if i == 0 else _link(s.url) for i, s in enumerate(sources)],
                       width - 260, FOOTER_FONT, sep=" · ", max_lines=max_lines)
    if more:
        links[-1] += f" · and {more} more (all links are in this file's metadata)"
    sha = registry.sha256[:12] or "unknown"
    return [*names, *links, f"Data as of {registry.meta.as_of.isoformat()} · registry {Path(registry.path).name}, sha256 {sha}"]


def _legend_rows(fig: go.Figure, width: float) -> int:
    items = [t.name or "" for t in fig.data if t.showlegend is not False]
    rows, used = (1 if items else 0), 0.0
    for name in items:
        w = text_width(name, LEGEND_FONT) + 50  # 40 px sample and padding, 5 px gap (plotly.js legend/constants.js), slack
        if used and used + w > width:
            rows, used = rows + 1, 0.0
        used += w
    return rows


def export_figure(registry: Registry, frames: Frames, indicator_id: str, preset: str | Preset = "report") -> go.Figure:
    """The app's tracking chart, laid out to stand alone at the preset's size."""
    ind = registry.indicator(indicator_id)
    if ind is None:
        known = ", ".join(i.id for i in registry.indicators)
        raise UnknownIndicatorError(f"unknown indicator id {indicator_id!r}; known ids: {known}")
    size = preset_of(preset)
    results = {t: r for (i, t), r in frames.results.items() if i == ind.id}
    fig = tracking_figure(registry, ind, frames.points.get(ind.id, []), results, width=size.width, height=size.height)
    meta = dict(fig.layout.meta or {})
    inner = size.width - MARGIN_L - MARGIN_R
    title, _ = wrap(ind.title.split(), size.width - 40, TITLE_FONT)
    subtitle, _ = wrap(f"{ind.unit}. {meta.get('status', '')}".split(), size.width - 40, SUBTITLE_FONT)
    footer = footer_lines(registry, ind, frames, inner, max_lines=2 if size.height >= 560 else 1)
    rows = _legend_rows(fig, inner)
    top = 18 + 26 * len(title) + 19 * len(subtitle) + 30
    legend_top = 42  # below tick labels
    bottom = legend_top + 30 * rows + 14 + 15 * len(footer) + 12
    plot_height = max(size.height - top - bottom, 120)
    annotations = [a for a in fig.layout.annotations if a.text != meta.get("footer")]
    annotations.append(go.layout.Annotation(
        text="<br>".join(footer), xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="bottom", yshift=-(bottom - 10),
        align="left", showarrow=False, font=dict(size=FOOTER_FONT, color="#444444"),
    ))
    for n, trace in enumerate(fig.data):
        # plotly stacks ungrouped entries in one column, or lays all entries in a grid of the widest one; one group
        # per entry makes a horizontal legend flow like text, which _legend_rows estimates
        trace.legendgroup = trace.legendgroup or f"entry{n}"
    if not frames.points.get(ind.id):
        fig.update_xaxes(visible=False)  # axes without data read as data when the figure stands alone
        fig.update_yaxes(visible=False)
    fig.update_layout(
        title=dict(text="<br>".join(title), yref="container", y=1 - 18 / size.height, yanchor="top",
                   subtitle=dict(text="<br>".join(subtitle))),
        margin=dict(t=top, b=bottom, l=MARGIN_L, r=MARGIN_R),
        legend=dict(y=-legend_top / plot_height, yanchor="top", x=0, xanchor="left", font=dict(size=LEGEND_FONT), traceorder="grouped"),
        annotations=annotations,
        meta={**meta, "footer": "\n".join(footer), "export": asdict(size)},
    )
    return fig


# ---------------------------------------------------------------- provenance inside the file

def file_metadata(registry: Registry, frames: Frames, indicator_id: str, generated: dt.datetime | None = None) -> dict[str, str]:
    ind = registry.indicator(indicator_id)
    if ind is None:
        raise UnknownIndicatorError(f"unknown indicator id {indicator_id!r}")
    generated = (generated or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    results = [frames.results[(ind.id, t.id)] for t in ind.targets if (ind.id, t.id) in frames.results]
    status = status_line(results[0]) if results else "No target set."
    return {
        "Title": ind.title,
        "Description": f"{ind.unit}. {status} Data as of {registry.meta.as_of.isoformat()}.",
        "Source": "\n".join(f"{s.publisher}: {s.title} <{s.url}>" for s in ordered_sources(registry, ind, frames)),
        "Indicator": ind.id,
        "Registry": f"{registry.meta.title} ({Path(registry.path).name})",
        "Registry-SHA256": registry.sha256,
        "Data-As-Of": registry.meta.as_of.isoformat(),
        "Creation Time": generated.isoformat().replace("+00:00", "Z"),
        "Software": software(),
    }


def software() -> str:
    def v(name: str) -> str:
        try:
            return f"{name} {version(name)}"
        except PackageNotFoundError:  # the dashboard runs from its checkout, not installed
            return name
    return ", ".join(v(n) for n in ("crime-indicator-dashboard", "plotly", "kaleido"))


EMBED = {"png": embed_png, "svg": embed_svg, "pdf": embed_pdf}


# ---------------------------------------------------------------- the renderer

async def _cancel_pending() -> None:
    tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


class _Hung(Exception):
    """The browser did not answer in time."""


class _Session:
    """One headless Chromium driven by kaleido on a private event loop thread."""

    def __init__(self, timeout: float) -> None:
        import kaleido
        from kaleido.errors import ChromeNotFoundError

        self.pid = os.getpid()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="kaleido-renderer", daemon=True)
        self.thread.start()

        async def open_browser():
            k = kaleido.Kaleido(n=1, timeout=timeout, mathjax=False)  # no MathJax: no CDN request, no TeX in these figures
            await k.open()
            return k

        try:
            self.kaleido = self.call(open_browser())
        except ChromeNotFoundError:
            self.stop()
            raise BrowserMissingError(INSTALL_HINT) from None
        except Exception as exc:
            self.stop()
            raise ExportError(f"Chromium did not start ({type(exc).__name__}: {exc}).") from None

    def call(self, coroutine, timeout: float | None = None):
        """Run on the session's loop; a call that outlives `timeout` raises `_Hung` (a dead browser may never answer)."""
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise _Hung from None

    def stop(self) -> None:
        if os.getpid() != self.pid or not self.thread.is_alive():
            return  # a forked child: the browser and the loop belong to the parent
        if getattr(self, "kaleido", None) is not None:
            with contextlib.suppress(Exception):  # closing a dead browser must not mask the real error
                self.call(self.kaleido.close(), timeout=15)
            self.kaleido = None
        with contextlib.suppress(_Hung):
            self.call(_cancel_pending(), timeout=15)  # e.g. choreographer's watchdog after a crash
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        if not self.thread.is_alive():
            self.loop.close()


class Renderer:
    """A warm headless Chromium: the browser starts on first use (or `start()`), stays up until `close()`.

    Thread-safe: Flask request threads may call `render` concurrently; kaleido queues them on its tab.
    """

    def __init__(self, *, timeout: float = 60.0) -> None:
        self._timeout = timeout
        self._lock = threading.Lock()
        self._session: _Session | None = None
        self._finalizer: weakref.finalize | None = None

    def start(self) -> Renderer:
        with self._lock:
            if self._session is not None and self._session.pid != os.getpid():
                self._session = None  # forked: start a browser of our own
            if self._session is None:
                self._session = _Session(self._timeout)
                self._finalizer = weakref.finalize(self, self._session.stop)
        return self

    def render(self, fig: go.Figure | dict, *, fmt: str = "png", width: int, height: int, scale: float = 1) -> bytes:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        spec = fig.to_dict() if isinstance(fig, go.Figure) else fig
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        from choreographer.errors import ChannelClosedError
        from kaleido.errors import BrowserClosedError, BrowserFailedError, JavascriptError, KaleidoError

        for attempt in (1, 2):
            session = self.start()._session
            if session is None:
                raise ExportError("the renderer was closed while rendering")
            try:
                return session.call(session.kaleido.calc_fig(spec, opts=opts), timeout=self._timeout + 15)
            except (BrowserClosedError, BrowserFailedError, ChannelClosedError, _Hung):
                if attempt == 2:
                    raise ExportError("Chromium closed while rendering, twice; giving up.") from None
                self._restart(session)
            except (KaleidoError, JavascriptError, TimeoutError) as exc:
                raise ExportError(f"rendering failed ({type(exc).__name__}: {exc})") from None
        raise AssertionError("unreachable")

    def _restart(self, dead: _Session) -> None:
        with self._lock:
            if self._session is dead:
                self._session = None
                if self._finalizer:
                    self._finalizer()

    def close(self) -> None:
        with self._lock:
            self._session = None
            if self._finalizer:
                self._finalizer()
                self._finalizer = None

    def __enter__(self) -> Renderer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def render_indicator(
    registry: Registry, frames: Frames, indicator_id: str, *, fmt: str = "png", preset: str | Preset = "report",
    renderer: Renderer | None = None, generated: dt.datetime | None = None, figure: dict | None = None,
) -> bytes:
    """The finished file's bytes, metadata included. Without a renderer, a browser is started and closed for this one call.

    `figure`: `export_figure(...).to_dict()` for this indicator and preset, when it is already built.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    size = preset_of(preset)
    fig = figure if figure is not None else export_figure(registry, frames, indicator_id, size)
    meta = file_metadata(registry, frames, indicator_id, generated)
    if renderer is None:
        with Renderer() as own:
            raw = own.render(fig, fmt=fmt, width=size.width, height=size.height, scale=size.scale)
    else:
        raw = renderer.render(fig, fmt=fmt, width=size.width, height=size.height, scale=size.scale)
    return EMBED[fmt](raw, meta)


# ---------------------------------------------------------------- batch

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}$")


def safe_path(out_dir: Path, name: str) -> Path:
    """`out_dir/name`, refused unless it is a plain file name that stays inside out_dir (symlinks resolved)."""
    if not _SAFE_NAME.match(name) or ".." in name:
        raise UnsafePathError(f"refusing file name {name!r}: only letters, digits, '_', '-' and '.' are allowed")
    base = out_dir.resolve()
    path = (base / name).resolve()
    if path.parent != base:
        raise UnsafePathError(f"refusing {name!r}: it resolves to {path}, outside {base}")
    return path


@dataclass(frozen=True)
class ManifestEntry:
    file: str
    indicator: str
    title: str
    format: str
    width: int
    height: int
    scale: float
    size: int
    sha256: str
    registry_sha256: str
    generated: str


def export_batch(
    registry: Registry, frames: Frames, ids: list[str], out_dir: Path, *, fmt: str = "png", preset: str | Preset = "report",
    renderer: Renderer, progress: Callable[[int, int, str], None] | None = None,
) -> list[ManifestEntry]:
    """Every figure through one renderer (one browser); files named `<id>.<fmt>`; returns the manifest rows."""
    size = preset_of(preset)
    targets = [(i, safe_path(out_dir, f"{i}.{fmt}")) for i in ids]  # refuse before rendering anything
    entries = []

    def lay_out(indicator_id: str) -> dict:
        return export_figure(registry, frames, indicator_id, size).to_dict()

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-layout") as layout:
        # the next figure is laid out in Python while the browser draws this one (measured: 1/8 of a batch's time)
        upcoming = layout.submit(lay_out, targets[0][0]) if targets else None
        for n, (indicator_id, path) in enumerate(targets):
            if progress:
                progress(n, len(targets), indicator_id)
            figure = upcoming.result()  # type: ignore[union-attr]
            if n + 1 < len(targets):
                upcoming = layout.submit(lay_out, targets[n + 1][0])
            generated = dt.datetime.now(dt.UTC).replace(microsecond=0)
            data = render_indicator(
                registry, frames, indicator_id, fmt=fmt, preset=size, renderer=renderer, generated=generated, figure=figure
            )
            tmp = path.with_name(f".{path.name}.part")
            tmp.write_bytes(data)
            tmp.replace(path)
            width, height = size.pixels
            entries.append(ManifestEntry(
                path.name, indicator_id, registry.indicator(indicator_id).title, fmt, width, height, size.scale, len(data),
                hashlib.sha256(data).hexdigest(), registry.sha256, generated.isoformat().replace("+00:00", "Z"),
            ))
    if progress:
        progress(len(targets), len(targets), "")
    return entries


def write_manifest(out_dir: Path, registry: Registry, entries: list[ManifestEntry]) -> Path:
    path = safe_path(out_dir, "manifest.json")
    doc = {
        "registry": Path(registry.path).name, "registry_sha256": registry.sha256, "data_as_of": registry.meta.as_of.isoformat(),
        "software": software(), "files": [asdict(e) for e in entries],
    }
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
