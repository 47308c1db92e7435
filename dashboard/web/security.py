"""What every response of the app carries whatever its address: the framing policy, and errors as one plain line.

Only the embed may be framed, by anyone; every other response refuses framing (clickjacking). An error
that escapes a handler becomes a 500 with one line of text, never a traceback: the log keeps the traceback.
"""

from __future__ import annotations

import logging

import flask
from dash.exceptions import DependencyException
from werkzeug.exceptions import HTTPException

EMBED_ENDPOINT = "share_embed"
FRAMEABLE = frozenset({EMBED_ENDPOINT})  # endpoints other sites may put in a frame
log = logging.getLogger(__name__)


def _with_directive(policy: str | None, directive: str) -> str:
    """`policy` with its frame-ancestors directive replaced by (or extended with) `directive`."""
    kept = [d.strip() for d in (policy or "").split(";") if d.strip() and not d.strip().lower().startswith("frame-ancestors")]
    return "; ".join([*kept, directive])


def frame_policy(response: flask.Response) -> flask.Response:
    """Only the embed may be framed, by anyone; every other response of the app refuses framing (clickjacking)."""
    if flask.request.endpoint in FRAMEABLE:
        response.headers.pop("X-Frame-Options", None)
        response.headers["Content-Security-Policy"] = _with_directive(response.headers.get("Content-Security-Policy"), "frame-ancestors *")
    else:
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = _with_directive(
            response.headers.get("Content-Security-Policy"), "frame-ancestors 'none'"
        )
    return response


def internal_error(exc: Exception) -> flask.Response | HTTPException:
    """An HTTP error keeps its own response; any other exception is logged and answered with one line."""
    if isinstance(exc, HTTPException):
        return exc
    if isinstance(exc, DependencyException):  # Dash's answer for a component file it does not have
        return flask.Response("not found\n", status=404, mimetype="text/plain")
    if flask.current_app.debug:  # `make debug`: Dash's own page with the traceback, for the developer
        raise exc
    log.exception("unhandled error serving %s", flask.request.path[:200])
    return flask.Response("internal error: the dashboard could not answer this request\n", status=500, mimetype="text/plain")
