"""Sources `/sources`: every source with publisher, date and link, and what uses it."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard.formatting import date
from dashboard.i18n import N_, _, ngettext
from dashboard.web import ids
from dashboard.web.components import current_state, external_link, href, in_page_language, no_registry, table
from dashboard.web.store import Snapshot, State

DOWNLOADS = [
    ("/download/observations.csv", N_("Every value (CSV)")),
    ("/download/claims.csv", N_("Every claim with its verdict (CSV)")),
    ("/download/registry.json", N_("The validated registry (JSON)")),
]


def uses(snapshot: Snapshot) -> dict[str, list[str]]:
    """Source id to the ids of indicators it gives values or targets for."""
    used: dict[str, list[str]] = {}
    for view in snapshot.localized():
        for source_id in view.sources:
            used.setdefault(source_id, []).append(view.id)
    for claim in snapshot.localized().registry.claims:
        used.setdefault(claim.source, [])
    return used


def source_table(snapshot: Snapshot) -> Any:
    registry = snapshot.localized().registry
    used = uses(snapshot)
    rows = []
    for s in registry.sources:
        inds = used.get(s.id, [])
        links: list = []
        for ind_id in inds:
            ind = registry.indicator(ind_id)
            links += [dcc.Link(ind.title if ind else ind_id, href=href(f"/indicator/{ind_id}")), html.Br()]
        claims = sum(1 for c in registry.claims if c.source == s.id)
        if claims:
            links.append(dcc.Link(ngettext("{count} claim", "{count} claims", claims).format(count=claims), href=href("/claims")))
        rows.append(
            [
                s.publisher,
                external_link(s.url, s.title),
                date(s.date) if s.date else "–",
                links or "–",
                html.Span(
                    [
                        _("local copy: {path}").format(path=s.document) if s.document else "",
                        html.Br() if s.document and s.license else None,
                        _("licence: {licence}").format(licence=s.license) if s.license else "",
                    ]
                ),
            ]
        )
    return table(
        [_("Publisher"), _("Title"), _("Date"), _("Used for"), _("Notes")],
        rows,
        class_name="sources-table",
        id="sources-table",
        caption=_("Every source"),
    )


def body(state: State) -> Any:
    if state.snapshot is None:
        return no_registry()
    return source_table(state.snapshot)


@in_page_language
def layout(lang: str | None = None, **_query: Any) -> html.Div:
    state = current_state()
    return html.Div(
        [
            html.H1(_("Sources"), className="h3"),
            html.P(
                _("Every source of a value, a target or a claim. Links open the publisher's page."), className="small text-body-secondary"
            ),
            html.H2(_("Download everything"), className="h6"),
            html.Ul([html.Li(html.A(_(text), href=href, download="")) for href, text in DOWNLOADS], className="small", id="downloads"),
            html.Div(body(state), id=ids.SOURCES_BODY),
        ],
        id="sources-page",
    )
