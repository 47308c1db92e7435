"""The page the browser opened, rendered into Dash's first layout instead of by a second request.

Dash draws a page in two passes: it fetches the layout, whose page container is empty, and renders
it; on mount the container's dcc.Location reads the address, which fires the page router callback;
its answer is rendered in turn. The page's script (app.PAGE_SCRIPT) adds the address to Dash's fetch
of `/_dash-layout` (`page_path`, `page_search`, exactly as `window.location` has them). With them,
the container holds that page already, and its dcc.Location starts at that address, so it sets
nothing the router listens to: one request and one render fewer before the chart. Without them (an
old tab, a script that fetches the layout itself, an address too long to repeat), or when the page
cannot be built there, the container is Dash's own, as before.
"""

from __future__ import annotations

import logging
from typing import Any

import dash
import flask
from dash import dcc, html

from .language import is_page

log = logging.getLogger(__name__)

MAX_PATH = 2_000
MAX_SEARCH = 4_000


def requested() -> tuple[str, str] | None:
    """(pathname, search) of the page that fetched the layout, when it said so and they look like a page's."""
    if not flask.has_request_context():
        return None
    path, search = flask.request.args.get("page_path"), flask.request.args.get("page_search", "")
    if path is None or not path.startswith("/") or len(path) > MAX_PATH or len(search) > MAX_SEARCH:
        return None
    if search and not search.startswith("?"):
        return None
    return (path, search) if is_page(path) else None


def page_container() -> Any:
    """Dash's page container, holding the requested page when the layout request names it."""
    page = requested()
    if page is None:
        return dash.page_container
    path, search = page
    try:
        content, title = render(path, search)  # a page's layout builds in its own `?lang=` (components.in_page_language)
    except Exception as exc:  # any failure (a path outside the app's prefix, a page's own error): Dash's router, as before
        # one line, not a traceback: the address comes from the client
        log.warning("the page %r could not be put in the layout (%s: %s); Dash's router will render it", path[:200], type(exc).__name__, str(exc)[:200])
        return dash.page_container
    return html.Div([
        dcc.Location(id="_pages_location", refresh="callback-nav", pathname=path, search=search),
        html.Div(content, id="_pages_content", disable_n_clicks=True),
        dcc.Store(id="_pages_store", data={"title": title}),
        html.Div(id="_pages_dummy", disable_n_clicks=True),
    ])


def render(path: str, search: str) -> tuple[Any, str]:
    """The layout and title Dash's page router gives this address (dash.Dash.enable_pages, `update`)."""
    from dash._pages import PAGE_REGISTRY, _parse_query_string, _path_to_page

    app = dash.get_app()
    page, variables = _path_to_page(app.strip_relative_path(path))
    if not page:
        page = next((p for module, p in PAGE_REGISTRY.items() if module.split(".")[-1] == "not_found_404"), {})
        variables = None
    layout, title = page.get("layout", html.H1("404 - Page not found")), page.get("title", app.title)
    if callable(layout):
        layout = layout(**{**(variables or {}), **_parse_query_string(search)})
    if callable(title):
        title = title(**(variables or {}))
    return layout, title
