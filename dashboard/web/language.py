"""The reader's language in the app: from `?lang=`, else the browser's Accept-Language on a first visit.

A page address without `lang` whose reader prefers Russian is redirected to the same address with
`?lang=ru`, so the choice lives in the URL and a link opens in its language. The HTML sent for a
page carries `<html lang>` (app.interpolate_index) and its first layout, built in its own request. Dash's own
requests carry the page's query string: a layout request names it (`page_search`) or its Referer does, and each
callback has it as a state, from which the request's language is read once (request_language) and scoped to the request.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import dash
import flask

from dashboard.i18n import DEFAULT, LANGUAGES, normalise, use_language
from dashboard.web import ids

# addresses that are not pages: Dash's own routes, assets, the API, downloads
_NOT_PAGES = re.compile(r"^/(_dash-|_reload-hash|_favicon|assets/|api/|download/|healthz|embed/)|\.(csv|json|js|css|png|ico|map)$")


def preferred(accept_language: flask.Request) -> str:
    return accept_language.accept_languages.best_match(LANGUAGES, default=DEFAULT) or DEFAULT


def is_page(path: str) -> bool:
    return not _NOT_PAGES.search(path)


def url_lang() -> str | None:
    value = flask.request.args.get("lang")
    return normalise(value) if value is not None else None


def referring_lang() -> str:
    """The language of the page that asked: Dash fetches its layout (the navigation, the banner) without the page's query;
    the page names its query (`page_search`, first_page), else the Referer has it."""
    from urllib.parse import parse_qs, urlsplit

    search = flask.request.args.get("page_search")
    query = search[1:] if search is not None else urlsplit(flask.request.referrer or "").query
    values = parse_qs(query).get("lang", [])
    return normalise(values[0]) if values else DEFAULT


def callback_lang() -> str:
    """A callback's language: the `lang` of the page's query string, which every callback takes as an input or a
    state (the router's own, titles included). The body is at most the server's MAX_CONTENT_LENGTH (app.py);
    any other method than POST, or a body of any other shape, is English (the guard answers it with a 400)."""
    from urllib.parse import parse_qs

    body = flask.request.get_json(silent=True) if flask.request.method == "POST" else None
    if not isinstance(body, dict):
        return DEFAULT
    items: list = []
    for key in ("inputs", "state"):
        if isinstance(body.get(key), list):
            items += body[key]
    for item in items:
        if isinstance(item, dict) and item.get("id") == ids.LOCATION and item.get("property") == "search":
            search = item.get("value")
            return normalise(parse_qs(search.lstrip("?")).get("lang", []) if isinstance(search, str) else [])
    return DEFAULT


def with_lang(path: str, lang: str) -> str:
    args = {k: v for k, v in flask.request.args.items() if k != "lang"}
    if lang != DEFAULT:
        args["lang"] = lang
    return path + ("?" + urlencode(args) if args else "")


def request_language() -> str | flask.Response:
    """The language of this request, decided once: `?lang=` of a page, the asking page's for Dash's layout,
    a callback's page query (callback_lang), the default for everything else.
    A first visit to a page without `lang` whose reader prefers another language gets a redirect instead."""
    if flask.request.path == "/_dash-layout":
        return referring_lang()
    if flask.request.path == "/_dash-update-component":
        return callback_lang()
    if flask.request.method not in ("GET", "HEAD") or not is_page(flask.request.path):
        return url_lang() or DEFAULT
    lang = url_lang()
    if lang is None:
        best = preferred(flask.request)
        if best != DEFAULT:
            redirect = flask.redirect(with_lang(flask.request.path, best), code=302)
            redirect.vary.add("Accept-Language")
            return redirect
    return lang or DEFAULT


def install(app: dash.Dash) -> None:
    """Every request in its own language scope (request_language), ended when the request ends."""
    server = app.server

    @server.before_request
    def _language() -> flask.Response | None:
        lang = request_language()
        if isinstance(lang, flask.Response):
            return lang
        scope = use_language(lang)
        scope.__enter__()
        flask.g.language_scope = scope
        return None

    @server.teardown_request
    def _end_language(_exc: BaseException | None) -> None:
        scope = flask.g.pop("language_scope", None)
        if scope is not None:
            scope.__exit__(None, None, None)
