"""Claims on a tracking chart: each claim of the indicator, from every speech, at its year or span.

A level claim is a mark at the claimed value; a bound ("more than 200") is an arrow with a whisker the way
the value may lie; "about" is a whisker over the values the claim accepts; a change or a ratio is a bracket
at its end year over the values it allows, joined to the year it counts from; a direction is an arrow from
that year; a trend is an arrow at its last year, joined through each year of its span; a target claim is a
ring around its target. Each mark wears its verdict's colour (a commitment in the works, its course's), and a
verdict by a stand-in is an outline of that colour, never a colour of its own.
Every mark has a label: the short ruling and the claimed value with its unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import plotly.graph_objects as go

from dashboard.engine.assessment import IndicatorView
from dashboard.engine.claims import ClaimCheck, claim_set
from dashboard.engine.vocabulary import COURSE_COLOURS, PALETTE, RESULT_COLOURS
from dashboard.formatting import qualified
from dashboard.i18n import _
from dashboard.outputs.figures.style import INK, text, wrapped
from dashboard.outputs.wording import verdict
from dashboard.registry.models import ChangeClaim, DirectionClaim, LevelClaim, TargetClaim, TrendClaim

# text in a verdict's colour, darkened to pass WCAG AA on white
_INK_OF = {PALETTE[k]: INK[k] for k in INK} | {PALETTE["sky"]: INK["blue"]}
WHISKER = 0.07  # a bound's whisker: this share of the axis height


@dataclass(frozen=True)
class Mark:
    claim_id: str
    x: float
    y: float | None  # None: the chart has no value to place it by; drawn as a bracket over its span along the top
    up: float  # whisker above and below y, in the axis's units
    down: float
    symbol: str
    colour: str
    outline: bool  # by a stand-in
    label: str
    start: tuple[int, float] | None = None  # the year and value a change or direction counts from
    span: tuple[int, int] | None = None  # the years of a change or direction
    path: tuple[tuple[int, float], ...] = ()  # a trend's years with a value: its join runs through each step it claims


def colour_of(check: ClaimCheck) -> str:
    """A verdict's colour; a commitment in the works, its course's (the scorecard's colours)."""
    if check.result == "in_works" and check.course:
        return COURSE_COLOURS[check.course]
    return RESULT_COLOURS[check.result]


def _whiskers(y: float, low: float, high: float, top: float) -> tuple[float, float]:
    reach = WHISKER * top
    up = (high - y) if math.isfinite(high) else reach
    down = (y - low) if math.isfinite(low) else reach
    return max(up, 0.0), max(down, 0.0)


def _bound_symbol(qualifier: str) -> str:
    return {">": "arrow-up", ">=": "arrow-up", "<": "arrow-down", "<=": "arrow-down"}.get(qualifier, "diamond")


def _ratio_words(claim: ChangeClaim) -> str:
    if claim.measure == "percent":
        return qualified(claim.value, claim.qualifier, 1, "%")
    return qualified(claim.value, claim.qualifier, 3, "") + " " + _("times the {year} value").format(year=claim.from_year)


def _said_of(claim: ChangeClaim | DirectionClaim | TrendClaim) -> str:
    if isinstance(claim, ChangeClaim):
        return _ratio_words(claim)
    if isinstance(claim, TrendClaim):
        return _("up every year") if claim.direction == "up" else _("down every year")
    return _("up") if claim.direction == "up" else _("down")


def mark_of(view: IndicatorView, claim, check: ClaimCheck, top: float) -> Mark | None:
    """Where and how one claim is drawn; None when the chart has no value to place it by (a change from a year with none)."""
    ind = view.indicator
    d = ind.decimals
    colour, outline = colour_of(check), check.by_stand_in
    ruling = verdict(check, commitment=isinstance(claim, TargetClaim))
    yearly = view.yearly
    if isinstance(claim, LevelClaim):
        low, high = claim_set(claim.value, claim.qualifier) if claim.qualifier != "=" else (claim.value, claim.value)
        up, down = _whiskers(claim.value, low, high, top)
        said = qualified(claim.value, claim.qualifier, d, ind.unit_short)
        return Mark(claim.id, claim.year, claim.value, up, down, _bound_symbol(claim.qualifier), colour, outline, f"{ruling}: {said}")
    if isinstance(claim, (ChangeClaim, DirectionClaim, TrendClaim)) and yearly.get(claim.from_year) is None:
        said = f"{claim.from_year}–{claim.to_year}: " + _said_of(claim)
        label = f"{ruling}: {said} " + _("(no {year} value on this chart)").format(year=claim.from_year)
        return Mark(claim.id, claim.to_year, None, 0.0, 0.0, "diamond", colour, outline, label, span=(claim.from_year, claim.to_year))
    if isinstance(claim, ChangeClaim):
        a = yearly[claim.from_year]
        low, high = claim_set(claim.value, claim.qualifier)

        def level(r: float) -> float:
            return a.value * (1 + r / 100) if claim.measure == "percent" else a.value * r

        y = level(claim.value)
        up, down = _whiskers(y, level(low) if math.isfinite(low) else low, level(high) if math.isfinite(high) else high, top)
        said = f"{claim.from_year}–{claim.to_year}: {_ratio_words(claim)}"
        return Mark(
            claim.id,
            claim.to_year,
            y,
            up,
            down,
            "line-ew",
            colour,
            outline,
            f"{ruling}: {said}",
            (claim.from_year, a.value),
            (claim.from_year, claim.to_year),
        )
    if isinstance(claim, DirectionClaim):
        a = yearly[claim.from_year]
        b = yearly.get(claim.to_year)
        y = b.value if b is not None else a.value
        symbol = "arrow-up" if claim.direction == "up" else "arrow-down"
        said = f"{claim.from_year}–{claim.to_year}: " + (_("up") if claim.direction == "up" else _("down"))
        return Mark(
            claim.id,
            claim.to_year,
            y,
            0.0,
            0.0,
            symbol,
            colour,
            outline,
            f"{ruling}: {said}",
            (claim.from_year, a.value),
            (claim.from_year, claim.to_year),
        )
    if isinstance(claim, TrendClaim):
        path = tuple((y, yearly[y].value) for y in range(claim.from_year, claim.to_year + 1) if yearly.get(y) is not None)
        symbol = "arrow-up" if claim.direction == "up" else "arrow-down"
        said = f"{claim.from_year}–{claim.to_year}: {_said_of(claim)}"
        x, y = path[-1]
        return Mark(claim.id, x, y, 0.0, 0.0, symbol, colour, outline, f"{ruling}: {said}", path[0], (claim.from_year, claim.to_year), path)
    if isinstance(claim, TargetClaim):
        if claim.value is not None:
            goal = claim.value
        else:
            base = yearly.get(claim.baseline_year) if claim.baseline_year else None
            if base is None or claim.ratio is None:
                return None
            goal = base.value * claim.ratio
        said = _("{value} by {year}").format(value=qualified(goal, claim.qualifier, d, ind.unit_short), year=claim.year)
        return Mark(claim.id, claim.year, goal, 0.0, 0.0, "circle-open", colour, True, f"{ruling}: {said}")
    return None


def _legend_name(check: ClaimCheck) -> str:
    return _("Claim: {verdict}").format(verdict=verdict(check))


def claim_marks(view: IndicatorView, top: float) -> list[tuple[Mark, ClaimCheck]]:
    out = []
    for claim, check in view.claims:
        mark = mark_of(view, claim, check, top)
        if mark is not None:
            out.append((mark, check))
    return out


def _legend_symbol(outline: bool) -> str:
    return "diamond-open" if outline else "diamond"


def claim_traces(view: IndicatorView, top: float, *, small: bool = False) -> tuple[list[go.Scatter], list[dict], list[dict]]:
    """The claims' marks, the joins of changes and directions, one legend entry per verdict drawn, a label per claim;
    and the shapes of the claims the chart has no value to place by (a bracket over their span along the top)."""
    marks = claim_marks(view, top)
    traces: list[go.Scatter] = []
    annotations: list[dict] = []
    shapes: list[dict] = []
    size = 11 if small else 15
    legend: dict[str, tuple[str, bool]] = {}
    placed = [(m, c) for m, c in marks if m.y is not None]
    for mark, check in marks:
        legend.setdefault(_legend_name(check), (mark.colour, mark.outline))
        if mark.start is not None and mark.y is not None:
            joined = mark.path or (mark.start, (mark.x, mark.y))
            traces.append(
                go.Scatter(
                    x=[x for x, _y in joined],
                    y=[y for _x, y in joined],
                    mode="lines",
                    meta=f"claim-span:{mark.claim_id}",
                    line=dict(color=mark.colour, width=1.5, dash="dot"),
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
    for mark, _check in placed:
        hollow = mark.outline and mark.symbol != "line-ew"
        symbol = mark.symbol if mark.symbol.endswith("-open") or not hollow else mark.symbol + "-open"
        traces.append(
            go.Scatter(
                x=[mark.x],
                y=[mark.y],
                mode="markers",
                name=text(mark.label),
                meta=f"claim:{mark.claim_id}",
                legendgroup="claims",
                showlegend=False,
                marker=dict(
                    symbol=symbol,
                    size=size + 8 if mark.symbol == "circle-open" else size,
                    color=mark.colour,
                    line=dict(width=2.5 if hollow else 1, color=mark.colour if hollow else "#222222"),
                ),
                error_y=dict(
                    type="data", symmetric=False, array=[mark.up], arrayminus=[mark.down], color=mark.colour, thickness=2.5, width=8
                ),
                hovertext=[text(mark.label)],
                hoverinfo="text",
            )
        )
    for name, (colour, outline) in legend.items():
        traces.append(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=text(name),
                meta="claim-key",
                marker=dict(symbol=_legend_symbol(outline), size=12, color=colour, line=dict(width=2 if outline else 1, color=colour)),
                hoverinfo="skip",
            )
        )
    # A label reaches into the chart from its mark: rightwards in the left half of the years, leftwards in the right
    # half, so that none runs past the plot's edge (on a phone the left one was cut at "…ерждается").
    years = [p.year for p in view.points] + claim_years(view) + [m.x for m, _c in marks]
    middle = (min(years) + max(years)) / 2
    width = 26 if small else 34  # characters a line: a phone's chart is about 300 px wide, a label at 10 px about 6 px a character

    def label(value: str) -> str:
        return wrapped(value, width)

    unplaced = [m for m, _c in marks if m.y is None]
    for n, mark in enumerate(unplaced):
        y = 0.97 - 0.07 * n
        a, b = mark.span or (mark.x, mark.x)
        shapes.append(
            dict(type="line", x0=a, x1=b, y0=y, y1=y, yref="paper", line=dict(color=mark.colour, width=3), name=f"claim:{mark.claim_id}")
        )
        for x in (a, b):
            shapes.append(
                dict(type="line", x0=x, x1=x, y0=y - 0.02, y1=y, yref="paper", line=dict(color=mark.colour, width=3), name="claim-end")
            )
        leftwards = b > middle
        annotations.append(
            dict(
                x=b if leftwards else a,
                y=y,
                yref="paper",
                xanchor="right" if leftwards else "left",
                yanchor="top",
                showarrow=False,
                text=label(mark.label),
                font=dict(size=10 if small else 11, color=_INK_OF.get(mark.colour, INK["grey"])),
                bgcolor="rgba(255,255,255,0.85)",
                name=f"claim:{mark.claim_id}",
            )
        )
    for n, (mark, _check) in enumerate(sorted(placed, key=lambda mc: (mc[0].x, mc[0].y))):
        above = n % 2 == 0
        leftwards = mark.x > middle
        annotations.append(
            dict(
                x=mark.x,
                y=mark.y,
                text=label(mark.label),
                showarrow=True,
                arrowhead=0,
                arrowwidth=1,
                arrowcolor=mark.colour,
                ax=-10 if leftwards else 10,
                ay=(-34 - 16 * (n % 3)) if above else (34 + 16 * (n % 3)),
                xanchor="right" if leftwards else "left",
                font=dict(size=10 if small else 11, color=_INK_OF.get(mark.colour, INK["grey"])),
                bgcolor="rgba(255,255,255,0.85)",
                name=f"claim:{mark.claim_id}",
            )
        )
    return traces, annotations, shapes


def claim_years(view: IndicatorView) -> list[int]:
    """The years the claims are about, so the axis shows them all."""
    out: list[int] = []
    for claim, _check in view.claims:
        out += [y for y in (getattr(claim, "year", None), getattr(claim, "from_year", None), getattr(claim, "to_year", None)) if y]
    return out
