"""Small figures of the overview: the sparkline of a card and the progress-to-target chart.

The progress chart draws the targets of the indicators it is given (the overview passes the page
of cards the reader sees, after the area and search filters), so its size does not grow with the
registry. Bars show the true share of the way; one beyond the axis ends in an arrow and says its
value. A colour key names every status drawn.
"""

from __future__ import annotations

from collections.abc import Iterable

import plotly.graph_objects as go

from dashboard.engine.assessment import IndicatorView
from dashboard.engine.vocabulary import PALETTE, STATUS_COLOURS, STATUS_TEXT, STATUSES
from dashboard.formatting import number
from dashboard.i18n import _
from dashboard.outputs.figures.style import TEMPLATE, separators, text, wrapped

AXIS = (-50.0, 150.0)  # percent of the way; bars beyond are clipped and marked


def sparkline(view: IndicatorView, *, colour: str = PALETTE["blue"]) -> go.Figure:
    """A small, axis-free line of the yearly values."""
    chosen = list(view.yearly.values())
    fig = go.Figure(
        go.Scatter(
            x=[p.year for p in chosen],
            y=[p.value for p in chosen],
            mode="lines+markers",
            line=dict(color=colour, width=2),
            marker=dict(size=4),
            hoverinfo="x+y",
        )
    )
    fig.update_layout(
        template=TEMPLATE,
        height=60,
        margin=dict(l=2, r=2, t=2, b=2),
        showlegend=False,
        xaxis=dict(visible=False),
        yaxis=dict(visible=False, rangemode="normal"),
    )
    return fig


def _status(tv) -> str:
    return (
        _(STATUS_TEXT[tv.result.status])
        if tv.result.status in ("missed", "due_awaiting_data", "insufficient_data", "target_achieved")
        else tv.label
    )


def progress_overview(views: Iterable[IndicatorView]) -> go.Figure:
    """Share of the way from baseline to target, per indicator x target, against the share of time elapsed."""
    rows = [(view, tv) for view in views for tv in view.targets]
    low, high = AXIS
    y = list(range(len(rows)))
    share = [tv.result.share_done * 100 if tv.result.share_done is not None else None for _v, tv in rows]
    shown = [min(max(s, low), high) if s is not None else 0 for s in share]
    traces: list[go.BaseTraceType] = [
        go.Bar(
            y=y,
            x=shown,
            orientation="h",
            name=_("Share of the way from baseline to target"),
            meta="share",
            showlegend=False,
            marker=dict(color=[STATUS_COLOURS[tv.result.status] for _v, tv in rows]),
            customdata=[
                [text(f"{v.indicator.title}: {tv.name}"), "–" if s is None else number(s, 0) + "%", text(_status(tv))]
                for (v, tv), s in zip(rows, share)
            ],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]} " + _("of the way") + "<br>%{customdata[2]}<extra></extra>",
        )
    ]
    off = [(i, s) for i, s in enumerate(share) if s is not None and not low <= s <= high]
    if off:
        traces.append(
            go.Scatter(
                y=[i for i, _s in off],
                x=[low if s < low else high for _i, s in off],
                mode="markers+text",
                meta="off-scale",
                marker=dict(symbol=["triangle-left" if s < low else "triangle-right" for _i, s in off], size=13, color=PALETTE["black"]),
                text=[number(s, 0) + "%" for _i, s in off],
                textposition=["middle right" if s < low else "middle left" for _i, s in off],
                textfont=dict(size=12, color="#000000"),
                name=_("Off the scale (true value shown)"),
                hoverinfo="skip",
            )
        )
    elapsed = [tv.result.time_elapsed * 100 if tv.result.time_elapsed is not None else None for _v, tv in rows]
    traces.append(
        go.Scatter(
            y=y,
            x=elapsed,
            mode="markers",
            name=_("Share of time elapsed"),
            meta="elapsed",
            marker=dict(symbol="line-ns-open", size=20, color=PALETTE["black"], line=dict(width=3, color=PALETTE["black"])),
            hovertemplate="%{x:.0f}% " + _("of the time to the target year elapsed") + "<extra></extra>",
        )
    )
    for status in STATUSES:  # the colour key: one legend entry per status drawn
        if any(tv.result.status == status for _v, tv in rows):
            traces.append(
                go.Bar(
                    y=[None],
                    x=[None],
                    orientation="h",
                    name=text(_(STATUS_TEXT[status])),
                    marker=dict(color=STATUS_COLOURS[status]),
                    meta=f"key:{status}",
                    hoverinfo="skip",
                )
            )
    # names above their bars, not as tick labels: they wrap, and a phone has no room beside the bars
    labels = [wrapped(f"{v.indicator.title}: {tv.name} — {_status(tv)}", 40) for v, tv in rows]
    annotations = [
        dict(
            x=low,
            y=i - 0.22,
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
            align="left",
            font=dict(size=12, color="#222222"),
            text=label,
        )
        for i, label in enumerate(labels)
    ]
    row = 30 + 27 * max((label.count("<br>") + 1 for label in labels), default=1)  # pixels a row needs for its label above the bar
    fig = go.Figure(traces)
    fig.update_layout(
        template=TEMPLATE,
        barmode="overlay",
        bargap=0.6,
        separators=separators(),
        title=dict(
            text=text(_("Progress to target")),
            subtitle=dict(
                text=wrapped(_("Share of the way from baseline to target; the tick marks the share of time elapsed"), 60),
                font=dict(size=12),
            ),
        ),
        xaxis=dict(
            range=[low, high],
            tickformat="d",
            ticksuffix="%",
            showgrid=True,
            gridcolor="#E5E5E5",
            zeroline=True,
            zerolinecolor="#888",
            fixedrange=True,
        ),
        yaxis=dict(autorange="reversed", showticklabels=False, range=[len(rows) - 0.4, -0.9], fixedrange=True),
        height=max(260, 170 + row * len(rows)),
        margin=dict(l=12, r=12, t=80, b=40),
        legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0),
        annotations=annotations,
        meta={"rows": [f"{v.id}:{tv.target.id}" for v, tv in rows]},
    )
    return fig
