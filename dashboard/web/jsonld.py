"""The claim reviews of a page as JSON-LD in its head, and their feed `/download/claimreview.json`.

`/claims` carries every claim's ClaimReview (outputs/claimreview.py), `/speech/<date>` its claims', `/claim/<id>`
its own; every other page none. They go in the HTML the server sends (app.interpolate_index), where a crawler
reads them without running the page's scripts, in the request's language, their addresses absolute from the
request's own root. Built once per version, language and root (`Snapshot.cache`, an LRU: the root comes from the
request's Host). Inside the script element every `<`, `>` and `&` is a JSON escape, so no quote's text can close
the element (`</script>`) or open a comment.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import flask

from dashboard.i18n import current
from dashboard.outputs.claimreview import by_claim, feed
from dashboard.web.components import current_state
from dashboard.web.store import Snapshot

log = logging.getLogger(__name__)

FORMAT_VERSION = "1"  # part of the feed's ETag: bump when its shape changes
SPEECH = re.compile(r"^/speech/(\d{4}-\d{2}-\d{2})$")
CLAIM = re.compile(r"^/claim/([^/]+)$")
_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def as_script_text(data: Any) -> str:
    """JSON for inside a <script> element: the HTML parser sees no `<` (hence no `</script>`, no `<!--`), `>` or `&`."""
    return script_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def script_safe(json_text: str) -> str:
    """JSON text made safe inside a <script> element, as as_script_text: `<`, `>` and `&` as JSON escapes."""
    return re.sub(r"[<>&]", lambda m: _ESCAPES[m.group(0)], json_text)


def root() -> str:
    """The address the app is served at, as the request reached it: 'https://example.org/'."""
    return flask.request.url_root


def reviews_of(snapshot: Snapshot, lang: str, at: str) -> dict[str, str]:
    """Each claim's review as script text, by claim id: made once, joined per page."""

    def build() -> dict[str, str]:
        return {cid: as_script_text(item) for cid, item in by_claim(snapshot.localized(lang), lang, at).items()}

    return snapshot.cache.get("claimreview", ("page", lang, at), build)


def claims_on(snapshot: Snapshot, path: str) -> list[str]:
    """The ids of the claims whose reviews the page at `path` carries: none for a page that is not about claims."""
    checks = snapshot.assessment.checks
    if path == "/claims":
        return list(checks)
    day = SPEECH.match(path)
    if day:
        return [cid for cid, check in checks.items() if check.said_on == day.group(1)]
    claim = CLAIM.match(path)
    return [claim.group(1)] if claim and claim.group(1) in checks else []


def head_scripts() -> str:
    """The page's `<script type="application/ld+json">`, or "" (no page about claims, no registry, or a failure: the
    page is served without it, and the failure is one line in the log)."""
    if not flask.has_request_context():
        return ""
    try:
        snapshot = current_state().snapshot
        shown = claims_on(snapshot, flask.request.path) if snapshot is not None else []
        if not shown:
            return ""
        everything, wanted = reviews_of(snapshot, current(), root()), set(shown)
        items = [text for cid, text in everything.items() if cid in wanted]
        return f'<script type="application/ld+json">[{",".join(items)}]</script>' if items else ""
    except Exception as exc:  # the page matters more than its markup
        log.warning("no claim reviews in the page %r (%s: %s)", flask.request.path[:200], type(exc).__name__, str(exc)[:200])
        return ""


def _feed_bytes(snapshot: Snapshot, lang: str, at: str) -> bytes:
    return json.dumps(feed(snapshot.localized(lang), lang, at), ensure_ascii=False, indent=1).encode("utf-8")


def claimreview_feed() -> flask.Response:
    """`/download/claimreview.json` (`?lang=ru` for Russian): every claim's review, as a schema.org DataFeed."""
    snapshot = current_state().snapshot
    if snapshot is None:
        return flask.Response("The registry is not loaded yet; try again in a moment.", status=503, mimetype="text/plain")
    lang, at = current(), root()
    data = snapshot.cache.get("claimreview", ("feed", lang, at), lambda: _feed_bytes(snapshot, lang, at))
    response = flask.Response(data, mimetype="application/ld+json")
    response.headers["Content-Type"] = "application/ld+json; charset=utf-8"
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.set_etag(f"{snapshot.version[:32]}-{lang}-{FORMAT_VERSION}")
    return response.make_conditional(flask.request)
