"""What a tracking chart must not join, and what it must show apart: missing years, series breaks, disputed years.

A line never crosses a missing year nor a declared break: the series has a None there (plotly's
connectgaps=False). A run of missing years is a dashed span along the axis, labelled "no data", not a
line that implies values. Where sources disagree, the range from the lowest to the highest value is a
grey bar behind the charted value, with a note naming the publishers.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.engine.assessment import IndicatorView
from dashboard.engine.progress import Point
from dashboard.formatting import number
from dashboard.i18n import _
from dashboard.outputs.figures.style import INK, text
from dashboard.registry.models import Registry

RANGE = "#B8B8B8"  # the disputed range's bar: visible on white, quieter than any value's mark


def break_years(view: IndicatorView) -> set[int]:
    return {b.year for b in view.indicator.breaks or []}


def gapped(points: list[Point], breaks: set[int]) -> tuple[list[int | None], list[float | None]]:
    """x and y of the value line, with None between years more than one apart and before a break's first year."""
    xs: list[int | None] = []
    ys: list[float | None] = []
    for prev, p in zip([None, *points], points):
        if prev is not None and (p.year - prev.year > 1 or any(prev.year < b <= p.year for b in breaks)):
            xs.append(None)
            ys.append(None)
        xs.append(p.year)
        ys.append(p.value)
    return xs, ys


def missing_spans(points: list[Point]) -> list[tuple[int, int]]:
    """(last year with a value, next year with one) wherever years between them have none."""
    years = [p.year for p in points]
    return [(a, b) for a, b in zip(years, years[1:]) if b - a > 1]


def no_data_marks(points: list[Point]) -> tuple[list[dict], list[dict]]:
    """A dashed span along the bottom of the plot over each run of missing years, labelled "no data"."""
    shapes, notes = [], []
    for a, b in missing_spans(points):
        shapes.append(
            dict(
                type="line",
                x0=a + 0.3,
                x1=b - 0.3,
                y0=0.03,
                y1=0.03,
                yref="paper",
                line=dict(color=INK["grey"], width=2, dash="dash"),
                name="no-data",
            )
        )
        notes.append(
            dict(
                x=(a + b) / 2,
                y=0.03,
                yref="paper",
                yanchor="bottom",
                showarrow=False,
                text=text(_("no data")),
                font=dict(size=10, color=INK["grey"]),
                name="no-data",
            )
        )
    return shapes, notes


def _publisher(registry: Registry, source_id: str) -> str:
    found = registry.source(source_id)
    return found.publisher if found else _("another source")


def disputed_ranges(registry: Registry, view: IndicatorView) -> tuple[list[go.Scatter], list[dict]]:
    """A grey bar from the lowest to the highest value of each year whose sources disagree, with the publishers named."""
    years = {y: pts for y, pts in view.disagreements.items() if len(pts) > 1}
    if not years:
        return [], []
    d = view.indicator.decimals
    xs: list[int | None] = []
    ys: list[float | None] = []
    hovers: list[str] = []
    notes = []
    for year, pts in sorted(years.items()):
        low, high = min(p.low for p in pts), max(p.high for p in pts)
        names = sorted({_publisher(registry, i) for p in pts for i in p.sources})
        said = _("{year}: sources differ, {low} to {high} ({sources})").format(
            year=year, low=number(low, d, extra=2), high=number(high, d, extra=2), sources=", ".join(names)
        )
        xs += [year, year, None]
        ys += [low, high, None]
        hovers += [text(said)] * 3
        notes.append(
            dict(
                x=year,
                y=low,
                yanchor="top",
                showarrow=False,
                text=text(_("sources differ: {sources}").format(sources=", ".join(names))),
                font=dict(size=10, color=INK["grey"]),
                bgcolor="rgba(255,255,255,0.85)",
                name=f"disputed:{year}",
            )
        )
    trace = go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        connectgaps=False,
        name=_("Sources disagree (range of their values)"),
        meta="disputed",
        line=dict(color=RANGE, width=9),
        hovertext=hovers,
        hoverinfo="text",
    )
    return [trace], notes
