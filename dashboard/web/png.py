"""The in-app PNG download: one warm renderer per app, created on first use, one figure at a time.

Chromium is started by the first PNG request and closed after `idle_seconds` without one, so the
few hundred MB its processes hold go back to the machine; the next request starts it again (~2 s).
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable
from typing import Any

from dashboard.i18n import _
from dashboard.outputs.export.errors import BrowserMissingError, ExportError

log = logging.getLogger(__name__)


class ExportUnavailable(Exception):
    """PNG export cannot run here; the message says why in one short sentence in the reader's language, never the
    error's own text (the log has that)."""


class PngExporter:
    """Renders the report figure of an indicator with the same code as `python -m dashboard export`."""

    def __init__(self, *, wait_seconds: float = 120.0, idle_seconds: float = 120.0) -> None:
        self._lock = threading.Lock()
        self._renderer: Any = None
        self._timer: threading.Timer | None = None
        self._registered = False
        self.wait_seconds = wait_seconds
        self.idle_seconds = idle_seconds

    @property
    def running(self) -> bool:
        """Whether a browser is up (started by a request, not yet closed for idleness)."""
        return self._renderer is not None

    def render(self, assessment: Any, indicator_id: str, fmt: str = "png", *, chosen: str | None = None, base: int | None = None) -> bytes:
        """The PNG or SVG of one indicator, its words (status line, footer, legend, metadata, errors) in the assessment's
        language; `chosen` and `base` as the page shows them (the target in colour, the year re-based to)."""
        from dashboard.i18n import use_language

        with use_language(getattr(assessment, "lang", "en")):
            return self._render(assessment, indicator_id, fmt, chosen, base)

    def _render(self, assessment: Any, indicator_id: str, fmt: str, chosen: str | None, base: int | None) -> bytes:
        from dashboard.outputs.export.batch import render_indicator

        return self.with_renderer(
            lambda renderer: render_indicator(
                assessment, indicator_id, fmt=fmt, preset="report", renderer=renderer, chosen=chosen, base=base
            ),
            what=indicator_id,
        )

    def with_renderer(self, work: Callable[[Any], bytes], *, what: str = "a figure", wait_seconds: float | None = None) -> bytes:
        """`work(renderer)` with the warm browser, one call at a time (the share cards use it too, web/cards.py): a call
        waits at most `wait_seconds` (the exporter's when not given) for the one before it, then ExportUnavailable."""
        from dashboard.outputs.export.renderer import Renderer

        if not self._lock.acquire(timeout=self.wait_seconds if wait_seconds is None else wait_seconds):
            raise ExportUnavailable(_("Another PNG export is still running; try again in a moment."))
        try:
            self._cancel_timer()
            if self._renderer is None:
                try:
                    self._renderer = Renderer()
                except Exception:
                    log.exception("PNG export: the renderer could not be made")
                    raise ExportUnavailable(_("PNG export needs Chromium, which could not be started on this server.")) from None
                if not self._registered:
                    atexit.register(self.close)
                    self._registered = True
            return work(self._renderer)
        except BrowserMissingError:
            log.exception("PNG export: no Chromium")
            raise ExportUnavailable(_("PNG export needs Chromium, which could not be started on this server.")) from None
        except (ExportError, OSError, ImportError):
            log.exception("PNG export of %s failed", what)
            raise ExportUnavailable(_("PNG export failed; try again in a moment.")) from None
        finally:
            if self._renderer is not None and self.idle_seconds > 0:
                self._timer = threading.Timer(self.idle_seconds, self._close_if_idle)
                self._timer.daemon = True
                self._timer.start()
            self._lock.release()

    def _cancel_timer(self) -> None:
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()

    def _close_if_idle(self) -> None:
        """The idle timer: close the browser unless a render holds it (that render sets a new timer)."""
        if not self._lock.acquire(blocking=False):
            return
        try:
            if self._timer is not None and self._timer is threading.current_thread():
                self._timer = None
                self._close_renderer()
        finally:
            self._lock.release()

    def _close_renderer(self) -> None:
        renderer, self._renderer = self._renderer, None
        if renderer is not None:
            renderer.close()

    def close(self) -> None:
        self._cancel_timer()
        self._close_renderer()
