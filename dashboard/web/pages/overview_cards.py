"""The overview's cards: what one says, the card itself, and the one row of indicators without data.

A card says its latest full-year value with its year, a newer part-year value as part of a year (never as the
year's), its change and statuses, and its sparkline's two ends in words. An indicator without a full-year value
has no card: one "No data yet" row at the end lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.engine.assessment import IndicatorView
from dashboard.formatting import period_text, qualified
from dashboard.i18n import _, current
from dashboard.outputs import figures
from dashboard.outputs.wording import say
from dashboard.web import ids
from dashboard.web.components import href, pill, status_badge
from dashboard.web.store import Snapshot

NO_DATA_LISTED = 200  # the "No data yet" row lists at most this many: it is served whole, on the last page


@dataclass(frozen=True)
class CardData:
    """What one overview card says, as text."""

    indicator: str
    title: str
    area: str
    latest: str  # "more than 200 bn RUB"
    latest_year: str  # "2024"
    change: str  # "−4.2% to −3.5% against the 2023 baseline (14,504)"
    statuses: tuple[tuple[str, str, str], ...]  # (status, badge text, tooltip)
    stale: str = ""  # "9 years old", when the latest value is stale
    partial: str = ""  # a newer value for part of a year, said as such
    first: tuple[str, str] = ("", "")  # the sparkline's ends, labelled: (year, value)
    last: tuple[str, str] = ("", "")


def _change(view: IndicatorView) -> str:
    change, ind = view.change, view.indicator
    if change is None:
        return say(view.change_note)
    start = qualified(change.start.value, change.start.qualifier, ind.decimals)
    if change.reference == "first value":
        return _("No baseline set; {change} since {year} ({start})").format(change=change.text, year=change.start.year, start=start)
    return _("{change} against the {year} baseline ({start})").format(change=change.text, year=change.start.year, start=start)


def card_data(view: IndicatorView) -> CardData:
    ind, latest = view.indicator, view.latest
    statuses = []
    for tv in view.targets:
        res = tv.result
        label = f"{tv.label} · {tv.name} ({tv.target.year})"
        tip = (
            f"{tv.name}: {tv.label} (UNSD)"
            + (f"; {say(res.reason)}" if res.reason else "")
            + (" · " + _("headline target") if tv.headline else "")
        )
        statuses.append((res.status, label, tip))
    newer = [p for p in view.partial_year if p.kind == "level" and (latest is None or p.year > latest.year)]
    partial = ""
    if newer:
        p = newer[-1]
        partial = _("{period} {year}: {value} (part of a year)").format(
            period=period_text(p.period or ""), year=p.year, value=qualified(p.value, p.qualifier, ind.decimals, ind.unit_short)
        )
    points = list(view.yearly.values())
    ends = [(str(p.year), qualified(p.value, p.qualifier, ind.decimals)) for p in (points[:1] + points[-1:])] if points else []
    return CardData(
        indicator=ind.id,
        title=ind.title,
        area=ind.area,
        latest=qualified(latest.value, latest.qualifier, ind.decimals, ind.unit_short) if latest else _("no data"),
        latest_year=str(latest.year) if latest else "",
        change=_change(view),
        statuses=tuple(statuses),
        stale=_("{age} years old").format(age=view.stale.age_years) if view.stale.stale else "",
        partial=partial,
        first=ends[0] if ends else ("", ""),
        last=ends[-1] if ends else ("", ""),
    )


def has_data(view: IndicatorView) -> bool:
    """A card with a full-year value; the others are listed together at the end ("No data yet")."""
    return view.latest is not None


def sparkline_figure(snapshot: Snapshot, indicator_id: str) -> dict:
    return snapshot.cache.get(
        "sparkline", (indicator_id, current()), lambda: figures.sparkline(snapshot.localized().views[indicator_id]).to_plotly_json()
    )


def card(snapshot: Snapshot, view: IndicatorView) -> dbc.Col:
    data = snapshot.cache.get("card", (view.id, current()), lambda: card_data(view))
    badges = [status_badge(s, text, title=tip) for s, text, tip in data.statuses] or [
        pill(_("no target"), "#E9ECEF", class_name="status-none")
    ]
    spark: Any
    if len(view.yearly) > 1:
        # drawn by the page once the progress chart is (SPARKLINES): thirty small plots drawn with it would hold it back
        spark = html.Div(
            [
                html.Div(html.Div(id=ids.SPARKLINE_PREFIX + view.id, className="sparkline"), **{"aria-hidden": "true"}),
                html.Div(  # the line's two ends in words: the plot itself has no axes
                    [
                        html.Span(f"{data.first[0]}: {data.first[1]}", className="spark-first"),
                        html.Span(f"{data.last[0]}: {data.last[1]}", className="spark-last"),
                    ],
                    className="spark-ends small",
                ),
            ]
        )
    else:
        spark = html.Div(_("one year only"), className="sparkline-one small text-body-secondary")
    body = dbc.CardBody(
        [
            html.H3(dcc.Link(data.title, href=href(f"/indicator/{view.id}"), className="stretched-link"), className="card-title h6"),
            html.Div(
                [
                    html.Span(data.latest, className="latest-value"),
                    html.Span(f", {data.latest_year}" if data.latest_year else "", className="latest-year"),
                    html.Span(" · " + data.stale, className="stale-flag small") if data.stale else None,
                ]
            ),
            html.Div(data.partial, className="partial small") if data.partial else None,
            html.Div(data.change, className="change small text-body-secondary"),
            html.Div(badges, className="badges"),
            spark,
        ]
    )
    return dbc.Col(dbc.Card(body, className="indicator-card h-100", id=f"card-{view.id}"), xs=12, md=6, xl=4, className="mb-3")


def no_data_row(snapshot: Snapshot, views: list[IndicatorView]) -> html.Details:
    """The indicators without a full-year value, folded into one row at the end: a link each, with a part-year
    value where one was published (said as part of a year, never as the year's)."""
    areas = {a.id: a.title for a in snapshot.localized().registry.areas}
    items = []
    for view in views[:NO_DATA_LISTED]:
        data = snapshot.cache.get("card", (view.id, current()), lambda view=view: card_data(view))
        items.append(
            html.Li(
                [
                    dcc.Link(data.title, href=href(f"/indicator/{view.id}")),
                    html.Span(f" · {areas.get(view.indicator.area, view.indicator.area)}", className="text-body-secondary"),
                    html.Span(" · " + data.partial, className="partial") if data.partial else None,
                ],
                id=f"nodata-{view.id}",
                className="no-data-item",
            )
        )
    more = len(views) - len(items)
    return html.Details(
        [
            html.Summary(_("No data yet ({count})").format(count=len(views)), className="h6 d-inline-block"),
            html.Ul(items, className="small mt-2"),
            html.P(_("… and {count} more: search to find one.").format(count=more), className="small") if more > 0 else None,
        ],
        className="no-data-row mb-3",
        id="no-data-cards",
    )
