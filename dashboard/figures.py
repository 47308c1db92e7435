"""Figure builders: arguments in, `go.Figure` out. Shared by the app and the exporter.

One template, the Okabe-Ito colour-blind-safe palette, years on the x axis.
Every tracking figure says what it shows, where the data come from and when.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import plotly.graph_objects as go

from .assessment import Assessment, IndicatorView
from .formatting import number, qualified
from .progress import STATUS_TEXT, Point, TargetProgress
from .registry.models import Indicator, Registry

# Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour vision.
PALETTE = {
    "black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#8C8C8C",
}
LABEL_POSITIONS = ("bottom center", "top center", "middle right", "middle left")
TARGET_COLOURS = [PALETTE["vermillion"], PALETTE["purple"], PALETTE["orange"], PALETTE["green"]]
STATUS_COLOURS = {
    "target_achieved": PALETTE["green"], "on_track": PALETTE["blue"], "fair": PALETTE["sky"],
    "limited": PALETTE["orange"], "deterioration": PALETTE["vermillion"], "missed": PALETTE["vermillion"],
    "due_awaiting_data": PALETTE["grey"], "insufficient_data": PALETTE["grey"],
}
FONT = "Inter, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif"

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT, size=14, color="#222222"),
        title=dict(font=dict(size=20), x=0.01, xanchor="left"),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=[PALETTE[c] for c in ("blue", "vermillion", "green", "orange", "purple", "sky", "yellow", "black")],
        xaxis=dict(showgrid=False, linecolor="#444", ticks="outside", tickformat="d", zeroline=False),
        yaxis=dict(gridcolor="#E5E5E5", zeroline=False, rangemode="tozero", tickformat=",~r"),
        legend=dict(orientation="h", yanchor="top", y=-0.14, x=0, xanchor="left", font=dict(size=12)),
        hoverlabel=dict(font=dict(family=FONT)),
        margin=dict(l=70, r=30, t=90, b=150),
    )
)


@dataclass(frozen=True)
class Provenance:
    """What a figure cut from its context must still say."""

    sources: tuple[tuple[str, str], ...]  # (publisher/title, url)
    as_of: str
    status: str

    def footer(self, max_sources: int = 4) -> str:
        names = [name for name, _ in self.sources]
        shown = ", ".join(names[:max_sources]) + (f" and {len(names) - max_sources} more" if len(names) > max_sources else "")
        return f"Sources: {shown or 'none'}. Data as of {self.as_of}."


def provenance(registry: Registry, view: IndicatorView) -> Provenance:
    sources = tuple((s.publisher, s.url) for s in (registry.source(i) for i in view.sources) if s is not None)
    return Provenance(sources, registry.meta.as_of.isoformat(), view.status_line)


def _text(text: str) -> str:
    """Registry text for plotly, which reads <b>, <i>, <a href> and friends as markup: escaped, it shows as written."""
    return html.escape(text, quote=False)


def _hover(ind: Indicator, p: Point) -> str:
    return f"{p.year}: {_text(qualified(p.value, p.qualifier, ind.decimals, ind.unit_short))}<br>source: {p.source}"


def _observation_traces(ind: Indicator, points: tuple[Point, ...], yearly: dict[int, Point]) -> list[go.Scatter]:
    chosen = list(yearly.values())
    traces = [
        go.Scatter(
            x=[p.year for p in chosen], y=[p.value for p in chosen], mode="lines", name="Reported values",
            line=dict(color=PALETTE["blue"], width=2), hoverinfo="skip", legendgroup="obs", showlegend=False,
        )
    ]
    groups = {
        "exact": ([p for p in chosen if p.qualifier == "="], "circle", "Reported value"),
        "approx": ([p for p in chosen if p.qualifier == "~"], "diamond-open", "About (~)"),
        "more": ([p for p in chosen if p.qualifier in (">", ">=")], "triangle-up", "More than (lower bound)"),
        "less": ([p for p in chosen if p.qualifier in ("<", "<=")], "triangle-down", "Less than (upper bound)"),
    }
    for key, (pts, symbol, name) in groups.items():
        if not pts:
            continue
        error = None
        if key != "exact":
            error = dict(
                type="data", symmetric=False, array=[p.high - p.value for p in pts], arrayminus=[p.value - p.low for p in pts],
                color=PALETTE["blue"], thickness=1.5, width=6,
            )
        traces.append(go.Scatter(
            x=[p.year for p in pts], y=[p.value for p in pts], mode="markers", name=name, meta=key,
            marker=dict(symbol=symbol, size=10 if key == "exact" else 12, color=PALETTE["blue"], line=dict(width=1.5, color=PALETTE["blue"])),
            error_y=error, hovertext=[_hover(ind, p) for p in pts], hoverinfo="text",
        ))
    others = [p for p in points if p not in chosen]
    if others:
        traces.append(go.Scatter(
            x=[p.year for p in others], y=[p.value for p in others], mode="markers", name="Other sources", meta="other",
            marker=dict(symbol="circle-open", size=9, color=PALETTE["grey"]),
            hovertext=[_hover(ind, p) for p in others], hoverinfo="text",
        ))
    return traces


def tracking_figure(registry: Registry, view: IndicatorView, *, width: int | None = None, height: int | None = None) -> go.Figure:
    """The tracking chart: observations, baseline, targets, required paths, projections, status."""
    indicator, points = view.indicator, view.points
    traces = _observation_traces(indicator, points, view.yearly)
    annotations = []
    baselines_drawn: set[int] = set()
    projections: dict[int, TargetProgress] = {}  # one projected trend per baseline, to its furthest target
    for i, tv in enumerate(view.targets):
        target, res = tv.target, tv.result
        colour = TARGET_COLOURS[i % len(TARGET_COLOURS)]
        label = _text(target.label or target.id)
        if res.baseline and res.baseline.year not in baselines_drawn:
            baselines_drawn.add(res.baseline.year)
            traces.append(go.Scatter(
                x=[res.baseline.year], y=[res.baseline.value], mode="markers+text", name=f"Baseline {res.baseline.year}",
                meta="baseline", marker=dict(symbol="square", size=13, color="white", line=dict(width=2.5, color=PALETTE["black"])),
                text=[f"Baseline {res.baseline.year}"], textposition="top center", textfont=dict(size=12),
                hovertext=[f"Baseline {res.baseline.year}: {number(res.baseline.value, indicator.decimals)}"], hoverinfo="text",
            ))
        if res.required_path:
            years, values = zip(*res.required_path)
            traces.append(go.Scatter(
                x=list(years), y=list(values), mode="lines", name=f"Required path: {label}", meta=f"required:{target.id}",
                line=dict(color=colour, dash="dash", width=2), hoverinfo="skip", legendgroup=target.id, showlegend=False,
            ))
        if res.projected_path and res.baseline:
            known = projections.get(res.baseline.year)
            if known is None or known.target_year < res.target_year:
                projections[res.baseline.year] = res
        if res.target_value is not None:
            # targets due the same year (often close in value): shrink later markers and move their labels apart
            same_year = [t.year for t in indicator.targets[:i]].count(target.year)
            traces.append(go.Scatter(
                x=[target.year], y=[res.target_value], mode="markers+text", legendgroup=target.id, meta=f"target:{target.id}",
                name=f"Target {target.year}: {label} (dashed: required path)",
                marker=dict(symbol="x-thin-open", size=max(16 - 4 * same_year, 8), color=colour, line=dict(width=3, color=colour)),
                text=[f"{number(res.target_value, indicator.decimals)}"], textposition=LABEL_POSITIONS[same_year % len(LABEL_POSITIONS)],
                textfont=dict(color=colour, size=12),
                hovertext=[f"Target {target.year}: {number(res.target_value, indicator.decimals)}<br>{label}<br>{STATUS_TEXT[res.status]}"], hoverinfo="text",
            ))
        else:
            annotations.append(dict(
                x=target.year, y=1, yref="paper", yanchor="top", text=f"{label} ({target.year}):<br>no baseline value", showarrow=False,
                font=dict(size=11, color=colour), xanchor="right",
            ))
    for res in projections.values():
        years, values = zip(*res.projected_path)
        traces.append(go.Scatter(
            x=list(years), y=list(values), mode="lines", name="Projected trend (dotted)", meta="projected",
            line=dict(color=PALETTE["black"], dash="dot", width=2), hoverinfo="skip",
        ))
    latest = view.latest
    if latest is not None:
        annotations.append(dict(
            x=latest.year, y=latest.value, text=f"<b>{latest.year}: {qualified(latest.value, latest.qualifier, indicator.decimals)}</b>",
            showarrow=True, arrowhead=0, arrowcolor=PALETTE["blue"], ax=24, ay=-44, xanchor="left", font=dict(size=13, color=PALETTE["blue"]),
            bgcolor="rgba(255,255,255,0.85)",
        ))
    prov = provenance(registry, view)
    margin_b = 140
    annotations.append(dict(
        text=_text(prov.footer()), xref="paper", yref="paper", x=0, y=0, yshift=-(margin_b - 22), xanchor="left", yanchor="top",
        showarrow=False, font=dict(size=11, color="#555555"), align="left",
    ))
    if not points:
        annotations.append(dict(text="No published figure found yet", xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False, font=dict(size=16, color="#777777")))
    years = [p.year for p in points] + [t.year for t in indicator.targets]
    x_range = [min(years) - 1, max(years) + 1] if years else None
    fig = go.Figure(data=traces)
    fig.update_layout(
        template=TEMPLATE,
        title=dict(text=_text(indicator.title), subtitle=dict(text=_text(f"{indicator.unit}. {prov.status}"), font=dict(size=13, color="#555555"))),
        yaxis=dict(title=dict(text=_text(indicator.unit_short)), range=[0, indicator.limit] if indicator.limit and _fits(points, indicator.limit) else None),
        xaxis=dict(title=None, range=x_range),
        legend=dict(y=-0.08, yanchor="top"),
        margin=dict(b=margin_b),
        annotations=annotations,
        width=width, height=height,
        meta={"indicator": indicator.id, "status": prov.status, "footer": _text(prov.footer())},
    )
    return fig


def _fits(points: list[Point], limit: float) -> bool:
    return all(p.high <= limit for p in points)


def sparkline(view: IndicatorView, *, colour: str = PALETTE["blue"]) -> go.Figure:
    """A small, axis-free line of the yearly values."""
    chosen = list(view.yearly.values())
    fig = go.Figure(go.Scatter(
        x=[p.year for p in chosen], y=[p.value for p in chosen], mode="lines+markers",
        line=dict(color=colour, width=2), marker=dict(size=4), hoverinfo="x+y",
    ))
    fig.update_layout(
        template=TEMPLATE, height=60, margin=dict(l=2, r=2, t=2, b=2), showlegend=False,
        xaxis=dict(visible=False), yaxis=dict(visible=False, rangemode="normal"),
    )
    return fig


def progress_overview(assessment: Assessment) -> go.Figure:
    """Share of the way from baseline to target, per indicator x target, against time elapsed."""
    rows = [(_text(f"{view.indicator.title}: {tv.name}"), tv.result) for view in assessment for tv in view.targets]
    names = [n for n, _ in rows]
    share = [max(min(r.share_done, 1.5), -0.5) * 100 if r.share_done is not None else 0 for _, r in rows]
    colours = [STATUS_COLOURS[r.status] for _, r in rows]
    text = [STATUS_TEXT[r.status] + (f" ({r.reason})" if r.reason else "") for _, r in rows]
    fig = go.Figure([
        go.Bar(
            y=names, x=share, orientation="h", name="Share of the way from baseline to target", meta="share",
            marker=dict(color=colours), text=text, textposition="none",
            hovertemplate="%{y}<br>%{x:.0f}% of the way<br>%{text}<extra></extra>",
        ),
        # the status in words, right of both the bar and the time tick so neither hides it
        go.Scatter(
            y=names, x=[max(v, (r.time_elapsed or 0) * 100) + 3 for v, (_, r) in zip(share, rows)], mode="text", text=text,
            textposition="middle right", cliponaxis=False, showlegend=False, hoverinfo="skip", meta="status",
        ),
        go.Scatter(
            y=names, x=[(r.time_elapsed or 0) * 100 if r.time_elapsed is not None else None for _, r in rows], mode="markers",
            name="Share of time elapsed", meta="elapsed", marker=dict(symbol="line-ns-open", size=22, color=PALETTE["black"], line=dict(width=3, color=PALETTE["black"])),
            hovertemplate="%{x:.0f}% of the time to the target year elapsed<extra></extra>",
        ),
    ])
    fig.update_layout(
        template=TEMPLATE,
        title=dict(text="Progress to target<br><span style='font-size:13px;color:#555'>Share of the way from baseline to target; the tick marks the share of time elapsed</span>"),
        xaxis=dict(title="% of the way to target", range=[-50, 150], tickformat="d", ticksuffix="%", showgrid=True, gridcolor="#E5E5E5"),
        yaxis=dict(autorange="reversed", tickformat=None, rangemode="normal", automargin=True),
        height=max(300, 120 + 60 * len(rows)), margin=dict(l=20, r=40, t=90, b=110),
        legend=dict(yref="container", y=0, yanchor="bottom"),
    )
    return fig
