"""Claims `/claims`: every claim of the speech, its quote, indicator and check result."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from ..claims import Result, check_text, describe
from ..components import current_state, indicator_link, no_registry, result_badge, source_link
from ..store import Snapshot, State

RESULTS: tuple[Result, ...] = ("consistent", "inconsistent", "unverifiable")


def filter_options(snapshot: Snapshot | None) -> list[dict]:
    checks = snapshot.assessment.checks.values() if snapshot else []
    counts = {r: sum(1 for c in checks if c.result == r) for r in RESULTS}
    return [{"label": f"All ({len(checks)})", "value": "all"}] + [{"label": f"{r.capitalize()} ({counts[r]})", "value": r} for r in RESULTS]


def claim_list(snapshot: Snapshot, result: str | None) -> list:
    registry = snapshot.registry
    out = []
    for claim in registry.claims:
        check = snapshot.assessment.checks[claim.id]
        if result and result != "all" and check.result != result:
            continue
        ind = registry.indicator(claim.indicator)
        evidence = [source_link(registry, s) for s in check.evidence]
        out.append(dbc.Card(dbc.CardBody([
            html.Div([result_badge(check.result), html.Span(describe(claim, ind.decimals if ind else 0), className="ms-2 small text-body-secondary")]),
            html.Blockquote(f"“{claim.quote}”", className="quote mt-2"),
            html.P(["Source: ", source_link(registry, claim.source, long=True)], className="small mb-1"),
            html.P(["Indicator: ", indicator_link(registry, claim.indicator)], className="small mb-1"),
            html.P([html.Strong("Check: "), check_text(check)], className="small mb-1"),
            html.P(["Evidence: ", *sum(([e, ", "] for e in evidence), [])[:-1]], className="small mb-1") if evidence else None,
            html.P(claim.note, className="small text-body-secondary mb-0") if claim.note else None,
        ]), className="mb-3 claim-card", id=f"claim-{claim.id}"))
    if not out:
        out.append(html.P("No claim has this result.", className="text-body-secondary"))
    return out


def body(state: State, result: str | None) -> Any:
    if state.snapshot is None:
        return no_registry()
    return claim_list(state.snapshot, result)


def layout(result: str | None = None, **_query: Any) -> html.Div:
    state = current_state()
    result = result if result in RESULTS else "all"
    return html.Div([
        html.H1("Claims of the speech", className="h3"),
        html.P(
            "Each claim is checked against values from other sources only: a value whose source is the speech itself never counts as evidence.",
            className="small text-body-secondary",
        ),
        dbc.RadioItems(id="claim-filter", options=filter_options(state.snapshot), value=result, inline=True, className="mb-3"),
        html.Div(body(state, result), id="claims-list"),
    ], id="claims-page")
