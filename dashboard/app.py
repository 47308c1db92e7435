"""The Dash app factory: `create_app(registry_path)` builds one app with its own registry store.

No I/O happens at import. Pages are registered explicitly; their layout
functions find the store of the app serving the request, so several apps can
live in one process. Under gunicorn every worker builds its own app and store.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dash
import dash_bootstrap_components as dbc
import flask
from dash import dcc, html

from . import downloads, embeds, routes
from .callbacks import register_callbacks
from .components import EXTENSION, MAX_PROBLEM_LINES, banner, current_state, footer_text, href
from .export.service import PngExporter
from .guard import guard_callback_requests
from .i18n import LANGUAGE_NAMES, LANGUAGES, _, current
from .language import install as install_language
from .pages import register_pages
from .store import RegistryStore

ASSETS = Path(__file__).resolve().parent / "assets"
APP_TITLE = "Crime statistics: claims and targets"
log = logging.getLogger(__name__)


@dataclass
class AppContext:
    """What the callbacks and layouts of one app instance share, kept in `server.extensions`."""

    store: RegistryStore
    exporter: PngExporter = field(default_factory=PngExporter)
    poll_interval_ms: int = 1000


def navbar() -> html.Header:
    links = [(_("Overview"), "/"), (_("Claims"), "/claims"), (_("Sources"), "/sources")]
    switch = [
        html.A(LANGUAGE_NAMES[code], href=f"/?lang={code}" if code != "en" else "/", lang=code, className="nav-link lang-link" + (" active" if code == current() else ""),
               **{"data-lang": code, "aria-current": "true" if code == current() else None})
        for code in LANGUAGES
    ]
    return html.Header(html.Nav(dbc.Navbar(
        dbc.Container([
            dbc.NavbarBrand(_("Crime statistics: claims and targets"), href=href("/")),
            dbc.Nav([dbc.NavItem(dbc.NavLink(text, href=href(path), active="exact")) for text, path in links], navbar=True, className="me-auto"),
            html.Div(switch, className="nav lang-switch", role="group", **{"aria-label": _("Language")}),
        ], fluid="xxl", className="flex-wrap"),
        color="dark", dark=True, tag="div", expand=True,
    ), className="mb-3", **{"aria-label": _("Main")}))


def shell() -> html.Div:
    """The frame around every page, evaluated per page load."""
    state = current_state()
    poll_ms = flask.current_app.extensions[EXTENSION].poll_interval_ms
    return html.Div([
        html.A(_("Skip to the content"), href="#content", className="visually-hidden-focusable skip-link"),
        navbar(),
        dcc.Store(id="registry-version", data=state.version),
        dcc.Store(id="registry-problems-token", data=state.problems_token),
        dcc.Store(id="html-lang"),
        dcc.Interval(id="reload-poll", interval=poll_ms),
        html.Main(dbc.Container([
            html.Div(banner(state), id="registry-banner", className="mb-3", **{"aria-live": "polite"}),
            dash.page_container,
        ], fluid="xxl", className="page"), id="content", tabIndex=-1),
        html.Footer(dbc.Container(html.Small(footer_text(state), id="footer-version"), fluid="xxl"), className="app-footer"),
    ])


def create_app(
    registry_path: str | Path,
    *,
    poll_interval_ms: int = 1000,
    settle_seconds: float = 0.3,
    **dash_kwargs: Any,
) -> dash.Dash:
    """A Dash app serving the registry at `registry_path`, reloading it when it changes."""
    store = RegistryStore(registry_path, settle_seconds=settle_seconds)
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ASSETS),
        title=APP_TITLE,
        update_title=None,
        suppress_callback_exceptions=True,
        serve_locally=True,
        enable_mcp=False,
        **dash_kwargs,
    )
    context = AppContext(store=store, poll_interval_ms=poll_interval_ms)
    app.server.extensions[EXTENSION] = context
    register_pages()
    app.layout = shell
    register_callbacks(app)
    _add_api(app.server)
    embeds.register(app.server)
    downloads.register(app.server)
    guard_callback_requests(app)
    install_language(app)
    routes.register(app)
    store.state()  # starts the first check in the background, before the first request
    return app


def _add_api(server: flask.Flask) -> None:
    @server.get("/api/registry")
    def registry_status() -> flask.Response:
        """The version token and the problems: what the page's poll sees, for scripts and monitors."""
        state = current_state()
        snap = state.snapshot
        return flask.jsonify({
            "version": state.version,
            "token": state.token,
            "ok": not state.problems,
            "problems": [str(p) for p in state.problems[:MAX_PROBLEM_LINES]],
            "problem_count": len(state.problems),
            "warning": state.warning or None,
            "checking": state.checking,
            "loaded_at": snap.loaded_at.isoformat() if snap else None,
            "indicators": [i.id for i in snap.registry.indicators] if snap else [],
            "pid": os.getpid(),  # which worker answered: each keeps its own store
        })

    @server.get("/healthz")
    def health() -> flask.Response:
        """200 once a good registry is served; 503 before, so a load balancer waits for it."""
        state = current_state()
        if state.snapshot is not None:
            return flask.Response("OK", status=200, mimetype="text/plain")
        if state.checking:
            text = "no registry loaded yet: checking the file"
        else:
            text = f"no registry loaded yet: {len(state.problems)} problem{'s' if len(state.problems) != 1 else ''}"
        return flask.Response(text, status=503, mimetype="text/plain")
