"""The tracking chart of one indicator: values, baseline, targets, required paths, projection.

Nothing drawn says more, or less, than the data: a bound ("more than 20") is a marker pointing
the way the value may lie, not a bar to an invented end; a derived value and a value for part of
a year look different from a published full-year value; the chosen target is drawn in colour and
every other in grey, each with its own mark and a label at its end (figures.targets); a series break
declared in the registry is a line. With a version, the chart carries its source-and-licence line.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.engine.assessment import IndicatorView
from dashboard.engine.progress import Point, TargetProgress
from dashboard.engine.vocabulary import PALETTE, STATUS_TEXT
from dashboard.formatting import number, percent, period_text, qualified, qualifier_words
from dashboard.i18n import _
from dashboard.outputs.figures.claims import claim_traces, claim_years
from dashboard.outputs.figures.credit import credit_line
from dashboard.outputs.figures.gaps import break_years, disputed_ranges, gapped, no_data_marks
from dashboard.outputs.figures.style import INK, TEMPLATE, separators, text, title, wrapped, year_axis
from dashboard.outputs.figures.targets import target_traces
from dashboard.outputs.wording import status_line
from dashboard.registry.models import Registry


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


def _value_traces(registry: Registry, view: IndicatorView, small: bool = False) -> list[go.Scatter]:
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
            traces.append(_markers(registry, view, pts, name, symbol, blue, meta, size=7 if small else 11, **extra))
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
                size=7 if small else 10,
                error=any(p.bounded for p in derived),
                filled=False,
            )
        )
    charted = set(chosen)
    others = [p for p in view.points if p.period is None and p.kind == "level" and p not in charted]
    if others:
        traces.append(
            _markers(
                registry,
                view,
                others,
                _("Other sources and cross-checks"),
                "circle-open",
                PALETTE["grey"],
                "other",
                size=6 if small else 8,
                filled=False,
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
            size=8 if small else 12,
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


def _changes_note(view: IndicatorView, small: bool = False) -> list[dict]:
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
            text=wrapped(said, 48 if small else 90),
            font=dict(size=11, color=INK["grey"]),
            name="changes",
        )
    ]


def _credit(line: str, small: bool = False) -> dict:
    """The source-and-licence line, under the year axis inside the figure: it goes wherever the chart goes."""
    return dict(
        x=0,
        y=0,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="top",
        yshift=-30,
        showarrow=False,
        align="left",
        text=wrapped(line, 50 if small else 110),
        font=dict(size=11, color=INK["grey"]),
        name="credit",
    )


def _reference_rule(base: int) -> tuple[dict, dict]:
    """The line at 100 of a re-based chart, labelled with its year."""
    rule = dict(type="line", xref="paper", x0=0, x1=1, y0=100, y1=100, line=dict(color=INK["grey"], width=1), name="base")
    note = dict(
        x=1,
        xref="paper",
        y=100,
        xanchor="right",
        yanchor="bottom",
        showarrow=False,
        text=text(_("{year} = 100").format(year=base)),
        font=dict(size=11, color=INK["grey"]),
        name="base",
    )
    return rule, note


def tracking_figure(
    registry: Registry,
    view: IndicatorView,
    *,
    width: int | None = None,
    height: int | None = None,
    small: bool = False,
    version: str | None = None,
    chosen: str | None = None,
    legend: bool = True,
    base: int | None = None,
) -> go.Figure:
    """The tracking chart: values, baseline, targets, required paths, projection. The page says the status above it;
    the exported figure (export.layout) adds it as a subtitle with the sources as a footer.

    `version` (Registry.version) adds the source-and-licence line; `chosen` is the target drawn in colour (else the
    headline one); `legend=False` leaves the key to the page (an HTML key that folds on a phone); `small`, for a
    narrow screen, draws smaller marks and labels; `base` says the view is re-based (engine.rebase) to that year.
    """
    ind = view.indicator
    plotted = [p.high for p in view.points if p.kind == "level"] + [
        t.result.target_value for t in view.targets if t.result.target_value is not None
    ]
    top = max(plotted, default=1.0) or 1.0
    disputed, disputed_notes = disputed_ranges(registry, view)
    traces = disputed + _value_traces(registry, view, small)
    years = [p.year for p in view.points if p.kind == "level"] + [t.target.year for t in view.targets]
    targets, annotations = target_traces(view, top, max(years, default=0), chosen, small=small)
    claims, claim_notes, claim_shapes = claim_traces(view, top, small=small)
    traces += _baseline_and_projection(view) + targets + claims
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
                font=dict(size=11 if small else 12, color=INK["blue"]),
                bgcolor="rgba(255,255,255,0.85)",
                name="latest",
            )
        )
    shapes, notes = _breaks(view)
    gap_shapes, gap_notes = no_data_marks(list(view.yearly.values()))
    shapes += gap_shapes + claim_shapes
    changes = _changes_note(view, small)
    annotations += notes + gap_notes + disputed_notes + claim_notes + changes
    heading = title(ind.title)
    if changes:  # the list of published changes sits between the title and the plot: the title stands above it
        heading["pad"] = dict(b=14 + 15 * (changes[0]["text"].count("<br>") + 1))
    if base is not None:
        rule, note = _reference_rule(base)
        shapes.append(rule)
        annotations.append(note)
    if version is not None:
        annotations.append(_credit(credit_line(registry, view, version), small))
    fits = ind.limit is not None and all(p.high <= ind.limit for p in view.points if p.kind == "level")
    # the layout given whole, not by update_layout: an update goes through plotly's batch and relayout machinery,
    # a third of the figure's building time
    layout = dict(
        template=TEMPLATE,
        title=heading,
        margin=dict(t=40, b=(110 if small else 90) if version is not None else None),
        separators=separators(),
        showlegend=legend,
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
            **({"base": base} if base is not None else {}),
        },
    )
    return go.Figure(data=traces, layout=layout)
