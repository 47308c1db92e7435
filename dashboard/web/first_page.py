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
import re
from typing import Any
from urllib.parse import parse_qs, unquote

import dash
import flask
from dash import dcc, html

from dashboard.web import ids
from dashboard.web.language import is_page

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
        log.warning(
            "the page %r could not be put in the layout (%s: %s); Dash's router will render it",
            path[:200],
            type(exc).__name__,
            str(exc)[:200],
        )
        return dash.page_container
    return html.Div(
        [
            dcc.Location(id=ids.LOCATION, refresh="callback-nav", pathname=path, search=search),
            html.Div(content, id="_pages_content", disable_n_clicks=True),
            dcc.Store(id="_pages_store", data={"title": title}),
            html.Div(id="_pages_dummy", disable_n_clicks=True),
        ]
    )


def render(path: str, search: str) -> tuple[Any, str]:
    """The layout and title of the registered page (dash.page_registry) whose path or template matches `path`,
    with the query's values as Dash's router passes them (a repeated key as a list); else the not-found page."""
    app = dash.get_app()
    relative = "/" + app.strip_relative_path(path).strip("/")
    pages = list(dash.page_registry.values())
    page, variables = next(((p, v) for p in pages if (v := _match(p, relative)) is not None), (None, {}))
    if page is None:
        page = next((p for p in pages if p["module"].split(".")[-1] == "not_found_404"), {})
    layout, title = page.get("layout", html.H1("404 - Page not found")), page.get("title", app.title)
    query = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(search.lstrip("?"), keep_blank_values=True).items()}
    if callable(layout):
        layout = layout(**{**query, **variables})
    if callable(title):
        title = title(**variables)
    return layout, title


def _match(page: dict, path: str) -> dict[str, str] | None:
    """The template's variables when `path` matches the page ("/indicator/<indicator_id>"), {} for a plain path."""
    template = page.get("path_template")
    if not template:
        return {} if page.get("path") == path else None
    pattern = re.sub(r"<(\w+)>", r"(?P<\1>[^/]+)", re.escape(template).replace(r"\<", "<").replace(r"\>", ">"))
    found = re.fullmatch(pattern, path)
    return {k: unquote(v) for k, v in found.groupdict().items()} if found else None
