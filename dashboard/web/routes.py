"""Every plain HTTP address of the app, in one table (`ROUTES`), and every hook that runs on every request.

Dash serves the pages, its callbacks and its assets; everything else a browser, a script or another site
can ask for is listed here, with the function that answers it. The hooks, in the order they run: the
callback guard, the request's language, the status code of an address (404 for an unknown indicator, speech, claim
or path, with the not-found page; a plain 404 for an address that is no page and that no route serves);
after each response, its framing policy; an error, as one line. (The app adds its own: the body limit,
compression and the year of cache for fingerprinted files, app._serve_fast.)
"""

from __future__ import annotations

import re

import dash
import flask

from dashboard.web import api, api_index, cards, downloads, embeds, jsonld
from dashboard.web.components import current_state
from dashboard.web.guard import guard_callback_requests
from dashboard.web.language import install as install_language
from dashboard.web.language import is_page
from dashboard.web.security import EMBED_ENDPOINT, frame_policy, internal_error

PAGES = re.compile(r"^/(claims|sources|changes|speeches|methods|404)?$")
INDICATOR = re.compile(r"^/indicator/([^/]+)$")
SPEECH = re.compile(r"^/speech/(\d{4}-\d{2}-\d{2})$")  # a speech's page; another date, or no date, is a 404
CLAIM = re.compile(r"^/claim/([^/]+)$")  # a claim's page; an id the assessment has no check of is a 404
# Dash's own rule for every address it has nothing else for: it answers each with the app
CATCH_ALL = frozenset({"/", "/<path:path>"})


# (rule, endpoint, handler); an endpoint named here is what url_for and the framing policy know it by
ROUTES = [
    ("/api/", "api_index_page", api_index.index_page),
    ("/api/index.json", "api_index", api_index.index_json),
    ("/api/registry", "api_registry", api.registry_status),
    ("/healthz", "healthz", api.health),
    ("/api/changes", "api_changes", api.changes),
    ("/indicator/<path:indicator_id>.csv", "indicator_csv_file", downloads.indicator_csv_file),
    ("/download/claimreview.json", "claimreview_feed", jsonld.claimreview_feed),  # a static rule: werkzeug tries it before <name>
    ("/download/<name>", "share_download", downloads.download),
    ("/embed/<indicator_id>", EMBED_ENDPOINT, embeds.embed),
    ("/embed/<path:rest>", "share_embed_other", embeds.embed_other),
    ("/_share/<name>", "share_plotly_js", embeds.plotly_js),
    ("/card/<kind>/<key>.png", "share_card", cards.card),  # a link preview's image: web/cards.py
]


def register(app: dash.Dash) -> None:
    """Add every address of ROUTES and the hooks to `app`'s server."""
    server = app.server
    for rule, endpoint, handler in ROUTES:
        server.add_url_rule(rule, endpoint, handler, methods=["GET"])
    guard_callback_requests(app)
    install_language(app)

    @server.before_request
    def _status_of_pages() -> flask.Response | None:
        """The page router answers every address with the app; an address that names nothing gets its page with a 404."""
        path = flask.request.path
        if flask.request.method not in ("GET", "HEAD"):
            return None
        if not is_page(path):  # /api/nope, /healthzzz, /x.csv: an address of a kind that is no page, and names nothing
            rule = flask.request.url_rule
            found_nothing = rule is None or rule.endpoint in CATCH_ALL
            return flask.Response("not found\n", status=404, mimetype="text/plain") if found_nothing else None
        if PAGES.match(path):
            return None
        found = INDICATOR.match(path)
        snapshot = current_state().snapshot
        if found and (snapshot is None or snapshot.localized().view(found.group(1)) is not None):
            return None
        day = SPEECH.match(path)
        if day and (snapshot is None or any(c.said_on == day.group(1) for c in snapshot.localized().checks.values())):
            return None
        claim = CLAIM.match(path)
        if claim and (snapshot is None or claim.group(1) in snapshot.assessment.checks):
            return None
        return flask.Response(app.index(), status=404, mimetype="text/html")

    server.after_request(frame_policy)
    server.register_error_handler(Exception, internal_error)
