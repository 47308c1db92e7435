"""A warm headless Chromium driven by kaleido 1.x: one browser per `Renderer`, each wait on it bounded."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import threading
import weakref

import plotly.graph_objects as go

from dashboard.outputs.export.errors import INSTALL_HINT, BrowserMissingError, ExportError
from dashboard.outputs.export.layout import FORMATS

_IMPORT_LOCK = threading.Lock()
_loaded = False


def load_libraries() -> None:
    """Import kaleido, choreographer and pypdf once, under one lock, before any of them is used.

    Two threads importing kaleido at once (a cold server asked for a PNG and a briefing together) hit its
    circular import (`kaleido._kaleido_tab`, "partially initialized module"), and both requests failed.
    """
    global _loaded
    if _loaded:
        return
    with _IMPORT_LOCK:
        if not _loaded:
            import choreographer.errors  # noqa: F401
            import kaleido  # noqa: F401
            import kaleido.errors  # noqa: F401
            import pypdf  # noqa: F401

            _loaded = True


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
        load_libraries()
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
        load_libraries()
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
