"""The in-app PNG download: one warm renderer per app, created on first use, one figure at a time."""

from __future__ import annotations

import atexit
import threading
from typing import Any

from .errors import ExportError


class ExportUnavailable(Exception):
    """PNG export cannot run here; the message says why in one sentence."""


class PngExporter:
    """Renders the report figure of an indicator with the same code as `python -m dashboard export`."""

    def __init__(self, *, wait_seconds: float = 120.0) -> None:
        self._lock = threading.Lock()
        self._renderer: Any = None
        self.wait_seconds = wait_seconds

    def render(self, assessment: Any, indicator_id: str) -> bytes:
        from .batch import render_indicator
        from .renderer import Renderer

        if not self._lock.acquire(timeout=self.wait_seconds):
            raise ExportUnavailable("Another PNG export is still running; try again in a moment.")
        try:
            if self._renderer is None:
                try:
                    self._renderer = Renderer()
                except Exception as exc:
                    raise ExportUnavailable(f"PNG export needs Chromium, which could not be started: {exc}") from None
                atexit.register(self.close)
            return render_indicator(assessment, indicator_id, fmt="png", preset="report", renderer=self._renderer)
        except ExportError as exc:
            raise ExportUnavailable(f"PNG export failed: {exc}") from None
        except OSError as exc:
            raise ExportUnavailable(f"PNG export failed; is Chromium installed? ({type(exc).__name__}: {exc})") from None
        finally:
            self._lock.release()

    def close(self) -> None:
        renderer, self._renderer = self._renderer, None
        if renderer is not None:
            renderer.close()
