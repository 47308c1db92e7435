"""The tracking chart of one indicator: values, baseline, targets, required paths, projection.

Nothing drawn says more, or less, than the data: a bound ("more than 20") is a marker pointing
the way the value may lie, not a bar to an invented end; a derived value and a value for part of
a year look different from a published full-year value; targets due the same year at nearly the
same value share one marker and one label that names them all; a required path is drawn, and
named in the legend, only where there is one; a series break declared in the registry is a line.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.engine.assessment import IndicatorView, TargetView
from dashboard.engine.progress import Point, TargetProgress
from dashboard.engine.vocabulary import PALETTE, STATUS_TEXT
from dashboard.formatting import number, percent, period_text, qualified, qualifier_words
from dashboard.i18n import _
from dashboard.outputs.figures.claims import claim_traces, claim_years
from dashboard.outputs.figures.gaps import break_years, disputed_ranges, gapped, no_data_marks
from dashboard.outputs.figures.style import INK, TARGET_HUES, TEMPLATE, separators, text, title, wrapped, year_axis
from dashboard.outputs.wording import say, status_line
from dashboard.registry.models import Registry

CLOSE = 0.04  # targets due the same year within 4% of the axis height would overlap: one marker for them


def _hover(registry: Registry, view: IndicatorView, p: Point) -> str:
    ind = view.indicator
    when = f"{period_text(p.period)} {p.year}" if p.period else str(p.year)
    value = qualified(p.value, p.qualifier, ind.decimals, ind.unit_short)
    if p.derived:
        value = (
            _("{low} to {high}, derived").format(low=number(p.low, ind.decimals), high=number(p.high, ind.decimals))
            if p.bounded
            else _("{value}, derived").format(value=value)
        )
    names = [s.publisher if (s := registry.source(i)) else i for i in p.sources]
    label = _("source")
    return f"{text(when)}: {text(value)}<br>{text(label)}: {text(', '.join(names))}"


def _markers(
    registry: Registry,
    view: IndicatorView,
    pts: list[Point],
    name: str,
    symbol: str,
    colour: str,
    meta: str,
    *,
    size: int = 10,
    error: bool = False,
    filled: bool = True,
) -> go.Scatter:
    return go.Scatter(
        x=[p.year for p in pts],
        y=[p.value for p in pts],
        mode="markers",
        name=name,
        meta=meta,
        # an "-open" symbol draws its outline in marker.color: that colour is the mark (white made it vanish)
        marker=dict(
            symbol=symbol if filled or symbol.endswith("-open") else symbol + "-open",
            size=size,
            color=colour,
            line=dict(width=2, color=colour),
        ),
        error_y=dict(
            type="data",
            symmetric=False,
            array=[p.high - p.value for p in pts],
            arrayminus=[p.value - p.low for p in pts],
            color=colour,
            thickness=1.5,
            width=5,
        )
        if error
        else None,
        hovertext=[_hover(registry, view, p) for p in pts],
        hoverinfo="text",
    )


def _value_traces(registry: Registry, view: IndicatorView) -> list[go.Scatter]:
    chosen = list(view.yearly.values())
    blue = PALETTE["blue"]
    xs, ys = gapped(chosen, break_years(view))
    traces = [
        go.Scatter(
            x=xs,
            y=ys,
            connectgaps=False,
            mode="lines",
            name=_("Reported values"),
            meta="line",
            line=dict(color=blue, width=2),
            hoverinfo="skip",
            showlegend=False,
        )
    ]
    published = [p for p in chosen if not p.derived]
    groups = [
        ([p for p in published if p.qualifier == "="], _("Reported value"), "circle", "exact", {}),
        ([p for p in published if p.qualifier == "~"], _("About (range shown)"), "diamond-open", "approx", {"error": True}),
        ([p for p in published if p.qualifier in (">", ">=")], _("More than (the value may lie above)"), "triangle-up", "more", {}),
        ([p for p in published if p.qualifier in ("<", "<=")], _("Less than (the value may lie below)"), "triangle-down", "less", {}),
    ]
    for pts, name, symbol, meta, extra in groups:
        if pts:
            traces.append(_markers(registry, view, pts, name, symbol, blue, meta, size=11, **extra))
    derived = [p for p in chosen if p.derived]
    if derived:
        traces.append(
            _markers(
                registry,
                view,
                derived,
                _("Derived by formula (no published value)"),
                "square-open",
                INK["blue"],
                "derived",
                error=any(p.bounded for p in derived),
                filled=False,
            )
        )
    charted = set(chosen)
    others = [p for p in view.points if p.period is None and p.kind == "level" and p not in charted]
    if others:
        traces.append(
            _markers(
                registry, view, others, _("Other sources and cross-checks"), "circle-open", PALETTE["grey"], "other", size=8, filled=False
            )
        )
    partial = [p for p in view.partial_year if p.kind == "level"]  # a published change is no level: listed beside the chart
    if partial:
        trace = _markers(
            registry,
            view,
            partial,
            _("Part of a year (not a full-year value)"),
            "star-open",
            INK["orange"],
            "partial",
            size=12,
            filled=False,
        )
        trace.update(
            mode="markers+text",
            text=[text(period_text(p.period or "")) for p in partial],
            textposition="middle right",
            textfont=dict(size=11, color=INK["orange"]),
        )
        traces.append(trace)
    return traces


def _groups(targets: tuple[TargetView, ...], height: float) -> list[list[TargetView]]:
    """Targets with a value, in registry order; those due the same year at nearly the same value grouped together."""
    groups: list[list[TargetView]] = []
    for tv in targets:
        value = tv.result.target_value
        if value is None:
            continue
        near = next(
            (g for g in groups if g[0].target.year == tv.target.year and abs((g[0].result.target_value or 0) - value) <= CLOSE * height),
            None,
        )
        if near is not None:
            near.append(tv)
        else:
            groups.append([tv])
    return groups


def _label_position(n: int, at_end: bool) -> str:
    """Where a target's label goes: alternating, and to the left of a marker at the axis's right end (room there is short)."""
    return (("top left", "bottom left") if at_end else ("bottom center", "top center", "middle left", "middle right"))[
        n % (2 if at_end else 4)
    ]


def _target_traces(view: IndicatorView, height: float, last_year: int) -> tuple[list[go.Scatter], list[dict]]:
    d = view.indicator.decimals
    traces: list[go.Scatter] = []
    annotations: list[dict] = []
    order = {tv.target.id: n for n, tv in enumerate(view.targets)}
    for n, group in enumerate(_groups(view.targets, height)):
        hue = TARGET_HUES[order[group[0].target.id] % len(TARGET_HUES)]
        colour, ink = PALETTE[hue], INK[hue]
        year = group[0].target.year
        for tv in group:
            res = tv.result
            if res.required_path and not res.due:
                years, values = zip(*res.required_path)
                traces.append(
                    go.Scatter(
                        x=list(years),
                        y=list(values),
                        mode="lines",
                        name=_("Required path: {target}").format(target=text(tv.name)),
                        meta=f"required:{tv.target.id}",
                        legendgroup=tv.target.id,
                        showlegend=False,
                        line=dict(color=colour, dash="dash", width=2),
                        hoverinfo="skip",
                    )
                )
        values = [tv.result.target_value for tv in group]
        label = " / ".join(number(v, d) for v in values)
        with_path = any(tv.result.required_path and not tv.result.due for tv in group)
        if len(group) == 1:
            name = _("Target {year}: {target}").format(year=year, target=group[0].name)
        else:
            name = _("{count} targets {year}: {targets}").format(count=len(group), year=year, targets="; ".join(tv.name for tv in group))
        if with_path:
            name += " " + _("(dashed: required path)")
        hover = "<br>".join(
            f"{text(tv.name)}: {number(tv.result.target_value, d)} — {text(tv.label)}"
            + (f" ({text(say(tv.result.reason))})" if tv.result.due else "")
            for tv in group
        )
        traces.append(
            go.Scatter(
                x=[year],
                y=[sum(values) / len(values)],
                mode="markers+text",
                name=wrapped(name, 46),
                meta="target:" + ",".join(tv.target.id for tv in group),
                legendgroup=group[0].target.id,
                marker=dict(symbol="x-thin-open", size=16, color=colour, line=dict(width=3, color=colour)),
                text=[text(label)],
                textposition=_label_position(n, year >= last_year),
                textfont=dict(color=ink, size=12),
                hovertext=[text(_("Target {year}").format(year=year)) + f"<br>{hover}"],
                hoverinfo="text",
            )
        )
    for tv in view.targets:
        if tv.result.target_value is None:
            annotations.append(
                dict(
                    x=tv.target.year,
                    y=1,
                    yref="paper",
                    yanchor="top",
                    xanchor="right",
                    showarrow=False,
                    font=dict(size=11, color=INK["grey"]),
                    text=text(_("{target} ({year}): no baseline value").format(target=tv.name, year=tv.target.year)),
                )
            )
    return traces, annotations


def _baseline_and_projection(view: IndicatorView) -> list[go.Scatter]:
    traces: list[go.Scatter] = []
    seen: set[int] = set()
    projections: dict[int, TargetProgress] = {}  # one projected trend per baseline, to its furthest open target
    d = view.indicator.decimals
    for tv in view.targets:
        res = tv.result
        if res.baseline and res.baseline.year not in seen:
            seen.add(res.baseline.year)
            name = _("Baseline {year}").format(year=res.baseline.year)
            traces.append(
                go.Scatter(
                    x=[res.baseline.year],
                    y=[res.baseline.value],
                    mode="markers",
                    name=name,
                    meta="baseline",
                    marker=dict(symbol="square-open", size=14, color=PALETTE["black"], line=dict(width=2.5)),
                    hovertext=[f"{name}: {number(res.baseline.value, d)}"],
                    hoverinfo="text",
                )
            )
        if res.projected_path and res.baseline and not res.due:
            known = projections.get(res.baseline.year)
            if known is None or known.target_year < res.target_year:
                projections[res.baseline.year] = res
    for res in projections.values():
        years, values = zip(*res.projected_path)
        traces.append(
            go.Scatter(
                x=list(years),
                y=list(values),
                mode="lines",
                name=_("Projected from the trend so far (dotted)"),
                meta="projected",
                line=dict(color=PALETTE["black"], dash="dot", width=2),
                hoverinfo="skip",
            )
        )
    return traces


def _breaks(view: IndicatorView) -> tuple[list[dict], list[dict]]:
    shapes, notes = [], []
    for brk in getattr(view.indicator, "breaks", None) or []:
        shapes.append(
            dict(
                type="line",
                x0=brk.year - 0.5,
                x1=brk.year - 0.5,
                y0=0,
                y1=1,
                yref="paper",
                line=dict(color=INK["grey"], width=1.5, dash="dot"),
            )
        )
        notes.append(
            dict(
                x=brk.year - 0.5,
                y=1,
                yref="paper",
                xanchor="left",
                yanchor="top",
                showarrow=False,
                align="left",
                text=wrapped(_("Series break: {label}").format(label=brk.label), 28),
                font=dict(size=11, color=INK["grey"]),
                bgcolor="rgba(255,255,255,0.85)",
            )
        )
    return shapes, notes


def status_caption(view: IndicatorView) -> str:
    return f"{view.indicator.unit}. {status_line(view)}"


def _changes_note(view: IndicatorView) -> list[dict]:
    """Published changes are no levels: said in a line above the plot, never drawn on the level axis."""
    changes = view.published_changes
    if not changes:
        return []
    items = [f"{period_text(p.period) + ' ' if p.period else ''}{p.year}: {percent(p.value, 1)}" for p in changes]
    said = _("Published changes on a year before (not drawn): {items}").format(items="; ".join(items))
    return [
        dict(
            x=0,
            y=1,
            xref="paper",
            yref="paper",
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
            align="left",
            text=wrapped(said, 90),
            font=dict(size=11, color=INK["grey"]),
            name="changes",
        )
    ]


def tracking_figure(
    registry: Registry, view: IndicatorView, *, width: int | None = None, height: int | None = None, small: bool = False
) -> go.Figure:
    """The tracking chart: values, baseline, targets, required paths, projection. The page says the status above it;
    the exported figure (export.layout) adds it as a subtitle with the sources as a footer."""
    ind = view.indicator
    plotted = [p.high for p in view.points if p.kind == "level"] + [
        t.result.target_value for t in view.targets if t.result.target_value is not None
    ]
    top = max(plotted, default=1.0) or 1.0
    disputed, disputed_notes = disputed_ranges(registry, view)
    traces = disputed + _value_traces(registry, view)
    years = [p.year for p in view.points if p.kind == "level"] + [t.target.year for t in view.targets]
    target_traces, annotations = _target_traces(view, top, max(years, default=0))
    claims, claim_notes, claim_shapes = claim_traces(view, top, small=small)
    traces += _baseline_and_projection(view) + target_traces + claims
    years += claim_years(view)
    latest = view.latest
    if latest is not None:
        words = qualifier_words(latest.qualifier)
        annotations.append(
            dict(
                x=latest.year,
                y=latest.value,
                text=f"<b>{latest.year}: {text((words + ' ' if words else '') + number(latest.value, ind.decimals))}</b>",
                showarrow=True,
                arrowhead=0,
                arrowcolor=PALETTE["blue"],
                ax=0,
                ay=-46,
                xanchor="center",
                font=dict(size=12, color=INK["blue"]),
                bgcolor="rgba(255,255,255,0.85)",
                name="latest",
            )
        )
    shapes, notes = _breaks(view)
    gap_shapes, gap_notes = no_data_marks(list(view.yearly.values()))
    shapes += gap_shapes + claim_shapes
    annotations += notes + gap_notes + disputed_notes + claim_notes + _changes_note(view)
    fig = go.Figure(data=traces)
    fits = ind.limit is not None and all(p.high <= ind.limit for p in view.points if p.kind == "level")
    fig.update_layout(
        template=TEMPLATE,
        title=title(ind.title),
        margin=dict(t=40),
        separators=separators(),
        yaxis=dict(title=dict(text=text(ind.unit_short)), range=[0, ind.limit] if fits else None),
        xaxis=year_axis(years),
        annotations=annotations,
        shapes=shapes,
        width=width,
        height=height,
        meta={
            "indicator": ind.id,
            "status": status_line(view),
            "statuses": {t.target.id: STATUS_TEXT.get(t.result.status, "") for t in view.targets},
        },
    )
    return fig
