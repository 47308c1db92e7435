"""The targets on a tracking chart: the chosen one in colour, every other in grey, each with its own mark.

Each target is one ✕ at its year and value, labelled at the end of its required path with its name and value
(line-end labels instead of a legend entry per target). Targets due the same year at nearly the same value
get their labels on opposite sides, so no two labels overprint and no two targets share a mark.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.engine.assessment import IndicatorView
from dashboard.engine.vocabulary import PALETTE
from dashboard.formatting import number
from dashboard.i18n import _
from dashboard.outputs.figures.style import INK, text, wrapped
from dashboard.outputs.wording import say

CLOSE = 0.04  # targets due the same year within 4% of the axis height would overprint: their labels go apart
CHOSEN = "vermillion"


def colours(chosen: bool) -> tuple[str, str]:
    """(mark colour, label colour): the chosen target's hue, or grey; both visible on white, the label AA."""
    return (PALETTE[CHOSEN], INK[CHOSEN]) if chosen else (PALETTE["grey"], INK["grey"])


def chosen_id(view: IndicatorView, chosen: str | None) -> str | None:
    """The target the reader picked, else the headline one, else the first."""
    if chosen and view.target(chosen):
        return chosen
    head = view.headline or (view.targets[0] if view.targets else None)
    return head.target.id if head else None


def _positions(view: IndicatorView, height: float, last_year: int) -> dict[str, str]:
    """Where each target's label goes: right of its mark (left at the axis's end); near ones of a year above and below."""
    valued = [tv for tv in view.targets if tv.result.target_value is not None]
    out: dict[str, str] = {}
    for tv in valued:
        near = [
            o
            for o in valued
            if o.target.year == tv.target.year and abs((o.result.target_value or 0) - (tv.result.target_value or 0)) <= CLOSE * height
        ]
        if tv.target.year >= last_year:  # at the axis's end the label goes below and left, where the line has gone down
            out[tv.target.id] = ("bottom left", "top left")[near.index(tv) % 2]
        else:
            # near ones: one above and right, the next below and left, so that neither label reaches a later target's
            out[tv.target.id] = "middle right" if len(near) == 1 else ("top right", "bottom left")[near.index(tv) % 2]
    return out


def target_traces(
    view: IndicatorView, height: float, last_year: int, chosen: str | None = None, *, small: bool = False
) -> tuple[list[go.Scatter], list[dict]]:
    """Required paths and target marks, grey ones first so the chosen target is drawn on top."""
    d = view.indicator.decimals
    pick = chosen_id(view, chosen)
    positions = _positions(view, height, last_year)
    ordered = sorted(view.targets, key=lambda tv: tv.target.id == pick)
    paths: list[go.Scatter] = []
    marks: list[go.Scatter] = []
    for tv in ordered:
        res, is_chosen = tv.result, tv.target.id == pick
        colour, ink = colours(is_chosen)
        if res.required_path and not res.due:
            years, values = zip(*res.required_path)
            paths.append(
                go.Scatter(
                    x=list(years),
                    y=list(values),
                    mode="lines",
                    name=_("Required path: {target}").format(target=text(tv.name)),
                    meta=f"required:{tv.target.id}",
                    legendgroup=tv.target.id,
                    showlegend=False,
                    line=dict(color=colour, dash="dash", width=2.5 if is_chosen else 1.5),
                    hoverinfo="skip",
                )
            )
        if res.target_value is None:
            continue
        value = number(res.target_value, d)
        label = value if small else f"{tv.name}: {value}"  # a phone has no room for names: the key and hover give them
        hover = f"{text(tv.name)}: {value} — {text(tv.label)}" + (f" ({text(say(res.reason))})" if res.due else "")
        marks.append(
            go.Scatter(
                x=[tv.target.year],
                y=[res.target_value],
                mode="markers+text",
                name=wrapped(_("Target {year}: {target}").format(year=tv.target.year, target=tv.name), 46),
                meta=f"target:{tv.target.id}",
                legendgroup=tv.target.id,
                showlegend=False,  # the label at the mark names it: no legend entry per target
                marker=dict(
                    symbol="x-thin-open",
                    size=(11 if small else 16) if is_chosen else (9 if small else 12),
                    color=colour,
                    line=dict(width=3 if is_chosen else 2, color=colour),
                ),
                text=[wrapped(label, 14 if small else 20)],
                textposition=positions.get(tv.target.id, "middle right").replace("right", "left" if small else "right"),
                textfont=dict(color=ink, size=10 if small else 12),
                hovertext=[text(_("Target {year}").format(year=tv.target.year)) + f"<br>{hover}"],
                hoverinfo="text",
            )
        )
    annotations = [
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
        for tv in view.targets
        if tv.result.target_value is None
    ]
    return paths + marks, annotations
