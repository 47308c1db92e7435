"""Share cards at stable addresses: `/card/indicator/<id>.png`, `/card/claim/<claim_id>.png`, `/card/speech/<date>.png`.

Each is a 1200×630 PNG (outputs/cards) in the request's language (`?lang=ru`), rendered once per registry version and
language and kept in the snapshot's cache (kind "share_card", an LRU: the key is the request's). An id the registry
does not know is a 404 before anything is drawn. The ETag holds the version and the language, and a matching
`If-None-Match` is a 304 without a render. Rendering uses the app's one warm browser (web/png.PngExporter), one
figure at a time; at most `max_waiting` card requests wait for it per worker, each for at most `wait_seconds`, and
any more are told to come back (503 with Retry-After), so that link-preview crawlers never hold every request thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import flask

from dashboard.i18n import current
from dashboard.web.components import EXTENSION, current_state
from dashboard.web.png import ExportUnavailable

KINDS = ("indicator", "claim", "speech")
FORMAT_VERSION = "1"  # part of the ETag: bump when a card's look changes
CACHE_CONTROL = "public, max-age=600"  # a preview fetched again within ten minutes is not asked for; then revalidated by ETag
RETRY_SECONDS = 5


class Busy(Exception):
    """Too many card requests are already waiting for the browser."""


@dataclass(frozen=True)
class Card:
    """What a card address names: its kind, its id in the registry, and how to draw it."""

    kind: str
    key: str
    title: str
    figure: Callable[[], Any]


def find(assessment: Any, kind: str, key: str) -> Card | None:
    """The card an address names, or None when the registry has no such indicator, claim or speech (nothing is drawn)."""
    from dashboard.outputs import cards

    if kind == "indicator":
        view = assessment.view(key)
        return Card(kind, key, view.indicator.title, lambda: cards.indicator_card(assessment, key)) if view is not None else None
    if kind == "claim":
        check = assessment.checks.get(key)
        return Card(kind, key, check.text or key, lambda: cards.claim_card(assessment, key)) if check is not None else None
    if kind == "speech":
        found = cards.scorecard_of(assessment, key)
        return Card(kind, key, cards.words.speech_title(key), lambda: cards.speech_card(assessment, found)) if found else None
    return None


class CardService:
    """One per app (per gunicorn worker): how many card requests may wait for the browser, and for how long."""

    def __init__(self, *, max_waiting: int = 2, wait_seconds: float = 20.0) -> None:
        self._slots = threading.BoundedSemaphore(max_waiting)
        self.wait_seconds = wait_seconds

    def render(self, exporter: Any, assessment: Any, card: Card) -> bytes:
        from dashboard.outputs.cards import card_metadata, render_card

        if not self._slots.acquire(blocking=False):
            raise Busy
        try:
            fig = card.figure()
            meta = card_metadata(assessment, card.title)
            return exporter.with_renderer(
                lambda renderer: render_card(fig, meta, renderer), what=f"the {card.kind} card {card.key}", wait_seconds=self.wait_seconds
            )
        finally:
            self._slots.release()


def _plain(text: str, status: int, **headers: str) -> flask.Response:
    response = flask.Response(text + "\n", status=status, mimetype="text/plain")
    response.headers.update(headers)
    return response


def card(kind: str, key: str) -> flask.Response:
    """`/card/<kind>/<key>.png`: the card's PNG, a 304 for a matching ETag, a 404 (naming nothing) for an unknown id."""
    snapshot = current_state().snapshot
    if snapshot is None:
        return _plain("The registry is not loaded yet; try again in a moment.", 503, **{"Retry-After": str(RETRY_SECONDS)})
    lang = current()
    assessment = snapshot.localized()
    found = find(assessment, kind, key) if kind in KINDS else None
    if found is None:
        return _plain("not found", 404)
    etag = f"{snapshot.version[:32]}-{lang}-{FORMAT_VERSION}"
    if flask.request.if_none_match.contains(etag):
        response = flask.Response(status=304)
        response.set_etag(etag)
        response.headers["Cache-Control"] = CACHE_CONTROL
        return response
    context = flask.current_app.extensions[EXTENSION]
    try:
        data = snapshot.cache.get("share_card", (kind, key, lang), lambda: context.cards.render(context.exporter, assessment, found))
    except Busy:
        return _plain("Other cards are being drawn; try again in a moment.", 503, **{"Retry-After": str(RETRY_SECONDS)})
    except ExportUnavailable as exc:
        return _plain(str(exc), 503, **{"Retry-After": str(RETRY_SECONDS)})
    response = flask.Response(data, mimetype="image/png")
    response.set_etag(etag)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Content-Disposition"] = f'inline; filename="{kind}-{found.key}-{lang}.png"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


__all__ = ["KINDS", "Busy", "Card", "CardService", "card", "find"]
