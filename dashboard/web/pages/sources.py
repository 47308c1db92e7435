"""Sources `/sources`: every source with its type, publisher, date and link, and what uses it.

The type filter lives in the URL (`/sources?type=repost`), so a filtered list can be linked. A source without a
publication date leaves its date cell empty; the page says once how many are undated.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from dash import dcc, html

from dashboard.engine.vocabulary import PALETTE, SOURCE_TYPE_COLOURS, SOURCE_TYPE_HINT, SOURCE_TYPE_TEXT, UNTYPED_TEXT
from dashboard.formatting import date
from dashboard.i18n import N_, _, current, ngettext
from dashboard.web import ids
from dashboard.web.components import current_state, external_link, href, in_page_language, no_registry, pill, table
from dashboard.web.store import Snapshot, State

ALL = "all"
UNTYPED = "none"  # the filter's code for sources whose type is not given


def type_of(search: object) -> str:
    """`?type=` of a page's search string (a callback's `search`): a known type, else "all"."""
    if not isinstance(search, str) or len(search) > 2000:
        return ALL
    found = parse_qs(search.lstrip("?")).get("type", [ALL])[0]
    return found if found in SOURCE_TYPE_TEXT or found == UNTYPED else ALL


def type_badge(kind: str | None) -> html.Span:
    """The source's type as a badge; its hint (what the type means) as the tooltip."""
    if kind not in SOURCE_TYPE_TEXT:
        return pill(_(UNTYPED_TEXT), PALETTE["grey"], class_name="source-type source-type-none")
    return pill(
        _(SOURCE_TYPE_TEXT[kind]), SOURCE_TYPE_COLOURS[kind], title=_(SOURCE_TYPE_HINT[kind]), class_name=f"source-type source-type-{kind}"
    )


def _code(kind: str | None) -> str:
    return kind if kind in SOURCE_TYPE_TEXT else UNTYPED


def type_nav(snapshot: Snapshot, chosen: str) -> html.Nav:
    """Links to each type that has sources, with its count ("All" first); the chosen one marked as the current page."""
    sources = snapshot.localized().registry.sources
    counts = {code: sum(1 for s in sources if _code(s.type) == code) for code in [*SOURCE_TYPE_TEXT, UNTYPED]}
    items = [(ALL, _("All"), len(sources))] + [
        (code, _(SOURCE_TYPE_TEXT[code]) if code in SOURCE_TYPE_TEXT else _(UNTYPED_TEXT), n) for code, n in counts.items() if n
    ]
    links = [
        html.Li(
            html.A(  # a plain link: dcc.Link takes no aria-current
                f"{text} — {count}",
                href=href("/sources", type=None if code == ALL else code),
                className="type-link" + (" active fw-bold" if code == chosen else ""),
                **({"aria-current": "page"} if code == chosen else {}),
            ),
            className="list-inline-item",
        )
        for code, text, count in items
    ]
    return html.Nav(
        [html.Span(_("Type: "), className="small me-1"), html.Ul(links, className="list-inline d-inline small mb-2")],
        className="type-nav",
        id="source-type-nav",
        **{"aria-label": _("Source types")},
    )


DOWNLOADS = [
    ("/download/observations.csv", N_("Every value (CSV)")),
    ("/download/claims.csv", N_("Every claim with its verdict (CSV)")),
    ("/download/registry.json", N_("The validated registry (JSON)")),
    ("/download/datapackage.zip", N_("Everything as a Frictionless Data Package, every table with its schema (ZIP)")),
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


def source_table(snapshot: Snapshot, kind: str = ALL) -> Any:
    registry = snapshot.localized().registry
    used = uses(snapshot)
    rows = []
    for s in registry.sources:
        if kind != ALL and _code(s.type) != kind:
            continue
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
                type_badge(s.type),
                s.publisher,
                external_link(s.url, s.title),
                date(s.date) if s.date else "",
                links or "–",
                html.Span(
                    [
                        _("local copy: {path}").format(path=s.document) if s.document else "",
                        html.Br() if s.document and s.license else None,
                        _("licence: {licence}").format(licence=s.license) if s.license else "",
                    ]
                )
                if s.document or s.license
                else "",  # an empty cell: its card on a phone shows no "Notes:" with nothing after it
            ]
        )
    if not rows:
        return html.P(_("No source of this type."), className="text-body-secondary", id="no-source")
    return table(
        [_("Type"), _("Publisher"), _("Title"), _("Date"), _("Used for"), _("Notes")],
        rows,
        class_name="sources-table",
        id="sources-table",
        caption=_("Every source"),
    )


def undated_note(snapshot: Snapshot, kind: str = ALL) -> html.P:
    """Said once for the list, never per row: how many of the listed sources give no publication date."""
    listed = [s for s in snapshot.localized().registry.sources if kind == ALL or _code(s.type) == kind]
    undated = sum(1 for s in listed if s.date is None)
    text = (
        ngettext(
            "{count} of {total} sources listed is undated: its page gives no date.",
            "{count} of {total} sources listed are undated: their pages give no date.",
            undated,
        ).format(count=undated, total=len(listed))
        if undated
        else _("Every source listed is dated.")
    )
    return html.P(text, className="small text-body-secondary", id="undated-note")


def body(state: State, kind: str = ALL) -> Any:
    if state.snapshot is None:
        return no_registry()
    return [type_nav(state.snapshot, kind), undated_note(state.snapshot, kind), source_table(state.snapshot, kind)]


@in_page_language
def layout(lang: str | None = None, type: str | None = None, **_query: Any) -> html.Div:  # noqa: A002 (the URL's parameter)
    state = current_state()
    kind = type_of(f"type={type}" if isinstance(type, str) else None)
    return html.Div(
        [
            html.H1(_("Sources"), className="h3"),
            html.P(
                _("Every source of a value, a target or a claim. Links open the publisher's page."), className="small text-body-secondary"
            ),
            html.H2(_("Download everything"), className="h6"),
            html.Ul([html.Li(html.A(_(text), href=href, download="")) for href, text in DOWNLOADS], className="small", id="downloads"),
            html.P(html.A(_("Every data address, for scripts and other tools"), href=f"/api/?lang={current()}"), className="small"),
            html.Div(body(state, kind), id=ids.SOURCES_BODY),
        ],
        id="sources-page",
    )
