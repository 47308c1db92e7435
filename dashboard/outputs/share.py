"""Sharing a view: the citation an analyst pastes, the `<iframe>` that embeds a chart elsewhere, the bare chart.

Pure functions over an assessment: no Flask, no Dash, no I/O. The indicator page's "Copy embed
code" and "Cite" buttons, the exported files' metadata and the briefing report all use these, so
every place cites a view alike.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import plotly.graph_objects as go

from dashboard.engine.assessment import Assessment, IndicatorView
from dashboard.formatting import plotly_separators
from dashboard.i18n import DEFAULT, _
from dashboard.outputs.figures import tracking_figure
from dashboard.registry.models import Registry

EMBED_HEIGHT = 560  # CSS pixels: title, status line, a 400 px chart and the source footer
EMBED_PATH = "/embed/"
_HTTP_BASE = re.compile(r"^https?://[^\s<>\"'`]+$")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _sentence(text: str) -> str:
    text = _one_line(text)
    return text if text.endswith((".", "!", "?")) else text + "."


def publishers(assessment: Assessment, indicator_id: str) -> list[str]:
    """The publishers of the sources an indicator draws on, values first, then targets, each named once."""
    registry, view = assessment.registry, assessment.views[indicator_id]
    found = (registry.source(s) for s in view.sources)
    return list(dict.fromkeys(_one_line(s.publisher) for s in found if s is not None))


def citation(assessment: Assessment, indicator_id: str, *, url: str | None = None) -> str:
    """One line to paste under a chart: indicator, sources, dashboard, registry version, data as of, and the URL when given.

    'Road traffic deaths. Sources: government.ru, utro.ru. <dashboard title> (registry 2fa2b7b38392,
    data as of 2026-11-28). http://host/indicator/road_deaths'. Raises KeyError for an unknown id.
    """
    registry, view = assessment.registry, assessment.views[indicator_id]
    names = publishers(assessment, indicator_id)
    sources = _("Sources: {names}.").format(names=", ".join(names)) if names else _("Sources: none recorded.")
    meta = registry.meta
    stamp = _("(registry {version}, data as of {date})").format(version=registry.version, date=meta.as_of.isoformat())
    text = f"{_sentence(view.indicator.title)} {sources} {_one_line(meta.title).rstrip('.')} {stamp}."
    return f"{text} {_one_line(url)}" if url else text


def bare_figure(registry: Registry, view: IndicatorView, *, width: int | None = None, height: int | None = None) -> go.Figure:
    """The tracking chart without its title, status line and source footer, for a page that prints those itself (embed, briefing)."""
    fig = tracking_figure(registry, view, width=width, height=height)
    footer = (fig.layout.meta or {}).get("footer")
    fig.update_layout(
        title=None,
        margin=dict(t=24, b=70),
        legend=dict(y=-0.1),
        separators=plotly_separators(),
        annotations=[a for a in fig.layout.annotations if a.text != footer],
    )
    return fig


def embed_url(base_url: str, indicator_id: str, lang: str = DEFAULT) -> str:
    """`<base_url>/embed/<id>`, with `?lang=` for a language other than the default; the base must be an http(s) URL."""
    base = base_url.strip().rstrip("/")
    if not _HTTP_BASE.match(base):
        raise ValueError(f"base URL must be an http(s) URL, not {base_url!r}")
    return f"{base}{EMBED_PATH}{quote(indicator_id, safe='')}" + (f"?lang={lang}" if lang != DEFAULT else "")


def embed_code(base_url: str, indicator_id: str, *, lang: str = DEFAULT, title: str | None = None, height: int = EMBED_HEIGHT) -> str:
    """The `<iframe>` snippet that embeds an indicator's chart: full width, `height` px, loaded lazily, every value escaped.

    `title` names the frame for screen readers (the indicator's title; its id when not given).
    """
    src = html.escape(embed_url(base_url, indicator_id, lang), quote=True)
    name = html.escape(_one_line(title or _("Chart: {indicator}").format(indicator=indicator_id)), quote=True)
    return (
        f'<iframe src="{src}" title="{name}" loading="lazy" width="100%" height="{int(height)}" '
        f'style="border:0;max-width:100%" referrerpolicy="no-referrer-when-downgrade"></iframe>'
    )
