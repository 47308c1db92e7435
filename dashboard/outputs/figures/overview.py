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
from dashboard.formatting import number, percent, qualified
from dashboard.i18n import _
from dashboard.outputs.figures.style import INK, TEMPLATE, separators, text, wrapped
from dashboard.outputs.wording import say

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


def row_note(view: IndicatorView, tv) -> str | None:
    """What a row with no bar says instead: "missed: 9.86 in 2024 against 4", or why there is no share of the way."""
    res = tv.result
    if res.share_done is not None and not res.due:
        return None
    d = view.indicator.decimals
    if res.due and res.latest is not None and res.target_value is not None:
        return _("{status}: {value} in {year} against {target}").format(
            status=_(STATUS_TEXT[res.status]),
            value=qualified(res.latest.value, res.latest.qualifier, d),
            year=res.target_year,
            target=number(res.target_value, 0, extra=d + 2),  # the target as the decree says it: "4", not "4.0"
        )
    if res.share_done is not None:
        return None
    reason = say(res.reason)
    return f"{_(STATUS_TEXT[res.status])}: {reason}" if reason else _(STATUS_TEXT[res.status])


TICKS = (-50, 0, 50, 100, 150)
LABEL_CHARS = 26  # the label column's width in characters: at 11 px they fit the column on a 390 px phone
LABEL_COLUMN = 0.4  # share of the figure's width the labels take
LINE = 14  # pixels a label line takes
TOP, BOTTOM = 120, 70  # title, subtitle and the top axis; the bottom axis and the key


def progress_overview(views: Iterable[IndicatorView]) -> go.Figure:
    """Share of the way from baseline to target, per indicator x target, against the share of time elapsed.

    Labels in a left column, a row of about 40 px each, the axis at the top and at the bottom; a row with no bar
    (a target past due, or with no share of the way) says why in its place, so no row is ever empty."""
    rows = [(view, tv) for view in views for tv in view.targets]
    low, high = AXIS
    y = list(range(len(rows)))
    share = [tv.result.share_done * 100 if tv.result.share_done is not None else None for _v, tv in rows]
    notes = [row_note(v, tv) for v, tv in rows]
    shown = [min(max(s, low), high) if s is not None and n is None else None for s, n in zip(share, notes)]
    traces: list[go.BaseTraceType] = [
        go.Bar(
            y=y,
            x=shown,
            orientation="h",
            name=_("Share of the way from baseline to target"),
            meta="share",
            showlegend=False,
            width=0.55,
            marker=dict(color=[STATUS_COLOURS[tv.result.status] for _v, tv in rows]),
            customdata=[
                [text(f"{v.indicator.title}: {tv.name}"), "–" if s is None else number(s, 0) + "%", text(_status(tv))]
                for (v, tv), s in zip(rows, share)
            ],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]} " + _("of the way") + "<br>%{customdata[2]}<extra></extra>",
        ),
        # an empty trace on the top axis, so plotly draws it: the axis stays in sight above a long chart
        go.Scatter(x=[None], y=[None], xaxis="x2", mode="lines", showlegend=False, hoverinfo="skip", meta="top-axis"),
    ]
    off = [(i, s) for i, (s, n) in enumerate(zip(share, notes)) if s is not None and n is None and not low <= s <= high]
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
    elapsed = [
        tv.result.time_elapsed * 100 if tv.result.time_elapsed is not None and n is None else None for (_v, tv), n in zip(rows, notes)
    ]
    if any(e is not None for e in elapsed):
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
    drawn = {tv.result.status for (_v, tv), x, n in zip(rows, shown, notes) if x is not None}
    noted = {tv.result.status for (_v, tv), n in zip(rows, notes) if n is not None}
    for status in STATUSES:  # the colour key: one entry per colour drawn, a bar's or a row note's
        if status in drawn or status in noted:
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
    labels = [wrapped(f"{v.indicator.title}: {tv.name} — {_status(tv)}", LABEL_CHARS) for v, tv in rows]
    row = max((max(40, LINE * (label.count("<br>") + 1) + 12) for label in labels), default=40)
    annotations = [
        dict(
            x=0,
            xref="paper",
            y=i,
            xanchor="left",
            yanchor="middle",
            showarrow=False,
            align="left",
            font=dict(size=11, color="#222222"),
            text=label,
            name=f"label:{i}",
        )
        for i, label in enumerate(labels)
    ]
    annotations += [
        dict(
            x=low,
            y=i,
            xanchor="left",
            yanchor="middle",
            showarrow=False,
            align="left",
            xshift=4,
            font=dict(size=11, color=INK["vermillion"] if rows[i][1].result.status == "missed" else INK["grey"]),
            text=wrapped(note, 32),
            name=f"note:{rows[i][1].result.status}",
        )
        for i, note in enumerate(notes)
        if note is not None
    ]
    axis = dict(
        range=[low, high],
        tickvals=TICKS,
        ticktext=[percent(t, 0, sign=False) for t in TICKS],
        showgrid=True,
        gridcolor="#E5E5E5",
        zeroline=True,
        zerolinecolor="#888",
        fixedrange=True,
        domain=[LABEL_COLUMN, 1],
    )
    fig = go.Figure(traces)
    fig.update_layout(
        template=TEMPLATE,
        barmode="overlay",
        separators=separators(),
        title=dict(
            text=text(_("Progress to target")),
            yref="container",
            y=1,
            yanchor="top",
            pad=dict(t=12),
            subtitle=dict(
                text=wrapped(_("Share of the way from baseline to target; the tick marks the share of time elapsed"), 60),
                font=dict(size=12),
            ),
        ),
        xaxis=axis,
        xaxis2={**axis, "overlaying": "x", "side": "top", "matches": "x", "showgrid": False, "zeroline": False},
        yaxis=dict(autorange="reversed", showticklabels=False, range=[len(rows) - 0.5, -0.5], fixedrange=True),
        height=TOP + BOTTOM + row * len(rows),
        margin=dict(l=8, r=28, t=TOP - 20, b=40),
        legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0),
        annotations=annotations,
        meta={"rows": [f"{v.id}:{tv.target.id}" for v, tv in rows]},
    )
    return fig
