"""One look for every figure: the Okabe-Ito colour-blind-safe palette, text colours that pass WCAG AA
on white, one template, year axes that show whole years each once, and registry text escaped."""

from __future__ import annotations

import html
import math
import textwrap

import plotly.graph_objects as go

from dashboard.engine.vocabulary import PALETTE

# The same hues darkened until text in them reaches 4.5:1 on white (WCAG 2.1 AA for small text).
INK = {"vermillion": "#A63D00", "purple": "#8E3A73", "orange": "#7A5000", "green": "#006B4F", "blue": "#005A8C", "grey": "#555555"}
TARGET_HUES = ("vermillion", "purple", "orange", "green")
FONT = "Inter, 'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT, size=13, color="#222222"),
        title=dict(font=dict(size=16), x=0.01, xanchor="left", automargin=True),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=[PALETTE[c] for c in ("blue", "vermillion", "green", "orange", "purple", "sky", "yellow", "black")],
        xaxis=dict(showgrid=False, linecolor="#444", ticks="outside", tickformat="d", zeroline=False, automargin=True),
        yaxis=dict(gridcolor="#E5E5E5", zeroline=False, rangemode="tozero", tickformat=",~r", automargin=True),
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0, xanchor="left", font=dict(size=12)),
        hoverlabel=dict(font=dict(family=FONT)),
        margin=dict(l=60, r=20, t=70, b=40),
    )
)


def text(value: str) -> str:
    """Registry text for plotly, which reads <b>, <i>, <a href> and friends as markup: escaped, it shows as written."""
    return html.escape(value, quote=False)


def wrapped(value: str, width: int) -> str:
    """Escaped text broken into lines of at most `width` characters: plotly titles never wrap by themselves."""
    return "<br>".join(text(line) for line in textwrap.wrap(value, width, break_long_words=True) or [""])


def year_axis(years: list[int]) -> dict:
    """Whole years, each once: linear ticks from the first year, a step that keeps about ten ticks."""
    if not years:
        return dict(visible=False)
    first, last = min(years), max(years)
    span = max(last - first, 1)
    step = next(s for s in (1, 2, 5, 10, 20, 50) if span / s <= 10)
    return dict(tickmode="linear", tick0=first, dtick=step, tickformat="d", range=[first - 0.6, last + 0.6 + span / 40])


def finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def separators() -> str:
    """Plotly's decimal and thousands marks for the reader's language: "1,234.5" or "1 234,5"."""
    from dashboard.formatting import plotly_separators

    return plotly_separators()


def title(value: str, width: int = 40) -> dict:
    """A figure title that wraps, set from the top of the figure so no line is clipped."""
    # yref "paper" with automargin: plotly grows the top margin to the title's real height, however many lines it has
    return dict(
        text=wrapped(value, width),
        yref="paper",
        y=1,
        yanchor="bottom",
        pad=dict(b=14),
        automargin=True,
        x=0,
        xanchor="left",
        font=dict(size=16),
    )
