"""Overview `/`: one card per indicator, grouped by area, and the progress-to-target chart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from .. import figures
from ..assessment import IndicatorView
from ..components import current_state, no_registry, pill, status_badge
from ..formatting import qualified
from ..registry.models import Indicator
from ..store import Snapshot, State

ALL = "all"
PAGE_SIZE = 30  # cards per page: a registry of thousands of indicators stays quick to serve and to draw
GRAPH_CONFIG_STATIC = {"staticPlot": True, "responsive": True}


@dataclass(frozen=True)
class CardData:
    """What one overview card says, as text."""

    indicator: str
    title: str
    area: str
    latest: str  # "> 200 bn RUB"
    latest_year: str  # "2024"
    change: str  # "−4.2% to −3.5% against the 2023 baseline (14,504)"
    statuses: tuple[tuple[str, str, str], ...]  # (status, badge text, tooltip)


def _change(view: IndicatorView) -> str:
    change, ind = view.change, view.indicator
    if change is None:
        return view.change_note
    start = change.start
    if change.reference == "first value":
        return f"No baseline set; {change.text} since {start.year}"
    return f"{change.text} against the {start.year} baseline ({qualified(start.value, start.qualifier, ind.decimals)})"


def card_data(view: IndicatorView) -> CardData:
    ind, latest = view.indicator, view.latest
    statuses = []
    for tv in view.targets:
        res = tv.result
        label = f"{tv.label} · {tv.name} ({tv.target.year})"
        tip = f"{tv.name}: {tv.label} (UNSD)" + (f"; {res.reason}" if res.reason else "") + (" · headline target" if tv.headline else "")
        statuses.append((res.status, label, tip))
    return CardData(
        indicator=ind.id, title=ind.title, area=ind.area,
        latest=qualified(latest.value, latest.qualifier, ind.decimals, ind.unit_short) if latest else "no data",
        latest_year=str(latest.year) if latest else "",
        change=_change(view),
        statuses=tuple(statuses),
    )


def sparkline_figure(snapshot: Snapshot, indicator_id: str) -> dict:
    return snapshot.cached(("sparkline", indicator_id), lambda: figures.sparkline(snapshot.assessment.views[indicator_id]).to_plotly_json())


def progress_figure(snapshot: Snapshot) -> dict:
    return snapshot.cached("progress", lambda: figures.progress_overview(snapshot.assessment).to_plotly_json())


def matches(ind: Indicator, area: str | None, query: str | None) -> bool:
    if area and area != ALL and ind.area != area:
        return False
    words = (query or "").casefold().split()
    haystack = f"{ind.title} {ind.id}".casefold()
    return all(w in haystack for w in words)


def card(snapshot: Snapshot, ind: Indicator) -> dbc.Col:
    view = snapshot.assessment.views[ind.id]
    data = snapshot.cached(("card", ind.id), lambda: card_data(view))
    badges = [status_badge(s, text, title=tip) for s, text, tip in data.statuses] or [pill("no target", "#E9ECEF", class_name="status-none")]
    spark: Any
    if view.points:
        spark = dcc.Graph(figure=sparkline_figure(snapshot, ind.id), config=GRAPH_CONFIG_STATIC, className="sparkline", style={"height": "60px"})
    else:
        spark = html.Div("No published figure yet", className="sparkline sparkline-empty")
    body = dbc.CardBody([
        html.H3(dcc.Link(data.title, href=f"/indicator/{ind.id}", className="stretched-link"), className="card-title h6"),
        html.Div([html.Span(data.latest, className="latest-value"), html.Span(f", {data.latest_year}" if data.latest_year else "", className="latest-year")]),
        html.Div(data.change, className="change small text-body-secondary"),
        html.Div(badges, className="badges"),
        spark,
    ])
    return dbc.Col(dbc.Card(body, className="indicator-card h-100", id=f"card-{ind.id}"), xs=12, md=6, xl=4, className="mb-3")


def pager(page: int, pages: int, first: int, last: int, total: int, area: str | None, query: str | None) -> html.Nav:
    def href(number: int) -> str:
        params = {"page": number, "area": area if area and area != ALL else None, "q": query or None}
        return "/?" + urlencode({k: v for k, v in params.items() if v is not None})

    return html.Nav([
        dcc.Link("← Previous", href=href(page - 1), className="me-3 page-previous") if page > 1 else None,
        html.Span(f"Indicators {first:,}–{last:,} of {total:,} (page {page} of {pages})", className="small text-body-secondary me-3"),
        dcc.Link("Next →", href=href(page + 1), className="page-next") if page < pages else None,
    ], className="pager mb-3", **{"aria-label": "Pages of indicators"})


def cards(snapshot: Snapshot, area: str | None = None, query: str | None = None, page: int = 1) -> list:
    registry = snapshot.registry
    by_area: dict[str, list[Indicator]] = {}
    for ind in registry.indicators:
        if matches(ind, area, query):
            by_area.setdefault(ind.area, []).append(ind)
    chosen = [i for a in registry.areas for i in by_area.get(a.id, [])]
    if not chosen:
        return [html.P("No indicator matches the filter.", className="text-body-secondary", id="no-match")]
    pages = -(-len(chosen) // PAGE_SIZE)
    page = min(max(page, 1), pages)
    start = (page - 1) * PAGE_SIZE
    shown = {i.id for i in chosen[start : start + PAGE_SIZE]}
    out: list = []
    for a in registry.areas:
        inds = [i for i in by_area.get(a.id, []) if i.id in shown]
        if inds:
            out.append(html.Section(
                [html.H2(a.title, className="area-title h5"), dbc.Row([card(snapshot, i) for i in inds])],
                className="area-group", id=f"area-{a.id}",
            ))
    if pages > 1:
        out.append(pager(page, pages, start + 1, start + len(shown), len(chosen), area, query))
    return out


def area_options(snapshot: Snapshot | None) -> list[dict]:
    areas = snapshot.registry.areas if snapshot else []
    return [{"label": "All areas", "value": ALL}] + [{"label": a.title, "value": a.id} for a in areas]


def header(snapshot: Snapshot) -> list:
    registry = snapshot.registry
    n_targets = sum(len(i.targets) for i in registry.indicators)
    results = [c.result for c in snapshot.assessment.checks.values()]
    counts = ", ".join(f"{results.count(r)} {r}" for r in ("consistent", "inconsistent", "unverifiable") if results.count(r))
    facts = [
        f"{len(registry.indicators)} indicators",
        f"{n_targets} targets",
        f"{len(registry.claims)} claims ({counts})" if counts else f"{len(registry.claims)} claims",
        f"data as of {registry.meta.as_of.isoformat()}",
    ]
    return [
        html.H1(registry.meta.title, className="h3"),
        html.P(registry.meta.description, className="lead-sm") if registry.meta.description else None,
        html.P(" · ".join(facts), className="facts text-body-secondary small"),
    ]


def progress_card(snapshot: Snapshot) -> dbc.Card:
    if not any(i.targets for i in snapshot.registry.indicators):
        return dbc.Card(dbc.CardBody("No indicator has a target yet."), className="mb-4")
    return dbc.Card(dbc.CardBody(dcc.Graph(
        id="progress-graph", figure=progress_figure(snapshot),
        config={"displaylogo": False, "toImageButtonOptions": {"filename": "progress_to_target", "scale": 2, "format": "png"}},
    )), className="mb-4")


def body(state: State) -> Any:
    """The part of the page that follows the registry version."""
    if state.snapshot is None:
        return no_registry()
    snapshot = state.snapshot
    return [html.Div(header(snapshot), className="page-header"), progress_card(snapshot)]


def layout(area: str | None = None, q: str | None = None, page: str | None = None, **_query: Any) -> html.Div:
    state = current_state()
    snapshot = state.snapshot
    area = area if isinstance(area, str) and area else ALL
    q = q if isinstance(q, str) else ""
    number = int(page) if isinstance(page, str) and page.isdigit() and len(page) < 7 else 1
    controls = dbc.Row([
        dbc.Col([
            dbc.Label("Area", html_for="area-filter", className="visually-hidden"),
            dbc.Select(id="area-filter", options=area_options(snapshot), value=area),
        ], md=4, className="mb-2"),
        dbc.Col([
            dbc.Label("Search by title", html_for="title-search", className="visually-hidden"),
            dbc.Input(id="title-search", type="search", placeholder="Search by title", value=q, debounce=200),
        ], md=8, className="mb-2"),
    ], className="filters mb-2")
    return html.Div([
        html.Div(body(state), id="overview-body"),
        controls,
        html.Div(cards(snapshot, area, q, number) if snapshot else [], id="overview-cards"),
    ], id="overview-page")
