"""The Dash app factory: `create_app(registry_path)` builds one app with its own registry store.

No I/O happens at import. Pages are registered explicitly; their layout
functions find the store of the app serving the request, so several apps can
live in one process. Under gunicorn every worker builds its own app and store.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dash
import dash_bootstrap_components as dbc
import flask
from dash import dcc, html

from dashboard.i18n import LANGUAGE_NAMES, LANGUAGES, _, current
from dashboard.outputs.history import History
from dashboard.web import bundle, first_page, ids, jsonld, previews, routes
from dashboard.web.briefings import BriefingService, ClientLimit
from dashboard.web.callbacks import register_callbacks
from dashboard.web.cards import CardService
from dashboard.web.components import EXTENSION, banner, current_state, footer_text, href
from dashboard.web.pages import register_pages
from dashboard.web.png import PngExporter
from dashboard.web.static import StaticCompressor
from dashboard.web.store import RegistryStore, Snapshot

ASSETS = Path(__file__).resolve().parent / "assets"
# Dash's own page, with its script block in a <div>: its default <footer> would be a second contentinfo landmark
INDEX = """<!DOCTYPE html>
<html>
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <div class="dash-scripts">
            {%config%}
            {%scripts%}
            {%renderer%}
        </div>
    </body>
</html>"""
APP_TITLE = "Crime statistics: claims and targets"
log = logging.getLogger(__name__)


@dataclass
class AppContext:
    """What the callbacks and layouts of one app instance share, kept in `server.extensions`."""

    store: RegistryStore
    exporter: PngExporter = field(default_factory=PngExporter)
    briefings: BriefingService = field(default_factory=BriefingService)  # made off the request threads, cached, limited per client
    cards: CardService = field(default_factory=CardService)  # the share cards' waits for the exporter's browser
    poll_interval_ms: int = 1000
    history: History | None = None  # the history folder's records, when the app keeps them


def navbar() -> html.Header:
    links = [
        (_("Overview"), "/"),
        (_("Speeches"), "/speeches"),
        (_("Claims"), "/claims"),
        (_("Sources"), "/sources"),
        (_("Methods"), "/methods"),
    ]
    switch = [
        html.A(
            LANGUAGE_NAMES[code],
            href=f"/?lang={code}" if code != "en" else "/",
            lang=code,
            className="nav-link lang-link" + (" active" if code == current() else ""),
            **{"data-lang": code, "aria-current": "true" if code == current() else None},
        )
        for code in LANGUAGES
    ]
    return html.Header(
        html.Nav(
            dbc.Navbar(
                dbc.Container(
                    [
                        dbc.NavbarBrand(_("Crime statistics: claims and targets"), href=href("/")),
                        dbc.Nav(
                            [dbc.NavItem(dbc.NavLink(text, href=href(path), active="exact")) for text, path in links],
                            navbar=True,
                            className="me-auto flex-wrap",  # four links in Russian outgrow a 390 px phone: wrap them
                        ),
                        html.Div(switch, className="nav lang-switch", role="group", **{"aria-label": _("Language")}),
                    ],
                    fluid="xxl",
                    className="flex-wrap",
                ),
                color="dark",
                dark=True,
                tag="div",
                expand=True,
            ),
            className="mb-3",
            **{"aria-label": _("Main")},
        )
    )


def shell() -> html.Div:
    """The frame around every page, evaluated per page load."""
    state = current_state()
    poll_ms = flask.current_app.extensions[EXTENSION].poll_interval_ms
    return html.Div(
        [
            html.A(_("Skip to the content"), href="#content", className="visually-hidden-focusable skip-link"),
            navbar(),
            dcc.Store(id=ids.REGISTRY_VERSION, data=state.version),
            dcc.Store(id=ids.REGISTRY_PROBLEMS_TOKEN, data=state.problems_token),
            dcc.Store(id=ids.HTML_LANG),
            dcc.Interval(id=ids.RELOAD_POLL, interval=poll_ms),
            html.Main(
                dbc.Container(
                    [
                        html.Div(banner(state), id=ids.REGISTRY_BANNER, className="mb-3", **{"aria-live": "polite"}),
                        first_page.page_container(),
                    ],
                    fluid="xxl",
                    className="page",
                ),
                id="content",
                tabIndex=-1,
            ),
            html.Footer(
                dbc.Container(
                    html.Small(
                        [html.Span(footer_text(state), id=ids.FOOTER_VERSION), " · ", dcc.Link(_("What changed"), href=href("/changes"))]
                    ),
                    fluid="xxl",
                ),
                className="app-footer",
            ),
        ]
    )


def create_app(
    registry_path: str | Path,
    *,
    poll_interval_ms: int = 1000,
    settle_seconds: float = 0.3,
    history: str | Path | None = None,
    briefings_per_minute: int = 6,
    **dash_kwargs: Any,
) -> dash.Dash:
    """A Dash app serving the registry at `registry_path`, reloading it when it changes.

    With `history` (a folder), each version it publishes is kept there and /changes lists them.
    `briefings_per_minute`: how many new briefings one client address may start a minute (web/briefings.py).
    """
    kept = History(history) if history is not None else None

    def record(snapshot: Snapshot) -> None:
        if kept is not None:
            kept.record(snapshot.assessment, snapshot.loaded_at)

    store = RegistryStore(registry_path, settle_seconds=settle_seconds, on_publish=record)
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ASSETS),
        assets_ignore=bundle.ASSETS_IGNORE,
        title=APP_TITLE,
        update_title=None,
        suppress_callback_exceptions=True,
        serve_locally=True,
        enable_mcp=False,
        index_string=INDEX,
        include_pages_meta=False,  # each page's link preview is web/previews.py's, in the reader's language
        **dash_kwargs,
    )
    _serve_fast(app)
    context = AppContext(
        store=store,
        poll_interval_ms=poll_interval_ms,
        history=kept,
        briefings=BriefingService(limit=ClientLimit(briefings_per_minute)),
    )
    app.server.extensions[EXTENSION] = context
    register_pages()
    app.layout = shell
    register_callbacks(app)
    routes.register(app)
    store.state()  # starts the first check in the background, before the first request
    return app


YEAR = 365 * 24 * 3600
MAX_BODY_BYTES = 1 << 20


def _serve_fast(app: dash.Dash) -> None:
    """Compressed responses, a year of browser cache for fingerprinted files, plotly.js loaded with the page,
    and no script the pages do not need (UNUSED_SCRIPTS).

    - flask-compress (gzip; brotli where the browser offers it) for every answer; each fingerprinted file
      once per worker, at a stronger level (web/static.py): the plotly.js bundle goes from 1.2 MB to 0.36 MB.
    - Dash fingerprints its component bundles (a year of cache already); the assets folder's files carry
      `?m=<mtime>` in the page, so those addresses change with the file too, and get a year as well.
    - dcc.Graph fetches the full plotly.min.js (not fingerprinted: revalidated on every visit) only once
      the page callback has returned a graph, then its own chunk, unless the page has set `window.Plotly`.
      The index loads plotly's partial bundle "basic" (web/bundle.py: every trace type the app draws,
      a quarter of the bytes) from the assets folder, fingerprinted, as an async script of its head instead,
      so it downloads with the page's other files and runs once read (PAGE_SCRIPT sets `window.Plotly`
      until then), and loads dcc's graph chunk with dcc.
    - The page carries its first layout, with the page in it, and the callback list (first_page): the
      renderer renders without a request.
    """
    from flask_compress import Compress

    server = app.server
    server.config.update(
        # a request body over this is refused with a 413 before anything reads it: a callback's body is a few KB
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_ALGORITHM_STREAMING=["br", "deflate"],
        COMPRESS_LEVEL=6,
        COMPRESS_BR_LEVEL=4,
        COMPRESS_MIN_SIZE=500,
    )
    Compress(server)
    # runs before flask-compress (Flask calls these last first), which leaves an encoded response alone
    server.after_request(StaticCompressor().after_request)

    @server.before_request
    def refuse_large_bodies() -> flask.Response | None:
        """A body over MAX_CONTENT_LENGTH is refused before any hook or view reads it: 413, unread."""
        length = flask.request.content_length
        if length is not None and length > MAX_BODY_BYTES:
            return flask.Response("request body too large\n", status=413, mimetype="text/plain")
        return None

    @server.after_request
    def cache_assets(response: flask.Response) -> flask.Response:
        endpoint = flask.request.endpoint or ""
        if endpoint.endswith("dash_assets.static") and flask.request.args.get("m") and response.status_code == 200:
            response.cache_control.public = True
            response.cache_control.max_age = YEAR
            response.cache_control.no_cache = None
            response.cache_control.immutable = True
        return response

    original = app.interpolate_index

    def interpolate_index(**kwargs: str) -> str:
        """Dash's page without the scripts it does not need, in the request's language (<html lang>)."""
        kwargs["scripts"] = UNUSED_SCRIPTS.sub("", kwargs.get("scripts", ""))
        kwargs["metas"] = kwargs.get("metas", "") + previews.meta_tags()  # the page's link preview, in its language
        kwargs["metas"] = kwargs.get("metas", "") + jsonld.head_scripts()  # the page's claim reviews (schema.org JSON-LD)
        kwargs["renderer"] = first_page.embedded(app) + kwargs.get("renderer", "")  # the renderer's first two fetches, answered
        return original(**kwargs).replace("<html>", f'<html lang="{current()}">', 1)

    app.interpolate_index = interpolate_index  # type: ignore[method-assign]

    plotly_url = _asset_url(app, bundle.PATH)
    graph_url = _suite_url(app, "dash", "dcc/async-graph.js")
    app.index_string = (
        app.index_string.replace("{%css%}", f'<script async id="{PLOTLY_ID}" src="{plotly_url}"></script>{{%css%}}', 1)
        .replace("{%scripts%}", f'{{%scripts%}}<script src="{graph_url}"></script>', 1)
        .replace(
            "{%renderer%}",
            page_script() + "{%renderer%}",
            1,
        )
    )


# Scripts Dash puts in every page that this app does without:
# - @babel/polyfill 7 (core-js 2 and regenerator-runtime), for browsers without ES2017. Every browser React 18
#   runs in has those built in. Without it the indicator page drew its chart in 0.98× the time cold and 0.91×
#   on later visits (taking turns on one server, 5 rounds; benchmarks/RESULTS.md). The bundles need only its
#   global `regeneratorRuntime`, which the assets folder ships (regenerator-runtime-0.14.1.js, loaded before
#   dash-renderer and dcc, which call it; dash-bootstrap-components, loaded earlier, brings its own).
# - dash_table's bundle: no page holds a DataTable.
UNUSED_SCRIPTS = re.compile(r'<script src="[^"]*/_dash-component-suites/dash/(?:deps/polyfill@|dash_table/bundle\.)[^"]*"></script>\n?')


# The page's script, before the renderer starts. plotly.js is an async script of the page's head: it runs
# as soon as it is read, while the page's other scripts load, with no request waiting on it. dcc.Graph
# waits on window.Plotly while it is a promise (`window.Plotly || load()` in dcc), which this script
# sets unless plotly.js has run already; the bundle replaces it with itself. The renderer's fetches
# of `/_dash-layout` and `/_dash-dependencies` are answered from the page (first_page.embedded), once
# each; without an embedded layout, the fetch names the page instead.
PLOTLY_ID = "plotly-js"
MAX_LAYOUT_URL = 2000  # characters; gunicorn refuses request lines over 4,094 bytes, and the address is encoded twice
PAGE_SCRIPT = """<script>(function () {
  var fetch0 = window.fetch, script = document.getElementById($PLOTLY_ID);
  if (!window.Plotly && script) {
    var waiting = window.Plotly = new Promise(function (ok, fail) {
      script.addEventListener("load", function () { ok(window.Plotly); });
      script.addEventListener("error", fail);
      // the window's load event comes after every async script: one that failed before this listened fails here
      window.addEventListener("load", function () { if (window.Plotly === waiting) { fail(new Error("plotly.js did not load")); } });
    });
  }
  var held = {"_dash-layout": $LAYOUT_ID, "_dash-dependencies": $DEPENDENCIES_ID}, named = false;
  var answer = function (element) {
    element.parentNode.removeChild(element);
    return Promise.resolve(new Response(element.textContent, {status: 200, headers: {"Content-Type": "application/json"}}));
  };
  window.fetch = function (resource, options) {
    var name = typeof resource === "string" ? resource.split("?")[0].split("/").pop() : "";
    var element = held.hasOwnProperty(name) ? document.getElementById(held[name]) : null;
    if (element) { return answer(element); }
    if (name === "_dash-layout" && !named && resource.indexOf("?") < 0) {
      named = true;
      var page = resource + "?page_path=" + encodeURIComponent(window.location.pathname)
        + "&page_search=" + encodeURIComponent(window.location.search);
      // a long address (a long search in the URL) would pass a server's request-line limit: Dash's router draws that page
      return fetch0.call(this, page.length <= $MAX_LAYOUT_URL ? page : resource, options);
    }
    return fetch0.apply(this, arguments);
  };
})();</script>"""


def page_script() -> str:
    """PAGE_SCRIPT with its names filled in."""
    names = {
        "$PLOTLY_ID": PLOTLY_ID,
        "$LAYOUT_ID": first_page.LAYOUT_ID,
        "$DEPENDENCIES_ID": first_page.DEPENDENCIES_ID,
        "$MAX_LAYOUT_URL": MAX_LAYOUT_URL,
    }
    script = PAGE_SCRIPT
    for name, value in names.items():
        script = script.replace(name, json.dumps(value))
    return script


def _asset_url(app: dash.Dash, path: Path) -> str:
    """The address of a file of the assets folder with its `?m=<mtime>`, as Dash writes it for the assets it puts in a page."""
    return f"{app.get_asset_url(path.name)}?m={int(path.stat().st_mtime)}"


def _suite_url(app: dash.Dash, namespace: str, relative: str) -> str:
    """The fingerprinted address Dash serves a package file at, with a year of cache (as it builds its own)."""
    import importlib

    from dash.fingerprint import build_fingerprint

    module = importlib.import_module(namespace)
    modified = int((Path(module.__file__).parent / relative).stat().st_mtime)
    app.registered_paths[namespace].add(relative)
    fingerprinted = build_fingerprint(relative, module.__version__, modified)
    return f"{app.config.requests_pathname_prefix}_dash-component-suites/{namespace}/{fingerprinted}"
