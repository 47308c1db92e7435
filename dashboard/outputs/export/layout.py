"""The exported figure: the app's tracking chart laid out to stand alone, and the provenance the file carries.

The exported figure is `figures.tracking_figure` plus what a figure cut from its context needs:
a wrapped title, the unit and status line, a footer with source names, links and "data as of",
and margins sized so the legend and footer fit. Every registry text is escaped: plotly reads
<b>, <a href> and friends as markup, and an exported file must show the text as written.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from xml.sax.saxutils import escape

import plotly.graph_objects as go

from dashboard.engine.assessment import Assessment, IndicatorView
from dashboard.engine.rebase import base_years
from dashboard.formatting import plotly_separators
from dashboard.i18n import _, current
from dashboard.outputs.export.errors import UnknownIndicatorError
from dashboard.outputs.figures import tracking_figure
from dashboard.outputs.figures.credit import chart_sources, licence_text
from dashboard.outputs.figures.relative import relative_view
from dashboard.outputs.share import citation
from dashboard.outputs.wording import status_line
from dashboard.registry.models import Registry, Source

FORMATS = ("png", "svg", "pdf")


@dataclass(frozen=True)
class Preset:
    """Layout size in CSS pixels; the file has width*scale x height*scale pixels."""

    width: int
    height: int
    scale: float

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width * self.scale), round(self.height * self.scale)


PRESETS = {
    "report": Preset(1200, 675, 2),  # sharp at full column width in a document
    "slide": Preset(1280, 720, 1.5),  # 1920x1080, a full-HD 16:9 slide
    "social": Preset(1200, 675, 1),  # the 16:9 card size of the common networks
}


def preset_of(preset: str | Preset) -> Preset:
    if isinstance(preset, Preset):
        return preset
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}: choose one of {', '.join(PRESETS)}")
    return PRESETS[preset]


# Advance widths of Arial/Liberation Sans for ' '..'~' in 1/1000 em: to wrap text before the browser draws it.
_WIDTHS = (
    278,
    278,
    355,
    556,
    556,
    889,
    667,
    191,
    333,
    333,
    389,
    584,
    278,
    333,
    278,
    278,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    278,
    278,
    584,
    584,
    584,
    556,
    1015,
    667,
    667,
    722,
    722,
    667,
    611,
    778,
    722,
    278,
    500,
    667,
    556,
    833,
    722,
    778,
    667,
    778,
    722,
    667,
    611,
    722,
    667,
    944,
    667,
    667,
    611,
    278,
    278,
    278,
    469,
    556,
    333,
    556,
    556,
    500,
    556,
    556,
    278,
    556,
    556,
    222,
    222,
    500,
    222,
    833,
    556,
    556,
    556,
    556,
    333,
    500,
    278,
    556,
    500,
    722,
    500,
    500,
    500,
    334,
    260,
    334,
    584,
)
_SLACK = 1.08  # the browser may pick a slightly wider face (Inter, DejaVu)
FOOTER_FONT, LEGEND_FONT, TITLE_FONT, SUBTITLE_FONT = 11, 12, 20, 13
MARGIN_L, MARGIN_R = 70, 30


def text_width(text: str, size: float) -> float:
    plain = html.unescape(re.sub(r"<[^>]+>", "", text))
    return sum(_WIDTHS[ord(c) - 32] if 32 <= ord(c) < 127 else 600 for c in plain) * size / 1000 * _SLACK


def wrap(words: Iterable[str], width: float, size: float, *, sep: str = " ", max_lines: int = 99) -> tuple[list[str], int]:
    """Greedy line filling; returns the lines and how many words did not fit in max_lines."""
    words = list(words)
    lines: list[str] = []
    for i, word in enumerate(words):
        if lines and text_width(lines[-1] + sep + word, size) <= width:
            lines[-1] += sep + word
        elif len(lines) < max_lines:
            lines.append(word)
        else:
            return lines, len(words) - i
    return lines, 0


def _plain(text: str) -> str:
    """Registry text as plotly should show it: escaped, so that markup in it reads as written."""
    return html.escape(text, quote=False)


def ordered_sources(registry: Registry, view: IndicatorView) -> list[Source]:
    """Target sources first, then observation sources from the newest year back: truncation drops the oldest."""
    return chart_sources(registry, view)


SHORT_ADDRESS = 36  # characters of an address shown in the footer; the whole one is the link and in the metadata


def short_address(url: str, limit: int = SHORT_ADDRESS) -> str:
    """'garant.ru/products/ipo/prime/doc/41294…': no scheme, no www, cut in the path with an ellipsis."""
    plain = re.sub(r"^https?://(www[.])?", "", url).rstrip("/")
    return plain if len(plain) <= limit else plain[: limit - 1] + "…"


def _link(url: str) -> str:
    href = escape(url.replace("'", "%27"))
    return f"<a href='{href}'>{escape(short_address(url))}</a>"


def footer_lines(registry: Registry, view: IndicatorView, width: float, max_lines: int = 2) -> list[str]:
    sources = ordered_sources(registry, view)
    if not sources:
        names, more = [_("Sources: none recorded")], 0
    else:
        publishers = list(dict.fromkeys(_plain(s.publisher) for s in sources))
        first = _("Sources: {names}").format(names=publishers[0])
        names, more = wrap([first, *publishers[1:]], width - 90, FOOTER_FONT, sep=", ", max_lines=max_lines)
        if more:
            names[-1] += " " + _("and {count} more").format(count=more)
    links, more = wrap(
        [_("Links: {link}").format(link=_link(s.url)) if i == 0 else _link(s.url) for i, s in enumerate(sources)],
        width - 260,
        FOOTER_FONT,
        sep=" · ",
        max_lines=max_lines,
    )
    if more:
        links[-1] += " · " + _("and {count} more (all links are in this file's metadata)").format(count=more)
    stamp = " · ".join(
        (
            _plain(licence_text(sources)),
            _("Data as of {date} · registry {file}, version {version}").format(
                date=registry.meta.as_of.isoformat(), file=_plain(Path(registry.path).name), version=registry.version
            ),
        )
    )
    return [*names, *links, stamp]


def _legend_rows(fig: go.Figure, width: float) -> int:
    items = [t.name or "" for t in fig.data if t.showlegend is not False]
    rows, used = (1 if items else 0), 0.0
    for name in items:
        w = text_width(name, LEGEND_FONT) + 50  # 40 px sample and padding, 5 px gap (plotly.js legend/constants.js), slack
        if used and used + w > width:
            rows, used = rows + 1, 0.0
        used += w
    return rows


def view_of(assessment: Assessment, indicator_id: str) -> IndicatorView:
    view = assessment.view(indicator_id)
    if view is None:
        known = ", ".join(assessment.views)
        raise UnknownIndicatorError(f"unknown indicator id {indicator_id!r}; known ids: {known}")
    return view


def subtitle_text(view: IndicatorView, unit: str) -> str:
    """'Persons killed in road traffic accidents, 2004–2025. Status (UNSD): limited progress.': unit, years, status."""
    years = sorted(view.yearly)
    span = (f"{years[0]}–{years[-1]}" if years[0] != years[-1] else str(years[0])) if years else ""
    head = unit[:1].upper() + unit[1:]
    return f"{head}{', ' + span if span else ''}. {status_line(view)}"


def export_figure(
    assessment: Assessment, indicator_id: str, preset: str | Preset = "report", *, chosen: str | None = None, base: int | None = None
) -> go.Figure:
    """The app's tracking chart, laid out to stand alone at the preset's size: the target `chosen` in colour, and
    re-based to `base` when one is given (engine.rebase; a base the series cannot take is ignored)."""
    registry, view = assessment.registry, view_of(assessment, indicator_id)
    ind = view.indicator
    size = preset_of(preset)
    base = base if base in base_years(view) else None
    drawn = relative_view(view, base)
    fig = tracking_figure(registry, drawn, width=size.width, height=size.height, chosen=chosen, base=base)
    meta = dict(fig.layout.meta or {})
    inner = size.width - MARGIN_L - MARGIN_R
    title, _cut = wrap(_plain(ind.title).split(), inner, TITLE_FONT)
    subtitle, _cut = wrap(_plain(subtitle_text(view, drawn.indicator.unit)).split(), inner, SUBTITLE_FONT)
    footer = footer_lines(registry, view, inner, max_lines=2 if size.height >= 560 else 1)
    for trace in fig.data:  # the page wraps long legend names for phones; a file has the width for one line each
        if trace.name:
            trace.name = trace.name.replace("<br>", " ")
    rows = _legend_rows(fig, inner)
    top = 18 + 26 * len(title) + 19 * len(subtitle) + 30
    legend_top = 42  # below tick labels
    bottom = legend_top + 30 * rows + 14 + 15 * len(footer) + 12
    plot_height = max(size.height - top - bottom, 120)
    annotations = [a for a in fig.layout.annotations if a.text != meta.get("footer")]
    annotations.append(
        go.layout.Annotation(
            text="<br>".join(footer),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="bottom",
            yshift=-(bottom - 10),
            align="left",
            showarrow=False,
            font=dict(size=FOOTER_FONT, color="#444444"),
        )
    )
    for n, trace in enumerate(fig.data):
        # plotly stacks ungrouped entries in one column, or lays all entries in a grid of the widest one; one group
        # per entry makes a horizontal legend flow like text, which _legend_rows estimates
        trace.legendgroup = trace.legendgroup or f"entry{n}"
    if not view.chartable:
        fig.update_xaxes(visible=False)  # axes without data read as data when the figure stands alone
        fig.update_yaxes(visible=False)
    fig.update_layout(
        separators=plotly_separators(),  # axis ticks and hovers in the file's language: "13 900", "9,5"
        title=dict(
            text="<br>".join(title),
            xref="paper",  # the title, subtitle and footer start where the plot does
            x=0,
            xanchor="left",
            yref="container",
            y=1 - 18 / size.height,
            yanchor="top",
            font=dict(size=TITLE_FONT),
            pad=dict(t=0),
            subtitle=dict(text="<br>".join(subtitle), font=dict(size=SUBTITLE_FONT)),
        ),
        margin=dict(t=top, b=bottom, l=MARGIN_L, r=MARGIN_R),
        legend=dict(y=-legend_top / plot_height, yanchor="top", x=0, xanchor="left", font=dict(size=LEGEND_FONT), traceorder="grouped"),
        annotations=annotations,
        meta={**meta, "footer": "\n".join(footer), "export": asdict(size), "lang": current()},
    )
    return fig


def file_metadata(assessment: Assessment, indicator_id: str, generated: dt.datetime | None = None) -> dict[str, str]:
    registry, view = assessment.registry, view_of(assessment, indicator_id)
    ind = view.indicator
    generated = (generated or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    return {
        "Title": ind.title,
        "Description": _("{unit}. {status} Data as of {date}.").format(
            unit=ind.unit, status=status_line(view), date=registry.meta.as_of.isoformat()
        ),
        "Source": "\n".join(f"{s.publisher}: {s.title} <{s.url}>" for s in ordered_sources(registry, view)),
        "Indicator": ind.id,
        "Language": current(),
        "Registry": f"{registry.meta.title} ({Path(registry.path).name})",
        "Registry-Version": registry.version,
        "Registry-SHA256": registry.sha256,
        "Data-As-Of": registry.meta.as_of.isoformat(),
        "Creation Time": generated.isoformat().replace("+00:00", "Z"),
        "Software": software(),
        "Citation": citation(assessment, indicator_id),
    }


def software() -> str:
    def v(name: str) -> str:
        try:
            return f"{name} {version(name)}"
        except PackageNotFoundError:  # the dashboard runs from its checkout, not installed
            return name

    return ", ".join(v(n) for n in ("crime-indicator-dashboard", "plotly", "kaleido"))
