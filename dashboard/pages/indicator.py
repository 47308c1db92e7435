"""Indicator page `/indicator/<id>`: tracking chart, status by method, claims, data and downloads."""

from __future__ import annotations

import csv
import difflib
import io
import math
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from .. import figures
from ..assessment import IndicatorView
from ..claims import check_text, describe
from ..components import (
    current_state,
    no_registry,
    not_found,
    result_badge,
    source_link,
    status_badge,
    table,
)
from ..formatting import neutralise, number, qualified, rate
from ..frames import frames_of
from ..progress import METHOD_TEXT, METHODS, STATUS_TEXT, TargetProgress
from ..registry.models import Indicator
from ..store import Snapshot, State

CHART_HEIGHT = 580
DIRECTION_TEXT = {"lower_is_better": "lower is better", "higher_is_better": "higher is better", "neutral": "context figure, neither direction is better"}
SCORE_NAME = {"unsd": "CR", "escap": "index", "statcan": "ratio"}
SCORE_TEXT = {
    "unsd": "ratio of actual to required annual rate",
    "escap": "share of the way done over share of time elapsed",
    "statcan": "ratio of actual to required annual rate",
}
CSV_COLUMNS = ["indicator", "year", "value", "qualifier", "unit", "source", "source_publisher", "source_url", "note", "quote", "origin"]


def graph_config(indicator_id: str) -> dict:
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"filename": indicator_id, "scale": 2, "format": "png"},
    }


def tracking_figure(snapshot: Snapshot, indicator_id: str) -> dict:
    def build() -> dict:
        view = snapshot.assessment.views[indicator_id]
        return figures.tracking_figure(snapshot.registry, view, height=CHART_HEIGHT).to_plotly_json()

    return snapshot.cached(("tracking", indicator_id), build)


def indicator_csv(snapshot: Snapshot, indicator_id: str) -> str:
    """Every value of one indicator with its source; text cells cannot turn into spreadsheet formulas."""
    registry = snapshot.registry
    ind = registry.indicator(indicator_id)
    if ind is None:
        raise KeyError(indicator_id)
    obs = frames_of(snapshot.assessment).observations
    rows = obs[obs["indicator"] == indicator_id].sort_values(["year", "source"], kind="stable")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180; a CR or LF inside a cell gets the cell quoted
    writer.writerow(CSV_COLUMNS)
    for r in rows.itertuples(index=False):
        source = registry.source(r.source)
        row = [
            ind.id, int(r.year), float(r.value), r.qualifier, ind.unit, r.source,
            source.publisher if source else "", source.url if source else "",
            r.note if isinstance(r.note, str) else "", r.quote if isinstance(r.quote, str) else "", r.origin,
        ]
        writer.writerow([neutralise(c) for c in row])
    return out.getvalue()


def _summary(snapshot: Snapshot, view: IndicatorView) -> dbc.Row:
    ind, latest, head, change = view.indicator, view.latest, view.headline, view.change

    def tile(label: str, value: Any, detail: Any = None, tile_id: str | None = None) -> dbc.Col:
        return dbc.Col(dbc.Card(dbc.CardBody([
            html.Div(label, className="tile-label"), html.Div(value, className="tile-value", **({"id": tile_id} if tile_id else {})), html.Div(detail, className="tile-detail small"),
        ]), className="h-100 tile"), xs=6, lg=3, className="mb-3")

    latest_text = qualified(latest.value, latest.qualifier, ind.decimals, ind.unit_short) if latest else "no data"
    tiles = [tile("Latest", latest_text, [f"{latest.year} · ", source_link(snapshot.registry, latest.source)] if latest else None, "latest-value")]
    if change is not None:
        start = change.start
        label = "Baseline" if change.reference == "baseline" else "First value"
        tiles.append(tile(label, qualified(start.value, start.qualifier, ind.decimals, ind.unit_short), str(start.year)))
        tiles.append(tile(f"Change against the {change.reference}", change.text, f"{start.year} → {change.end.year}", "change-value"))
    elif head and head.result.baseline:
        b = head.result.baseline
        tiles.append(tile("Baseline", qualified(b.value, b.qualifier, ind.decimals, ind.unit_short), str(b.year)))
        tiles.append(tile("Change against the baseline", "–", view.change_note))
    elif ind.baseline:
        tiles.append(tile("Baseline", "–", view.change_note))
    if head:
        tiles.append(tile("Status (UNSD)", status_badge(head.result.status, head.label), f"target: {head.name} ({head.target.year})", "headline-status"))
    else:
        tiles.append(tile("Status", "no target", "nothing to assess"))
    return dbc.Row(tiles, className="summary-tiles")


def _method_cell(res: TargetProgress, method: str) -> list:
    r = res.methods[method]
    score = f"{SCORE_NAME[method]} {r.score:.2f}" if r.score is not None and math.isfinite(r.score) else ""
    tip = METHOD_TEXT[method] + (f": {SCORE_TEXT[method]}" if score else "")
    if r.status_low and r.status_high and r.status_low != r.status_high:
        tip += f"; at the bounds of the latest value: {STATUS_TEXT[r.status_low]} to {STATUS_TEXT[r.status_high]}"
    return [status_badge(r.status, r.label, title=tip), html.Div(score, className="score small text-body-secondary")]


def _status_table(view: IndicatorView) -> Any:
    """One row per target: the inputs of the assessment and the status under each method."""
    d = view.indicator.decimals
    rows, classes = [], []
    for tv in view.targets:
        target, res = tv.target, tv.result
        baseline = f"{number(res.baseline.value, d)} ({res.baseline.year})" if res.baseline else "–"
        goal = number(res.target_value, d) if res.target_value is not None else f"{target.ratio:.3g} × baseline"
        rows.append([
            [html.A(target.label or target.id, href=f"#target-{target.id}"), html.Div(f"Insufficient data: {res.reason}", className="small text-body-secondary") if res.reason else None],
            baseline,
            f"{qualified(res.latest.value, res.latest.qualifier, d)} ({res.latest.year})" if res.latest else "–",
            f"{goal} by {target.year}",
            rate(res.required_rate, res.rate_kind),
            rate(res.actual_rate, res.rate_kind),
            number(res.projected_value, d) if res.projected_value is not None else "–",
            *[_method_cell(res, m) for m in METHODS],
        ])
        classes.append("methods-disagree" if res.methods_disagree else "")
    if not rows:
        return html.P("No target is set for this indicator.", className="text-body-secondary")
    header = ["Target", "Baseline", "Latest", "Target value", "Required annual rate", "Actual annual rate", "Projected", "UNSD", "ESCAP", "StatCan"]
    legend = html.P(
        "UNSD and Statistics Canada rate CR, the actual annual rate over the required one (UNSD: 0.95 on track, 0.5 fair, −0.1 limited; "
        "StatCan: 0.95, 0.60, 0). ESCAP rates the share of the way done over the share of the time elapsed. "
        "A bounded latest value (“more than”, “about”) is rated at both ends; a status like “limited to fair” spans them.",
        className="small text-body-secondary",
    )
    return html.Div([table(header, rows, row_classes=classes, class_name="status-table", id="status-table"), legend])


def _target_notes(snapshot: Snapshot, ind: Indicator) -> list:
    out = []
    for target in ind.targets:
        out.append(dbc.Col(dbc.Card(dbc.CardBody([
            html.H3([target.label or target.id, html.Span(f" · {target.year}", className="text-body-secondary")], className="h6"),
            html.Blockquote(f"“{target.quote}”", className="quote") if target.quote else None,
            html.P(["Source: ", source_link(snapshot.registry, target.source, long=True)], className="small mb-1"),
            html.P(target.note, className="small text-body-secondary mb-0") if target.note else None,
        ]), className="h-100 target-card", id=f"target-{target.id}"), md=6, xl=4, className="mb-3"))
    return out


def _claims(snapshot: Snapshot, view: IndicatorView) -> list:
    if not view.claims:
        return [html.P("No claim of the speech concerns this indicator.", className="text-body-secondary")]
    out = []
    for c, check in view.claims:
        out.append(dbc.Card(dbc.CardBody([
            html.Div([result_badge(check.result), html.Span(describe(c, view.indicator.decimals), className="ms-2 small text-body-secondary")]),
            html.Blockquote(f"“{c.quote}”", className="quote mt-2"),
            html.P(["Source: ", source_link(snapshot.registry, c.source, long=True)], className="small mb-1"),
            html.P([html.Strong("Check: "), check_text(check)], className="small mb-1"),
            html.P(c.note, className="small text-body-secondary mb-0") if c.note else None,
        ]), className="mb-3 claim-card", id=f"claim-{c.id}"))
    return out


def _data_table(snapshot: Snapshot, view: IndicatorView) -> Any:
    ind = view.indicator
    if not view.points:
        return html.P("No published figure has been found yet.", className="text-body-secondary")
    charted = {(p.year, p.source, p.value, p.qualifier) for p in view.yearly.values()}
    obs = frames_of(snapshot.assessment).observations
    rows, classes = [], []
    frame = obs[obs["indicator"] == ind.id].sort_values(["year"], kind="stable")
    for r in frame.itertuples(index=False):
        note = r.note if isinstance(r.note, str) else ""
        quote = r.quote if isinstance(r.quote, str) else ""
        disagree = note.lower().startswith("sources disagree")
        in_chart = (r.year, r.source, r.value, r.qualifier) in charted
        rows.append([
            str(r.year),
            [qualified(r.value, r.qualifier, ind.decimals), html.Span(" (not charted)", className="small text-body-secondary") if not in_chart else None],
            source_link(snapshot.registry, r.source),
            html.Span(note, className="note-disagree" if disagree else None),
            html.Span(quote, className="quote-cell"),
        ])
        classes.append(" ".join(c for c in ("row-disagree" if disagree else "", "" if in_chart else "row-other") if c))
    return table(["Year", "Value", "Source", "Note", "The source's words"], rows, row_classes=classes, class_name="observations-table", id="data-table")


def body(state: State, indicator_id: str) -> Any:
    if state.snapshot is None:
        return no_registry()
    snapshot = state.snapshot
    registry = snapshot.registry
    view = snapshot.assessment.view(indicator_id or "")
    if view is None:
        ids = [i.id for i in registry.indicators]
        close = difflib.get_close_matches(indicator_id or "", ids, n=3, cutoff=0.5)
        suggestions = [(registry.indicator(i).title, f"/indicator/{i}") for i in close]
        return not_found(f"There is no indicator with the id “{indicator_id}” in the registry.", suggestions)
    ind = view.indicator
    area = next((a for a in registry.areas if a.id == ind.area), None)
    facts = [f"Unit: {ind.unit}", DIRECTION_TEXT[ind.direction].capitalize()]
    return html.Div([
        dbc.Breadcrumb(items=[{"label": "Overview", "href": "/"}, {"label": area.title if area else ind.area, "href": f"/?area={ind.area}"}, {"label": ind.title, "active": True}]),
        html.H1(ind.title, className="h3", id="indicator-title"),
        html.P(ind.description, id="indicator-description"),
        html.P(" · ".join(facts), className="small text-body-secondary"),
        html.P(ind.note, className="small") if ind.note else None,
        _summary(snapshot, view),
        dbc.Card(dbc.CardBody([
            dcc.Graph(id="tracking-graph", figure=tracking_figure(snapshot, ind.id), config=graph_config(ind.id), style={"height": f"{CHART_HEIGHT}px"}),
            html.Div([
                dbc.Button("Download CSV", id="csv-button", color="primary", outline=True, size="sm", className="me-2"),
                dbc.Button("Download PNG", id="png-button", color="primary", outline=True, size="sm", className="me-2"),
                dcc.Loading(html.Span(id="png-message", className="small"), type="dot", style={"display": "inline-block"}),
            ], className="downloads mt-2"),
        ]), className="mb-4 chart-card"),
        html.H2("Status under each method", className="h5"),
        _status_table(view),
        html.H2("Targets", className="h5 mt-3") if ind.targets else None,
        dbc.Row(_target_notes(snapshot, ind)),
        html.H2("Claims on this indicator", className="h5 mt-4"),
        html.Div(_claims(snapshot, view), id="indicator-claims"),
        html.H2("Data", className="h5 mt-4"),
        html.P("Every published value, with its source. When sources give more than one value for a year, the chart shows the most exact one.", className="small text-body-secondary"),
        _data_table(snapshot, view),
    ])


def layout(indicator_id: str = "", **_query: Any) -> html.Div:
    indicator_id = indicator_id if isinstance(indicator_id, str) else ""
    return html.Div([
        dcc.Store(id="indicator-id", data=indicator_id),
        dcc.Download(id="csv-download"),
        dcc.Download(id="png-download"),
        html.Div(body(current_state(), indicator_id), id="indicator-body"),
    ], id="indicator-page")


def title(indicator_id: str = "", **_: Any) -> str:
    state = current_state()
    ind = state.snapshot.registry.indicator(indicator_id) if state.snapshot else None
    return f"{ind.title} · Indicator" if ind else "Indicator not found"
