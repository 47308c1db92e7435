"""`/api/`: every address that answers with data, one sentence each, as a plain page in the reader's language,
and the same list as JSON at `/api/index.json`.

The list is made from two tables: `ADDRESSES` (the routes of `routes.ROUTES` that return data, by endpoint) and
`downloads.DOWNLOADS` (every `/download/<name>`, with its own sentence), so a new download is listed by being
added. tests/test_api_index.py checks that every route of ROUTES is listed here or named in `NOT_DATA`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import quote

import flask

from dashboard.i18n import DEFAULT, N_, _, current
from dashboard.web.components import current_state
from dashboard.web.downloads import DOWNLOADS


@dataclass(frozen=True)
class Address:
    endpoint: str  # as in routes.ROUTES
    path: str  # as shown: a pattern may name its part, /indicator/<id>.csv
    about: str  # a catalogue msgid
    kind: str  # what it answers with: "json", "csv", "zip", "text"


ADDRESSES = [
    Address("api_index", "/api/index.json", N_("This list as JSON: each address with its sentence, in the language of ?lang=."), "json"),
    Address(
        "api_registry",
        "/api/registry",
        N_("The registry being served: its version, whether it is valid, its problems and its indicator ids."),
        "json",
    ),
    Address("api_changes", "/api/changes", N_("The versions kept in the history folder, newest first, each with what changed."), "json"),
    Address("healthz", "/healthz", N_("OK once a valid registry is served, else 503: for a load balancer."), "text"),
    Address(
        "claimreview_feed",
        "/download/claimreview.json",
        N_(
            "Every ruling as a schema.org ClaimReview (the markup fact-checkers publish and search engines read), in one "
            "DataFeed; ?lang=ru for Russian."
        ),
        "json",
    ),
    Address(
        "indicator_csv_file",
        "/indicator/<id>.csv",
        N_("One indicator's published values as a series file (the format the registry's own series files use)."),
        "csv",
    ),
]
DOWNLOAD_ENDPOINT = "share_download"  # /download/<name>: each name of DOWNLOADS is listed as an address of its own
# routes of ROUTES that answer with no data, and why they are not listed
NOT_DATA = {
    "api_index_page": "this page",
    "share_embed": "an HTML page, the chart alone for another site's frame",
    "share_embed_other": "a 404 for an embed address that names no indicator",
    "share_plotly_js": "the plotly.js the embeds load",
    "share_card": "a link preview's image (PNG), not data",
}


def listing() -> list[dict[str, str]]:
    """Each data address with its sentence in the scope's language, and an address that answers (a pattern's example)."""
    snapshot = current_state().snapshot
    first = snapshot.registry.indicators[0].id if snapshot and snapshot.registry.indicators else "road_deaths"
    out = []
    for a in ADDRESSES:
        example = a.path.replace("<id>", quote(first, safe=""))
        if a.endpoint == "api_index" and current() != DEFAULT:  # the JSON twin in the page's language
            example += f"?lang={current()}"
        out.append({"path": a.path, "example": example, "about": _(a.about), "kind": a.kind})
        if a.endpoint == "api_changes":  # the downloads after the API's own addresses
            out += [
                {"path": f"/download/{name}", "example": f"/download/{name}", "about": _(d.about), "kind": d.extension}
                for name, d in DOWNLOADS.items()
            ]
    return out


def index_json() -> flask.Response:
    """`/api/index.json`: the list, for a script."""
    return flask.jsonify({"lang": current(), "addresses": listing()})


def index_page() -> flask.Response:
    """`/api/`: the list, for a reader, with a link to the other language."""
    esc = html.escape
    lang = current()
    other, other_name = ("en", "English") if lang == "ru" else ("ru", "Русский")
    rows = "\n".join(
        f'<dt><a href="{esc(a["example"])}"><code>{esc(a["path"])}</code></a> <small>({esc(a["kind"].upper())})</small></dt>'
        f"<dd>{esc(a['about'])}</dd>"
        for a in listing()
    )
    title = _("Data addresses")
    intro = _(
        "Every address of the dashboard that answers with data rather than a page, with what it holds. The data files are in English;"
        " the downloads are built once per registry version, and their ETag carries it."
    )
    check = _("To check the data package: pip install frictionless, then frictionless validate datapackage.json (or the zip file).")
    body = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title></head>
<body><main>
<h1>{esc(title)}</h1>
<p>{esc(intro)}</p>
<p><a href="/api/?lang={other}" lang="{other}" hreflang="{other}">{other_name}</a> · <a href="/?lang={lang}">{esc(_("Overview"))}</a></p>
<dl>
{rows}
</dl>
<p>{esc(check)}</p>
</main></body></html>
"""
    response = flask.Response(body, mimetype="text/html")
    response.headers["Cache-Control"] = "no-cache"
    return response
