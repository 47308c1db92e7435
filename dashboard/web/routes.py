"""Plain HTTP routes beside the Dash pages: an indicator's CSV at its own address, and the status
code of a page address (404 for an unknown indicator or path, with the not-found page)."""

from __future__ import annotations

import re

import dash
import flask

from dashboard.web.components import current_state
from dashboard.web.language import is_page
from dashboard.web.pages.indicator_sections import indicator_csv

PAGES = re.compile(r"^/(claims|sources|404)?$")
INDICATOR = re.compile(r"^/indicator/([^/]+)$")


def register(app: dash.Dash) -> None:
    server = app.server

    @server.get("/indicator/<path:indicator_id>.csv")
    def indicator_csv_file(indicator_id: str) -> flask.Response:
        """Every published value of one indicator, as a series file (README: "Downloads")."""
        snapshot = current_state().snapshot
        view = snapshot.assessment.view(indicator_id) if snapshot else None  # a data file: the registry's own (English) texts, in any page language
        if view is None:
            return flask.Response(f"no indicator {indicator_id!r}\n", status=404, mimetype="text/plain")
        response = flask.Response(indicator_csv(snapshot.assessment.registry, view), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{view.id}.csv"'
        response.headers["Cache-Control"] = "no-cache"
        response.set_etag(snapshot.version)
        return response.make_conditional(flask.request)

    @server.before_request
    def _status_of_pages() -> flask.Response | None:
        """The page router answers every address with the app; an address that names nothing gets its page with a 404."""
        path = flask.request.path
        if flask.request.method != "GET" or not is_page(path) or PAGES.match(path):
            return None
        found = INDICATOR.match(path)
        snapshot = current_state().snapshot
        if found and (snapshot is None or snapshot.localized().view(found.group(1)) is not None):
            return None
        return flask.Response(app.index(), status=404, mimetype="text/html")
