"""`/embed/<indicator>`: one chart alone, for an `<iframe>` on someone else's page; and the app's framing policy.

The embed is a small self-contained HTML page: title, status line, the tracking chart drawn by the
app's own partial plotly.js bundle (web/bundle.py; served here, under a versioned name, cached for a
year) and a footer naming the sources, the data-as-of date and the registry version. Every other
response of the app forbids framing (`X-Frame-Options: DENY`, `frame-ancestors 'none'`); the embed
route allows any site to frame it (`frame-ancestors *`).
"""

from __future__ import annotations

import html
import json
from urllib.parse import quote

import flask

from dashboard.engine.assessment import IndicatorView
from dashboard.i18n import DEFAULT, _, current
from dashboard.outputs.share import EMBED_HEIGHT, bare_figure, citation
from dashboard.outputs.wording import status_line
from dashboard.registry.models import Registry
from dashboard.web import bundle
from dashboard.web.components import current_state
from dashboard.web.jsonld import script_safe

YEAR = 365 * 24 * 3600

STYLE = """
html,body{margin:0;height:100%;background:#fff;color:#222;font-family:Inter,'Helvetica Neue',Arial,'Liberation Sans',sans-serif}
body{display:flex;flex-direction:column;box-sizing:border-box;padding:10px 12px 8px}
h1{font-size:18px;line-height:1.25;margin:0 0 2px}
.status{font-size:13px;color:#444;margin:0}
#chart{flex:1 1 auto;min-height:260px}
footer{font-size:11px;color:#555;line-height:1.4}
footer a{color:#0b5cad}
"""


def _json_for_script(value: object) -> str:
    """JSON that cannot end its <script> element or open a comment inside it."""
    return script_safe(value if isinstance(value, str) else json.dumps(value))


def embed_figure(registry: Registry, view: IndicatorView) -> dict:
    """The tracking chart as a plotly JSON dict, without the title and footer that the page prints around it."""
    return json.loads(bare_figure(registry, view).to_json())


def embed_page(
    registry: Registry, view: IndicatorView, *, script_url: str, page_url: str, cite: str, figure_json: str | None = None
) -> str:
    """The embed's HTML; `figure_json` is `_json_for_script(embed_figure(...))` when the caller keeps it."""
    ind = view.indicator
    figure_json = figure_json or _json_for_script(embed_figure(registry, view))
    esc = html.escape
    by_publisher: dict[str, list[str]] = {}
    for source in filter(None, (registry.source(s) for s in view.sources)):
        by_publisher.setdefault(source.publisher, []).append(source.url)

    def link(url: str, text: str) -> str:
        return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(text)}</a>'

    sources = ", ".join(
        link(urls[0], name) if len(urls) == 1 else f"{esc(name)} ({', '.join(link(u, str(n)) for n, u in enumerate(urls, 1))})"
        for name, urls in by_publisher.items()
    ) or esc(_("none recorded"))
    footer = _("Sources: {sources}. Data as of {date} · registry {version} ·").format(
        sources=sources, date=registry.meta.as_of.isoformat(), version=esc(registry.version)
    )
    return f"""<!doctype html>
<html lang="{current()}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(ind.title)}</title><meta name="citation" content="{esc(cite)}"><style>{STYLE}</style></head>
<body>
<h1>{esc(ind.title)}</h1>
<p class="status">{esc(ind.unit)}. {esc(status_line(view))}</p>
<div id="chart" role="img" aria-label="{esc(_("{title}: chart").format(title=ind.title))}"></div>
<footer>{footer}
<a href="{esc(page_url)}" target="_blank" rel="noopener">{esc(_("open in the dashboard"))}</a></footer>
<script type="application/json" id="figure">{figure_json}</script>
<script src="{esc(script_url)}"></script>
<script>
var figure = JSON.parse(document.getElementById("figure").textContent);
Plotly.newPlot("chart", figure.data, figure.layout,
  {{responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"]}});
</script>
</body></html>
"""


def _message(status: int, text: str) -> flask.Response:
    body = (
        f'<!doctype html><html lang="{current()}"><head><meta '
        f'charset="utf-8"><title>{html.escape(text)}</title></head><body><p>{html.escape(text)}</p></body></html>'
    )
    return flask.Response(body, status=status, mimetype="text/html")


SCRIPT_NAME = bundle.FILE  # the only file /_share/ serves; its name carries its version


def embed(indicator_id: str) -> flask.Response:
    """`/embed/<id>`: the chart alone, in the request's language, for another site's frame."""
    snapshot = current_state().snapshot
    if snapshot is None:
        return _message(503, _("The registry is not loaded yet; try again in a moment."))
    localized = snapshot.localized()  # the registry's texts and the assessment in the reader's language
    view = localized.view(indicator_id)
    if view is None:
        return _message(404, _("No such chart: the indicator is not in the registry."))
    root = flask.request.script_root
    page_url = f"{root}/indicator/{quote(view.id, safe='')}" + (f"?lang={localized.lang}" if localized.lang != DEFAULT else "")
    script_url = flask.url_for("share_plotly_js", name=SCRIPT_NAME)
    figure_json = snapshot.cache.get("embed", (localized.lang, view.id), lambda: _json_for_script(embed_figure(localized.registry, view)))
    body = embed_page(
        localized.registry,
        view,
        script_url=script_url,
        page_url=page_url,
        figure_json=figure_json,
        cite=citation(localized, view.id, url=flask.request.host_url.rstrip("/") + page_url),
    )
    response = flask.Response(body, mimetype="text/html")
    response.headers["Cache-Control"] = "no-cache"
    # the bundle's name (its version) is the script the page loads: an upgrade is a new page even for the same registry
    response.set_etag(f"{snapshot.version}-{localized.lang}-{view.id}-{SCRIPT_NAME}")
    return response.make_conditional(flask.request)


def embed_other(rest: str) -> flask.Response:
    """Anything else under /embed/ is no chart (Dash's catch-all would answer it with the app)."""
    return _message(404, _("No such chart."))


def plotly_js(name: str) -> flask.Response:
    if name != SCRIPT_NAME:  # the only file served here: never a path built from the request
        flask.abort(404)
    return flask.send_file(bundle.PATH, mimetype="text/javascript", max_age=YEAR, conditional=True)


__all__ = ["EMBED_HEIGHT", "embed", "embed_figure", "embed_other", "embed_page", "plotly_js"]
