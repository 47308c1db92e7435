"""The sections of the indicator page below the chart, each a function of the indicator's view."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.engine.assessment import Assessment, IndicatorView
from dashboard.engine.progress import Point, TargetProgress
from dashboard.engine.vocabulary import METHOD_SHORT, METHOD_TEXT, METHODS, RESULT_TEXT, RESULTS
from dashboard.formatting import number, percent, qualified, rate, with_unit
from dashboard.i18n import _
from dashboard.outputs.datafiles import value_rows
from dashboard.outputs.wording import publishers, say, target_derivation, target_value_text
from dashboard.registry.models import Registry
from dashboard.web import ids
from dashboard.web.components import claim_card, quote_versions, source_link, status_badge, status_text, table

SCORE_NAME = {"unsd": "CR", "escap": "index", "statcan": "ratio"}
# the series-file format (README, "series_file"), so a download dropped into data/ loads back as the same values


def downloads(view: IndicatorView) -> html.Div:
    """The chart as PNG, SVG and CSV (as the page shows it: target, base year, language), and every value as a series file."""
    button = dict(color="primary", outline=True, size="sm", className="me-2 mb-1")
    return html.Div(
        [
            dbc.Button(_("Download PNG"), id=ids.PNG_BUTTON, **button),
            dbc.Button(_("Download SVG"), id=ids.SVG_BUTTON, **button),
            dbc.Button(_("Download the chart's CSV"), id=ids.CHART_CSV_BUTTON, **button),
            html.A(
                _("All values (CSV series file)"),
                href=f"/indicator/{view.id}.csv",
                download=f"{view.id}.csv",
                className="btn btn-outline-secondary btn-sm me-2 mb-1",
                id="csv-link",
            ),
            dcc.Loading(html.Span(id=ids.PNG_MESSAGE, className="small", role="status"), type="dot", style={"display": "inline-block"}),
        ],
        className="downloads mt-2",
    )


def value_text(view: IndicatorView, p: Point) -> str:
    ind = view.indicator
    if p.kind == "direction":  # only the way it moved, as its source says: no number to show
        on = _("on the same months a year before") if p.period else _("on the previous year")
        way = {1: _("rose"), -1: _("fell")}.get(int(p.value), _("unchanged"))
        return f"{way} {on}"
    if p.kind == "change":
        on = _("on the same months a year before") if p.period else _("on the previous year")
        words = qualified(0, p.qualifier).removesuffix("0").strip()
        return f"{words + ' ' if words else ''}{percent(p.value)} {on}"
    if p.derived and p.bounded:
        return _("{low} to {high}").format(low=number(p.low, ind.decimals), high=qualified(p.high, "=", ind.decimals, ind.unit_short))
    return qualified(p.value, p.qualifier, ind.decimals, ind.unit_short)


def _publisher(registry: Registry, source_id: str) -> str:
    source = registry.source(source_id)
    return source.publisher if source else source_id


def side_values(registry: Registry, view: IndicatorView) -> list:
    """Published changes and values for part of a year: shown beside the values, never joined to the line."""
    out: list = []
    if view.published_changes:
        out += [
            html.H2(_("Published changes"), className="h6"),
            html.Ul(
                [
                    html.Li(
                        f"{p.year}{' (' + p.period + ')' if p.period else ''}: {value_text(view, p)} — {_publisher(registry, p.source)}"
                    )
                    for p in view.published_changes
                ],
                className="small",
                id="published-changes",
            ),
        ]
    if view.partial_year:
        out += [
            html.H2(_("Values for part of a year"), className="h6"),
            html.Ul(
                [html.Li(f"{p.period} {p.year}: {value_text(view, p)} — {_publisher(registry, p.source)}") for p in view.partial_year],
                className="small",
                id="partial-values",
            ),
        ]
    return [html.Div(out, className="side-values mb-3")] if out else []


def _method_cell(res: TargetProgress, method: str) -> list:
    r = res.methods[method]
    score = f"{SCORE_NAME[method]} {number(r.score, 2)}" if r.score is not None and math.isfinite(r.score) else ""
    tip = _(METHOD_TEXT[method])
    if r.status_low and r.status_high and r.status_low != r.status_high:
        tip += "; " + _("at the bounds of the latest value: {low} to {high}").format(
            low=status_text(r.status_low), high=status_text(r.status_high)
        )
    return [status_badge(r.status, r.label, title=tip), html.Div(score, className="score small text-body-secondary")]


def status_table(view: IndicatorView) -> Any:
    """One row per target: the inputs of the assessment and the status under each method."""
    d = view.indicator.decimals
    rows, classes = [], []
    for tv in view.targets:
        target, res = tv.target, tv.result
        unit = view.indicator.unit_short
        name: list = [
            html.A(tv.name, href=f"#target-{target.id}"),
            html.Span(" · " + _("headline"), className="small headline-flag") if tv.headline else None,
        ]
        if res.reason:
            name.append(html.Div(say(res.reason), className="small text-body-secondary"))
        rows.append(
            [
                name,
                f"{with_unit(number(res.baseline.value, d), unit)} ({res.baseline.year})" if res.baseline else "–",
                f"{qualified(res.latest.value, res.latest.qualifier, d, unit)} ({res.latest.year})" if res.latest else "–",
                [
                    _("{value} by {year}").format(value=target_value_text(view, tv), year=target.year),
                    html.Div(target_derivation(view, tv), className="small text-body-secondary derivation"),
                ],
                rate(res.required_rate, res.rate_kind),
                rate(res.actual_rate, res.rate_kind),
                number(res.projected_value, d) if res.projected_value is not None and not res.due else "–",
                *[_method_cell(res, m) for m in METHODS],
            ]
        )
        classes.append(
            " ".join(c for c in ("methods-disagree" if res.methods_disagree else "", "headline-row" if tv.headline else "") if c)
        )
    if not rows:
        return html.P(_("No target is set for this indicator."), className="text-body-secondary")
    header = [
        _("Target"),
        _("Baseline"),
        _("Latest"),
        _("Target value"),
        _("Required annual rate"),
        _("Actual annual rate"),
        _("Projected"),
        *(METHOD_SHORT[m] for m in METHODS),
    ]
    legend = html.P(
        _(
            "UNSD and Statistics Canada rate CR, the actual annual rate over the required one (UNSD: 0.95 on track, 0.5 fair, −0.1 "
            "limited; "
            "StatCan: 0.95, 0.60, 0). ESCAP rates the share of the way done over the share of the time elapsed. A bounded latest value "
            "(“more than”, “about”) is rated at both ends; a status like “limited to fair” spans them. Once a target's year has passed, "
            "its value "
            "of that year decides: achieved or missed."
        ),
        className="small text-body-secondary",
    )
    return html.Div(
        [
            table(header, rows, row_classes=classes, class_name="status-table", id="status-table", caption=_("Status under each method")),
            legend,
        ]
    )


def target_cards(registry: Registry, view: IndicatorView) -> list:
    out = []
    for tv in view.targets:
        target = tv.target
        out.append(
            dbc.Col(
                dbc.Card(
                    dbc.CardBody(
                        [
                            html.H3([tv.name, html.Span(f" · {target.year}", className="text-body-secondary")], className="h6"),
                            html.P(
                                [
                                    html.Strong(_("Target value: ")),
                                    " ".join(t for t in (target_value_text(view, tv), target_derivation(view, tv)) if t),
                                ],
                                className="small mb-1 target-value",
                            ),
                            *quote_versions(registry, target),
                            html.P([_("Source: "), source_link(registry, target.source, long=True)], className="small mb-1"),
                            html.P(target.note, className="small text-body-secondary mb-0") if target.note else None,
                        ]
                    ),
                    className="h-100 target-card",
                    id=f"target-{target.id}",
                ),
                md=6,
                xl=4,
                className="mb-3",
            )
        )
    return out


def claims(assessment: Assessment, view: IndicatorView) -> list:
    if not view.claims:
        return [html.P(_("No claim concerns this indicator."), className="text-body-secondary")]
    return [claim_card(assessment, c, check) for c, check in view.claims]


def claims_strip(view: IndicatorView) -> html.P | None:
    """'Claims: 2 consistent · 1 in the works', under the tiles and linked to the rulings: the verdicts above the fold."""
    if not view.claims:
        return None
    counts = Counter(check.result for _c, check in view.claims)
    parts = [_("{count} {result}").format(count=counts[r], result=_(RESULT_TEXT[r])) for r in RESULTS if counts[r]]
    return html.P(
        [html.Strong(_("Claims: ")), html.A(" · ".join(parts), href="#indicator-claims")],
        className="small mb-2 claims-strip",
        id="claims-strip",
    )


def _kind(p: Point) -> str:
    if p.derived:
        return _("derived")
    if p.kind == "change":
        return _("published change")
    if p.kind == "direction":
        return _("published direction")
    if p.period:
        return _("part of a year")
    return ""


def data_table(registry: Registry, view: IndicatorView) -> Any:
    if not view.points:
        return html.P(_("No published figure has been found yet."), className="text-body-secondary")
    charted = set(view.yearly.values())
    names = publishers(registry)
    rows, classes = [], []
    for p, note, quote in value_rows(registry, view):
        disagree = "disagree" in note.lower()
        kind = _kind(p)
        rows.append(
            [
                f"{p.year}" + (f" ({p.period})" if p.period else ""),
                [
                    value_text(view, p),
                    html.Span(" · " + kind, className="small value-kind") if kind else None,
                    html.Span(" (" + _("not charted") + ")", className="small text-body-secondary")
                    if p.kind == "level" and not p.period and p not in charted
                    else None,
                ],
                _("derived from: {sources}").format(sources=", ".join(dict.fromkeys(names.get(i, i) for i in p.sources)))
                if p.derived
                else source_link(registry, p.source),
                html.Span(note, className="note-disagree" if disagree else None),
                html.Span(quote, className="quote-cell"),
            ]
        )
        classes.append(
            " ".join(
                c
                for c in (
                    "row-disagree" if disagree else "",
                    "row-derived" if p.derived else "",
                    "row-partial" if p.period or p.kind == "change" else "",
                )
                if c
            )
        )
    header = [_("Year"), _("Value"), _("Source"), _("Note"), _("The source's words")]
    return table(
        header, rows, row_classes=classes, class_name="observations-table", id="data-table", caption=_("Every value of the indicator")
    )
