"""Files whose address changes with their bytes, compressed once per worker at a strong level.

Those are Dash's fingerprinted bundles, the assets folder's files with `?m=<mtime>` and the embeds'
plotly.js (web/bundle.py). flask-compress compresses every other response afresh at a level a request can
afford (brotli 4, gzip 6); a file sent from disk it would even stream, and then only with the streaming
algorithms (no gzip). A fixed file is compressed here instead, the first time a worker serves it:
brotli 9 makes the plotly.js bundle 0.36 MB instead of 0.40 MB, in a tenth of a second, once.
flask-compress leaves a response alone once it has a `Content-Encoding`.
"""

from __future__ import annotations

import gzip
import threading

import brotli
import flask

LEVELS = {"br": 9, "gzip": 9}
# any fingerprint in a bundle's address names the same file, so the keys come from requests: at most this many
# are kept, and past that a file is compressed at the strong level per request (the app serves about 20, in two encodings)
MAX_ENTRIES = 64
MIN_SIZE = 500
TYPES = frozenset({"text/javascript", "application/javascript", "text/css", "application/json", "image/x-icon", "image/vnd.microsoft.icon"})


def static_key(request: flask.Request) -> str:
    """The key of a file whose address changes with its bytes; '' for anything else."""
    from dash.fingerprint import check_fingerprint

    if request.method != "GET":
        return ""
    if "/_dash-component-suites/" in request.path and check_fingerprint(request.path)[1]:
        return request.path
    if (request.endpoint or "").endswith("dash_assets.static") and request.args.get("m"):
        return f"{request.path}?m={request.args['m']}"
    if request.endpoint == "share_plotly_js":
        return request.path
    return ""


def _compress(encoding: str, data: bytes) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=LEVELS["br"])
    return gzip.compress(data, LEVELS["gzip"], mtime=0)


class StaticCompressor:
    """One worker's compressed copies of the fixed files it has served, by encoding and key."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._data: dict[tuple[str, str], bytes] = {}
        self._lock = threading.Lock()
        self.max_entries = max_entries

    def body(self, encoding: str, key: str, data: bytes) -> bytes:
        found = self._data.get((encoding, key))
        if found is not None:
            return found
        body = _compress(encoding, data)
        with self._lock:
            if len(self._data) < self.max_entries:
                self._data[(encoding, key)] = body
        return body

    def __len__(self) -> int:
        return len(self._data)

    def after_request(self, response: flask.Response) -> flask.Response:
        """Compress a fixed file's 200 answer in the encoding the browser prefers (brotli, else gzip)."""
        request = flask.request
        if response.status_code != 200 or "Content-Encoding" in response.headers or response.mimetype not in TYPES:
            return response
        key = static_key(request)
        encoding = request.accept_encodings.best_match(["br", "gzip"]) if key else None
        if not encoding:
            return response
        response.direct_passthrough = False
        data = response.get_data()  # a file sent from disk is read, and closed with the response
        if len(data) < MIN_SIZE:
            return response
        response.set_data(self.body(encoding, key, data))
        response.headers["Content-Encoding"] = encoding
        response.vary.add("Accept-Encoding")
        etag, weak = response.get_etag()
        if etag and not weak:
            response.set_etag(f"{etag}:{encoding}")
        return response


__all__ = ["LEVELS", "MAX_ENTRIES", "StaticCompressor", "static_key"]
