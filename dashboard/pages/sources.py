"""Sources `/sources`: every source with publisher, date and link, and what uses it."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from ..components import current_state, external_link, no_registry, table
from ..store import Snapshot, State


def uses(snapshot: Snapshot) -> dict[str, list[str]]:
    """Source id to the ids of indicators it gives values or targets for."""
    used: dict[str, list[str]] = {}
    for view in snapshot.assessment:
        for source_id in view.sources:
            used.setdefault(source_id, []).append(view.id)
    for claim in snapshot.registry.claims:
        used.setdefault(claim.source, [])
    return used


def source_table(snapshot: Snapshot) -> Any:
    registry = snapshot.registry
    used = uses(snapshot)
    rows = []
    for s in registry.sources:
        inds = used.get(s.id, [])
        links: list = []
        for ind_id in inds:
            ind = registry.indicator(ind_id)
            links += [dcc.Link(ind.title if ind else ind_id, href=f"/indicator/{ind_id}"), html.Br()]
        claims = sum(1 for c in registry.claims if c.source == s.id)
        if claims:
            links.append(dcc.Link(f"{claims} claim{'s' if claims != 1 else ''}", href="/claims"))
        rows.append([
            s.publisher,
            external_link(s.url, s.title),
            s.date.isoformat() if s.date else "–",
            links or "–",
            html.Span([f"local copy: {s.document}" if s.document else "", html.Br() if s.document and s.license else None, f"licence: {s.license}" if s.license else ""]),
        ])
    return table(["Publisher", "Title", "Date", "Used for", "Notes"], rows, class_name="sources-table", id="sources-table")


def body(state: State) -> Any:
    if state.snapshot is None:
        return no_registry()
    return source_table(state.snapshot)


def layout(**_query: Any) -> html.Div:
    state = current_state()
    return html.Div([
        html.H1("Sources", className="h3"),
        html.P("Every source of a value, a target or a claim. Links open the publisher's page.", className="small text-body-secondary"),
        html.Div(body(state), id="sources-body"),
    ], id="sources-page")
