"""The briefing's charts: each indicator's export figure rendered to SVG through one browser, made safe to inline.

Inlined in one HTML document, the SVGs must not load anything (no `<image>`, `@import` or `url(http…)`;
links to sources stay: they are followed only when clicked) and their ids must not collide.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from dashboard.engine.assessment import Assessment
from dashboard.outputs.export.layout import Preset
from dashboard.outputs.export.renderer import Renderer
from dashboard.outputs.share import bare_figure

# A4 is about 690 CSS px wide between the margins: a figure laid out a little wider prints its text at 8-10 pt.
# The section around the chart prints its title, status and sources, so the chart goes without them.
REPORT_PRESET = Preset(820, 440, 1)

_EXTERNAL = [
    re.compile(r"<script\b.*?</script>", re.S | re.I),
    re.compile(r"<foreignObject\b.*?</foreignObject>", re.S | re.I),
    re.compile(r"<image\b[^>]*>(?:</image>)?", re.I),
    re.compile(r"@import[^;]*;", re.I),
    re.compile(r"url\(\s*['\"]?(?!#)[^)]*\)", re.I),  # any url(...) but a reference to an id inside the SVG
]
_ID = re.compile(r'\bid="([^"]+)"')
_XML_PROLOG = re.compile(r"^\s*<\?xml[^>]*\?>\s*")


def charted(assessment: Assessment, ids: list[str]) -> list[str]:
    """The ids, in order, of the indicators that have values to chart."""
    return [i for i in ids if assessment.views[i].chartable]


def inline_svg(svg: str, prefix: str) -> str:
    """An SVG file's text ready to sit inside HTML: no prolog, nothing external, every id prefixed."""
    text = _XML_PROLOG.sub("", svg)
    for pattern in _EXTERNAL:
        text = pattern.sub("", text)
    for ident in sorted(set(_ID.findall(text)), key=len, reverse=True):
        new = f"{prefix}-{ident}"
        text = (
            text.replace(f'id="{ident}"', f'id="{new}"')
            .replace(f"url(#{ident})", f"url(#{new})")
            .replace(f'href="#{ident}"', f'href="#{new}"')
        )
    return text


ChartCache = Callable[[str, Callable[[], bytes]], bytes]  # (indicator id, how to draw it) -> its SVG, drawn at most once


def render_charts(assessment: Assessment, ids: list[str], renderer: Renderer, cache: ChartCache | None = None) -> dict[str, str]:
    """Inline SVG of every indicator in `ids` that has values, through `renderer` (one browser for them all).

    `cache` keeps each chart's SVG (the app keeps them per version and language), so briefings of other
    selections draw only the charts not drawn before; the inlined ids still follow this briefing's order."""
    size = REPORT_PRESET
    out = {}
    for n, indicator_id in enumerate(charted(assessment, ids)):

        def draw(indicator_id: str = indicator_id) -> bytes:
            fig = bare_figure(assessment.registry, assessment.views[indicator_id], width=size.width, height=size.height)
            return renderer.render(fig, fmt="svg", width=size.width, height=size.height, scale=size.scale)

        raw = cache(indicator_id, draw) if cache is not None else draw()
        out[indicator_id] = inline_svg(raw.decode("utf-8"), f"c{n}")
    return out
