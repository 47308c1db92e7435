"""The page the browser opened, rendered into Dash's first layout, and that layout sent with the page.

Dash draws a page in two passes: it fetches the layout, whose page container is empty, and renders
it; on mount the container's dcc.Location reads the address, which fires the page router callback;
its answer is rendered in turn. Here the container holds the page already, and its dcc.Location
starts at that address, so it sets nothing the router listens to: one request and one render fewer
before the chart.

- The HTML of a page carries its first layout and Dash's callback list (`embedded`, put before the
  renderer by app.interpolate_index); the page's script (app.PAGE_SCRIPT) answers the renderer's two
  first fetches with them, so it waits on no request before it renders.
- Without them (the layout could not be built with the page), the page's script names the page in
  the fetch of `/_dash-layout` (`page_path`, `page_search`, exactly as `window.location` has them).
- Without either (an old tab, a script that fetches the layout itself, an address too long to
  repeat), or when the page cannot be built, the container is Dash's own, as before.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import parse_qs, quote, unquote

import dash
import flask
from dash import dcc, html

from dashboard.web import ids
from dashboard.web.jsonld import script_safe
from dashboard.web.language import is_page

log = logging.getLogger(__name__)

MAX_PATH = 2_000
MAX_SEARCH = 4_000
# the ids of the page's two JSON script elements, which app.PAGE_SCRIPT reads
LAYOUT_ID, DEPENDENCIES_ID = "_first-layout", "_first-dependencies"
# what a browser leaves unencoded in `location.pathname` (RFC 3986 pchar and "/"; "%" as it came)
_PATH_SAFE = "/!$&'()*+,;=:@-._~%"


def requested() -> tuple[str, str] | None:
    """(pathname, search) of the page: the one that fetched the layout, when it said so, or the page being
    served itself; None unless they look like a page's."""
    if not flask.has_request_context():
        return None
    if flask.request.path.endswith("/_dash-layout"):
        path, search = flask.request.args.get("page_path"), flask.request.args.get("page_search", "")
    else:
        path, search = own_address(flask.request)
    if path is None or not path.startswith("/") or len(path) > MAX_PATH or len(search) > MAX_SEARCH:
        return None
    if search and not search.startswith("?"):
        return None
    return (path, search) if is_page(path) else None


def own_address(request: flask.Request) -> tuple[str, str]:
    """(pathname, search) of a request for a page, encoded as the browser's `window.location` has them: the request
    line's own bytes when the server keeps them (gunicorn and werkzeug: RAW_URI), else the path quoted again."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if isinstance(raw, str) and raw.startswith("/"):
        path, _, query = raw.partition("?")
    else:
        path, query = quote(request.path, safe=_PATH_SAFE), request.query_string.decode("latin-1")
    return path, "?" + query if query else ""


def embedded(app: dash.Dash) -> str:
    """The first layout and Dash's callback list as JSON script elements, for the page being served; only the
    callback list when the layout raises (the renderer then fetches it, and the page's script names the page)."""
    parts = [_script(DEPENDENCIES_ID, app.dependencies().get_data(as_text=True))]
    try:
        parts.append(_script(LAYOUT_ID, app.serve_layout().get_data(as_text=True)))
    except Exception as exc:  # a page's own error: the layout request meets it again, and Dash reports it as before
        log.warning("the first layout of %r was not put in the page (%s: %s)", flask.request.path[:200], type(exc).__name__, str(exc)[:200])
    return "".join(parts)


def _script(element_id: str, json_text: str) -> str:
    return f'<script type="application/json" id="{element_id}">{script_safe(json_text)}</script>'


def page_container() -> Any:
    """Dash's page container, holding the page `requested()` finds."""
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
