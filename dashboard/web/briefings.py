"""Briefing PDFs made off the request threads: a small bounded pool, a cache per version, language and selection,
and a per-client limit.

A briefing takes seconds of Chromium. The button's callback hands the work to this worker's pool and
answers at once ("being made"); the page then asks again about once a second, and the answer that finds
the PDF ready sends it. A repeat request of the same selection, language and version is answered from
the snapshot's cache (web/cache.py, kind "briefing") at once. At most `max_pending` briefings wait or
run per worker: beyond that a visitor is asked to try again. Each chart's SVG is kept per version and
language (kind "report_chart"), so a briefing of another selection draws only the charts not drawn
before. Each client (the request's address) may start at most `ClientLimit.count` new briefings within
its window; the clock is an argument, for tests.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dashboard.i18n import use_language

log = logging.getLogger(__name__)

MAX_CLIENTS = 4096  # addresses remembered by the limit; the oldest is forgotten first


class ClientLimit:
    """At most `count` events per client within `window_seconds` (a sliding window), for a bounded number of clients."""

    def __init__(self, count: int = 6, window_seconds: float = 60.0, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.count, self.window = count, window_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: OrderedDict[str, list[float]] = OrderedDict()

    def allow(self, client: str) -> bool:
        """Whether `client` may start one more now; when it may, that start is counted."""
        now = self._clock()
        with self._lock:
            times = [t for t in self._seen.pop(client, []) if now - t < self.window]
            allowed = len(times) < self.count
            if allowed:
                times.append(now)
            self._seen[client] = times
            while len(self._seen) > MAX_CLIENTS:
                self._seen.popitem(last=False)
            return allowed


@dataclass(frozen=True)
class Outcome:
    """What a briefing request found: "ready" (with the PDF), "pending", "busy", "limited" or "failed"."""

    status: str
    data: bytes = b""


class BriefingService:
    """One per app (per gunicorn worker): renders with `make(assessment, ids, selection)` in its own threads."""

    def __init__(
        self,
        make: Callable[..., bytes] | None = None,
        *,
        workers: int = 1,
        max_pending: int = 8,
        limit: ClientLimit | None = None,
    ) -> None:
        self._make = make
        self._workers = workers
        self._pool: concurrent.futures.ThreadPoolExecutor | None = None
        self._pending: set[concurrent.futures.Future] = set()
        self._renderer: Any = None  # used by the pool's threads only
        self._lock = threading.Lock()
        self.max_pending = max_pending
        self.limit = limit or ClientLimit()

    def request(self, snapshot: Any, lang: str, ids: list[str], selection: str, client: str) -> Outcome:
        """The briefing of `ids` in `lang` for `snapshot`'s version: ready, started now, or why not. Never waits for Chromium."""
        parts = (lang, tuple(ids), selection)
        refused: list[str] = []

        def submit() -> concurrent.futures.Future | None:
            if not self.limit.allow(client):
                refused.append("limited")
                return None
            future = self._submit(snapshot, lang, ids, selection)
            if future is None:
                refused.append("busy")
            return future

        future = snapshot.cache.get("briefing", parts, submit)
        if future is None:
            snapshot.cache.discard("briefing", parts)  # a refusal is not kept: the next click tries again
            return Outcome(refused[0] if refused else "busy")
        if not future.done():
            return Outcome("pending")
        if future.exception() is not None:
            snapshot.cache.discard("briefing", parts)  # nor is a failure (logged by _render)
            return Outcome("failed")
        return Outcome("ready", future.result())

    def _submit(self, snapshot: Any, lang: str, ids: list[str], selection: str) -> concurrent.futures.Future | None:
        with self._lock:
            if len(self._pending) >= self.max_pending:
                return None
            if self._pool is None:
                self._pool = concurrent.futures.ThreadPoolExecutor(self._workers, thread_name_prefix="briefing")
            future = self._pool.submit(self._render, snapshot, lang, ids, selection)
            self._pending.add(future)
        future.add_done_callback(self._finished)
        return future

    def _finished(self, future: concurrent.futures.Future) -> None:
        with self._lock:
            self._pending.discard(future)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every briefing started so far is made (or failed), at most `timeout` seconds; whether they all are."""
        with self._lock:
            pending = list(self._pending)
        return not concurrent.futures.wait(pending, timeout).not_done

    def _render(self, snapshot: Any, lang: str, ids: list[str], selection: str) -> bytes:
        """In a pool thread: one briefing, its charts drawn by a browser kept up while more briefings wait."""
        make = self._make
        if make is None:
            from dashboard.outputs.report import briefing_pdf as make
        if self._renderer is None:
            from dashboard.outputs.export.renderer import Renderer

            self._renderer = Renderer()
        try:
            with use_language(lang):

                def chart(indicator_id: str, draw: Callable[[], bytes]) -> bytes:  # each chart drawn once per version and language
                    return snapshot.cache.get("report_chart", (indicator_id, lang), draw)

                return make(snapshot.localized(lang), ids, selection=selection, renderer=self._renderer, chart_cache=chart)
        except Exception:
            log.exception("the briefing of %d indicators (%s) failed", len(ids), lang)
            raise
        finally:
            with self._lock:
                idle = len(self._pending) <= 1  # only this one: the browser's few hundred MB go back until the next
            if idle:
                self._close_renderer()

    def _close_renderer(self) -> None:
        renderer, self._renderer = self._renderer, None
        if renderer is not None:
            renderer.close()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        if not self._pending:
            self._close_renderer()
