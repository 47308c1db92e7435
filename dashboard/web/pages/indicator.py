"""Indicator page `/indicator/<id>`: tiles, tracking chart, status by method, targets, claims over time, data.

The page comes in two steps: its layout holds everything down to the chart, and a callback then fills in what
lies below it. The browser draws the chart first instead of laying out the tables before it (benchmarks/RESULTS.md).
"""

from __future__ import annotations

import difflib
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.engine.assessment import IndicatorView
from dashboard.engine.vocabulary import METHOD_SHORT
from dashboard.formatting import qualified
from dashboard.i18n import _, current
from dashboard.outputs.wording import say, status_line
from dashboard.web import ids
from dashboard.web.components import current_state, first_text, href, in_page_language, no_registry, not_found, source_link, status_badge
from dashboard.web.pages import indicator_chart as chart
from dashboard.web.pages import indicator_sections as sections
from dashboard.web.share_control import indicator_share
from dashboard.web.store import Snapshot, State

CHART_HEIGHT = chart.CHART_HEIGHT


def direction_text(direction: str) -> str:
    return {
        "lower_is_better": _("Lower is better"),
        "higher_is_better": _("Higher is better"),
        "neutral": _("A context figure: neither direction is better"),
    }.get(direction, direction)


def tracking_figure(snapshot: Snapshot, indicator_id: str, target: str | None = None, base: object = None) -> dict:
    """The page's chart (indicator_chart.figure): the target in colour, re-based when asked, with its credit line."""
    return chart.figure(snapshot, indicator_id, target, base)


def _tile(label: str, value: Any, detail: Any = None, tile_id: str | None = None) -> dbc.Col:
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(label, className="tile-label"),
                    html.Div(value, className="tile-value", **({"id": tile_id} if tile_id else {})),
                    html.Div(detail, className="tile-detail small"),
                ]
            ),
            className="h-100 tile",
        ),
        xs=6,  # two a row on a phone: the status tile stays on the first screen
        sm=6,
        lg=3,
        className="mb-3",
    )


def chosen_target(view: IndicatorView, target: str | None):
    """The target the reader picked (`?target=`), else the headline target."""
    return view.target(target) if isinstance(target, str) and view.target(target) else view.headline


def tiles(snapshot: Snapshot, view: IndicatorView, target: str | None = None, method: str | None = None) -> dbc.Row:
    ind, latest, change = view.indicator, view.latest, view.change
    head = chosen_target(view, target)
    method = method if method in METHOD_SHORT else "unsd"
    registry = snapshot.localized().registry
    latest_text = qualified(latest.value, latest.qualifier, ind.decimals, ind.unit_short) if latest else _("no data")
    detail: list = []
    if latest is not None:
        detail = [f"{latest.year} · ", _("derived") if latest.derived else source_link(registry, latest.source)]
        if view.stale.stale:
            detail.append(html.Span(" · " + _("{age} years old").format(age=view.stale.age_years), className="stale-flag"))
    out = [_tile(_("Latest full-year value"), latest_text, detail, "latest-value")]
    if change is not None:
        start = change.start
        label = _("Baseline") if change.reference == "baseline" else _("First value")
        out.append(_tile(label, qualified(start.value, start.qualifier, ind.decimals, ind.unit_short), str(start.year)))
        against = _("Change against the baseline") if change.reference == "baseline" else _("Change since the first value")
        out.append(_tile(against, change.text, f"{start.year} → {change.end.year}", "change-value"))
    elif head and head.result.baseline:
        b = head.result.baseline
        out.append(_tile(_("Baseline"), qualified(b.value, b.qualifier, ind.decimals, ind.unit_short), str(b.year)))
        out.append(_tile(_("Change against the baseline"), "–", say(view.change_note)))
    if head:
        result = head.result.methods.get(method) if head.result.methods else None
        badge = status_badge(result.status, result.label) if result else status_badge(head.result.status, head.label)
        out.append(
            _tile(
                _("Status ({method})").format(method=METHOD_SHORT[method]),
                badge,
                _("target: {target} ({year})").format(target=head.name, year=head.target.year),
                "headline-status",
            )
        )
    else:
        out.append(_tile(_("Status"), _("no target"), _("nothing to assess")))
    return dbc.Row(out, className="summary-tiles", id=ids.INDICATOR_TILES)


def choosers(view: IndicatorView, target: str | None, method: str | None) -> Any:
    """Which target and which method the status tile reads: kept in the URL (`?target=…&method=…`)."""
    if not view.targets:
        return None
    head = chosen_target(view, target)
    return html.Div(
        dbc.Row(
            [
                dbc.Col(
                    [
                        dbc.Label(_("Target shown"), html_for="target-select", className="small mb-0"),
                        dbc.Select(
                            id=ids.TARGET_SELECT,
                            value=head.target.id if head else None,
                            size="sm",
                            options=[{"label": f"{tv.name} ({tv.target.year})", "value": tv.target.id} for tv in view.targets],
                        ),
                    ],
                    xs=8,  # side by side on a phone too: the status tile stays on the first screen
                    md=6,
                    className="mb-2",
                ),
                dbc.Col(
                    [
                        dbc.Label(_("Method"), html_for="method-select", className="small mb-0"),
                        dbc.Select(
                            id=ids.METHOD_SELECT,
                            value=method if method in METHOD_SHORT else "unsd",
                            size="sm",
                            options=[{"label": label, "value": m} for m, label in METHOD_SHORT.items()],
                        ),
                    ],
                    xs=4,
                    md=3,
                    className="mb-2",
                ),
            ],
            className="choosers",
        ),
        role="group",
        **{"aria-label": _("What the status tile shows")},
    )


def share_block(snapshot: Snapshot, view: IndicatorView, base_url: str) -> html.Details:
    """The citation and the embed code, each with a copy button."""
    from dashboard.outputs.share import citation, embed_code

    url = f"{base_url.rstrip('/')}/indicator/{view.id}" + (f"?lang={current()}" if current() != "en" else "")
    cite = citation(snapshot.localized(), view.id, url=url)
    embed = embed_code(base_url, view.id, lang=current(), title=view.indicator.title)
    return html.Details(
        [
            html.Summary(_("Cite or embed this chart"), className="small"),
            html.Div(
                [
                    html.Label(_("Citation"), htmlFor="citation-text", className="small fw-semibold"),
                    html.Div(
                        [
                            html.P(cite, id="citation-text", className="small mb-1 share-text"),
                            dcc.Clipboard(target_id="citation-text", title=_("Copy the citation"), className="copy-button"),
                        ],
                        className="d-flex gap-2",
                    ),
                    html.Label(_("Embed code"), htmlFor="embed-code", className="small fw-semibold mt-2"),
                    html.Div(
                        [
                            html.Code(embed, id="embed-code", className="small share-text"),
                            dcc.Clipboard(target_id="embed-code", title=_("Copy the embed code"), className="copy-button"),
                        ],
                        className="d-flex gap-2",
                    ),
                ],
                className="mt-2",
            ),
        ],
        className="share mt-2",
        id="share",
    )


def _chart(
    snapshot: Snapshot, view: IndicatorView, target: str | None = None, base: object = None, tab: object = None, *, table: bool = True
) -> Any:
    if not view.chartable:
        why = (
            _("Only year-on-year changes have been published for this indicator; they are listed below the chart's place.")
            if view.published_changes
            else _("No published figure has been found for this indicator.")
        )
        return html.Div(
            [
                html.H2(_("No values to chart yet"), className="h5"),
                html.P(why + " " + _("A value added to the registry (inline or in a series file) appears here."), className="mb-0"),
                # the details callback writes the chart's table here too: Dash runs no callback one of whose outputs is missing
                html.Div(id=ids.CHART_TABLE, hidden=True),
            ],
            className="empty-chart",
            id="no-values",
        )
    summary = chart.chart_summary(view)

    def graph(fig: dict) -> html.Figure:
        return html.Figure(
            [
                dcc.Graph(id="tracking-graph", figure=fig, config=chart.graph_config(view.id), style={"height": f"{CHART_HEIGHT}px"}),
                html.Figcaption(summary, className="visually-hidden", id="chart-summary"),
            ],
            className="mb-0",
            style={"minHeight": f"{CHART_HEIGHT}px"},
            **{"aria-label": summary},
        )  # the chart's place kept while plotly.js loads

    return chart.chart_tools(snapshot, view, graph, target, base, tab, table=table)


def body(
    state: State,
    indicator_id: str,
    target: str | None = None,
    method: str | None = None,
    base_url: str = "",
    *,
    details: bool = False,
    base: object = None,
    tab: object = None,
) -> Any:
    """The page down to its chart. Below the chart, unless `details`, only a line saying what follows: the page's
    callback sends the rest (callbacks.details_view) once the chart is drawn, so the browser draws the chart before
    it lays out the tables.
    """
    if state.snapshot is None:
        return no_registry()
    snapshot = state.snapshot
    registry = snapshot.localized().registry
    view = snapshot.localized().view(indicator_id or "")
    if view is None:
        return unknown(snapshot, indicator_id)
    ind = view.indicator
    area = next((a for a in registry.areas if a.id == ind.area), None)
    facts = [_("Unit: {unit}").format(unit=ind.unit), direction_text(ind.direction)]
    notes: list = [html.P(ind.note, className="small") if ind.note else None]
    if ind.derived:
        notes.append(html.P([html.Strong(_("Derived: ")), html.Code(ind.derived.formula), " ", ind.derived.note or ""], className="small"))
    if view.stale.stale:
        notes.append(
            dbc.Alert(
                _(
                    "The latest full-year value is from {year}, {age} years before the data's “as of” date: it may not describe today."
                ).format(year=view.stale.latest_year, age=view.stale.age_years),
                color="warning",
                className="py-2 small",
                id="stale-warning",
            )
        )
    below_chart, rest = details_of(snapshot, view, base_url) if details else ([], [])
    return html.Div(
        [
            dbc.Breadcrumb(
                items=[
                    {"label": _("Overview"), "href": href("/")},
                    {"label": area.title if area else ind.area, "href": href("/", area=ind.area)},
                    {"label": ind.title, "active": True},
                ]
            ),
            html.H1(ind.title, className="h3", id="indicator-title"),
            html.P(ind.description, id="indicator-description"),
            html.P(" · ".join(facts), className="small text-body-secondary"),
            *notes,
            choosers(view, target, method),
            tiles(snapshot, view, target, method),
            sections.claims_strip(view),
            dbc.Card(
                dbc.CardBody(
                    [
                        html.P(status_line(view), className="small mb-2", id="status-line"),
                        _chart(snapshot, view, target, base, tab, table=details),
                        html.Div(below_chart, id=ids.INDICATOR_CHART_EXTRAS),
                    ]
                ),
                className="mb-4 chart-card",
            ),
            html.Div(
                rest
                if details
                else html.P(
                    _("The status under each method, the targets, the claims and the data follow the chart."),
                    className="small text-body-secondary",
                    id="details-coming",
                ),
                id=ids.INDICATOR_DETAILS,
            ),
            *(
                []
                if details
                else [dcc.Store(id=ids.DETAILS_FOR, data={"id": view.id, "chart": view.chartable}), dcc.Store(id=ids.DETAILS_READY)]
            ),
        ]
    )


def details_of(snapshot: Snapshot, view: IndicatorView, base_url: str) -> tuple[list, list]:
    """(what goes under the chart in its card: downloads, citation and embed code; the sections below the card)."""
    registry = snapshot.localized().registry
    ind = view.indicator
    return [
        sections.downloads(view),
        indicator_share(view.id, ind.title),
        share_block(snapshot, view, base_url) if base_url else None,
    ], [
        *sections.side_values(registry, view),
        html.H2(_("Status under each method"), className="h5"),
        sections.status_table(view),
        html.H2(_("Targets"), className="h5 mt-3") if ind.targets else None,
        dbc.Row(sections.target_cards(registry, view)),
        html.H2(_("What was said about it, in date order"), className="h5 mt-4"),
        html.Div(sections.claims(snapshot.localized(), view), id="indicator-claims"),
        html.H2(_("Data"), className="h5 mt-4"),
        html.P(
            _(
                "Every value, with its source. When sources give more than one value for a year, the chart joins the most exact published "
                "one; "
                "derived values, values for part of a year and published changes are marked."
            ),
            className="small text-body-secondary",
        ),
        sections.data_table(registry, view),
    ]


def unknown(snapshot: Snapshot, indicator_id: str) -> html.Div:
    registry = snapshot.localized().registry
    close = difflib.get_close_matches(indicator_id or "", [i.id for i in registry.indicators], n=3, cutoff=0.5)
    suggestions = [(registry.indicator(i).title, f"/indicator/{i}") for i in close]
    return not_found(_("There is no indicator with the id “{id}” in the registry.").format(id=indicator_id), suggestions)


@in_page_language
def layout(
    indicator_id: str = "",
    lang: str | None = None,
    target: str | None = None,
    method: str | None = None,
    base: str | None = None,
    view: str | None = None,
    **_query: Any,
) -> html.Div:
    indicator_id = indicator_id if isinstance(indicator_id, str) else ""
    target, method = first_text(target), first_text(method)  # a repeated key reaches a layout as a list
    base, view = first_text(base), first_text(view)
    return html.Div(
        [
            dcc.Store(id=ids.INDICATOR_ID, data=indicator_id),
            dcc.Store(id=ids.INDICATOR_URL_SYNC),
            dcc.Store(id=ids.CHART_URL_SYNC),
            dcc.Store(id=ids.VIEWPORT),
            dcc.Download(id=ids.PNG_DOWNLOAD),
            html.Div(body(current_state(), indicator_id, target, method, base_url(), base=base, tab=view), id=ids.INDICATOR_BODY),
        ],
        id="indicator-page",
    )


def base_url() -> str:
    """The address the reader reached the app at, for citations and embed codes."""
    import flask

    return flask.request.host_url if flask.has_request_context() else ""


def title(indicator_id: str = "", **_kwargs: Any) -> str:
    state = current_state()
    ind = state.snapshot.localized().registry.indicator(indicator_id) if state.snapshot and isinstance(indicator_id, str) else None
    return _("{title} · Indicator").format(title=ind.title) if ind else _("Indicator not found")
