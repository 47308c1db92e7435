"""The indicator page's chart tools: Chart / Table tabs, the "relative to year …" choice, the key in HTML.

The chart, its table and its CSV read the same rows (outputs.charttable) and carry the same source-and-licence
line with the registry version. The view state is in the URL like the other controls: `?base=2014` re-bases
the series to a reference year of the speeches (only one the series has), `?view=table` opens the table, and
`?target=` is the target drawn in colour. Under 500 px the chart has smaller marks and its key is folded.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import dash_bootstrap_components as dbc
from dash import html

from dashboard.engine.assessment import IndicatorView
from dashboard.engine.rebase import base_year, base_years
from dashboard.engine.vocabulary import PALETTE
from dashboard.formatting import number, qualified
from dashboard.i18n import _, current
from dashboard.outputs import figures
from dashboard.outputs.charttable import chart_rows, index_text
from dashboard.outputs.figures.credit import credit_line
from dashboard.outputs.figures.relative import relative_view
from dashboard.outputs.figures.style import INK
from dashboard.outputs.figures.targets import chosen_id
from dashboard.web import ids
from dashboard.web.components import table
from dashboard.web.store import Snapshot

CHART_HEIGHT = 560
PUBLISHED = "published"  # the base choice's "as published": no ?base= in the URL
GLYPHS = {
    "circle": "●",
    "circle-open": "○",
    "diamond": "◆",
    "diamond-open": "◇",
    "triangle-up": "▲",
    "triangle-down": "▼",
    "square": "■",
    "square-open": "□",
    "star-open": "☆",
    "x-thin-open": "✕",
}
_INK_OF = {PALETTE[k]: INK[k] for k in INK} | {PALETTE["sky"]: INK["blue"]}


def graph_config(indicator_id: str) -> dict:
    return {
        "displaylogo": False,
        "displayModeBar": "hover",
        "modeBarButtonsToRemove": ["sendDataToCloud", "lasso2d", "select2d"],
        "toImageButtonOptions": {"filename": indicator_id, "scale": 2, "format": "png"},
        "responsive": True,
    }


def chart_summary(view: IndicatorView) -> str:
    """What the chart shows, in one paragraph: the text alternative a screen reader reads."""
    ind, latest = view.indicator, view.latest
    if latest is None:
        return _("No full-year value has been published for {title} yet.").format(title=ind.title)
    first = next(iter(view.yearly.values()))
    parts = [
        _("{title}, {first} to {last}: from {start} to {end}.").format(
            title=ind.title,
            first=first.year,
            last=latest.year,
            start=qualified(first.value, first.qualifier, ind.decimals, ind.unit_short),
            end=qualified(latest.value, latest.qualifier, ind.decimals, ind.unit_short),
        )
    ]
    for tv in view.targets:
        if tv.result.target_value is not None:
            parts.append(
                _("Target {year} ({target}): {value}; {status}.").format(
                    year=tv.target.year, target=tv.name, value=number(tv.result.target_value, ind.decimals), status=tv.label
                )
            )
    parts.append(_("The data table below lists every value."))
    return " ".join(parts)


def query_of(search: str | None) -> dict[str, str]:
    """A query string's first value of each key."""
    params = parse_qs(search.lstrip("?")) if isinstance(search, str) else {}
    return {k: v[0] for k, v in params.items() if v}


def view_state(view: IndicatorView, target: object = None, base: object = None) -> tuple[str | None, int | None]:
    """(the target drawn in colour, the base year) a request asked for, each checked against the view."""
    return chosen_id(view, target if isinstance(target, str) else None), base_year(view, base)


def figure(snapshot: Snapshot, indicator_id: str, target: str | None = None, base: int | None = None, small: bool = False) -> dict:
    """The page's tracking chart as plotly JSON, built once per indicator, language, target, base and size."""
    assessment = snapshot.localized()
    view = assessment.views[indicator_id]
    chosen, base = view_state(view, target, base)

    def build() -> dict:
        fig = figures.tracking_figure(
            assessment.registry,
            relative_view(view, base),
            height=CHART_HEIGHT,
            version=snapshot.version,
            chosen=chosen,
            legend=False,
            base=base,
            small=small,
        )
        return fig.to_plotly_json()

    return snapshot.cache.get("tracking", (indicator_id, current(), chosen, base, small), build)


def key(fig: dict, small: bool = False) -> html.Details:
    """What each mark means, in HTML: open on a wide screen, folded under 500 px."""
    items = []
    for t in fig.get("data", []):
        target = str(t.get("meta") or "").startswith("target:")  # labelled on the chart; named here too, for a phone
        if (t.get("showlegend") is False and not target) or not t.get("name"):
            continue
        marker, line = t.get("marker") or {}, t.get("line") or {}
        if "markers" in (t.get("mode") or ""):
            glyph, colour = GLYPHS.get(str(marker.get("symbol", "circle")), "●"), marker.get("color")
        else:
            glyph, colour = ("┄" if line.get("dash") else "—"), line.get("color")
        colour = _INK_OF.get(str(colour), colour if isinstance(colour, str) else INK["grey"])
        name = str(t["name"]).replace("<br>", " ")
        items.append(html.Li([html.Span(glyph, className="key-glyph", style={"color": colour}, **{"aria-hidden": "true"}), " ", name]))
    return html.Details(
        [html.Summary(_("Key to the chart"), className="small"), html.Ul(items, className="chart-key-list small list-unstyled mb-0")],
        open=not small,
        className="chart-key mt-1",
        id=ids.CHART_KEY,
    )


def data_table(snapshot: Snapshot, view: IndicatorView, base: int | None) -> html.Div:
    """The chart's years as the chart says them, and the same source-and-licence line."""
    assessment = snapshot.localized()
    rows = chart_rows(assessment.registry, view, base)
    header = [_("Year"), _("Value")] + ([_("Relative to {year} (= 100)").format(year=base)] if base else []) + [_("Source")]
    body = [[str(r.year), r.shown, *([index_text(r.index)] if base else []), r.publishers] for r in rows]
    return html.Div(
        [
            table(header, body, class_name="chart-table", caption=_("The chart's values, year by year")),
            html.P(credit_line(assessment.registry, view, snapshot.version), className="small text-body-secondary mb-0 credit-line"),
        ]
    )


def base_choice(view: IndicatorView, base: int | None) -> Any:
    years = base_years(view)
    options = [{"label": _("As published"), "value": PUBLISHED}] + [
        {"label": _("Relative to {year}").format(year=y), "value": str(y)} for y in years
    ]
    return html.Div(
        [
            dbc.Label(_("Show values"), html_for=ids.BASE_SELECT, className="small mb-0 me-2"),
            dbc.Select(id=ids.BASE_SELECT, value=str(base) if base else PUBLISHED, options=options, size="sm", disabled=not years),
        ],
        className="d-flex align-items-center base-choice",
    )


def chart_tools(
    snapshot: Snapshot, view: IndicatorView, graph: Any, target: str | None, base: object, tab: object, *, table: bool = True
) -> html.Div:
    """The tabs, the base choice and the chart with its key; `graph` is the figure element the page builds.

    Without `table`, the hidden Table tab holds a line until the details callback sends the table: its rows were
    a third of the first layout's components, and they cost a third visit 20 ms before its chart showed
    (264 against 245 ms, medians of 7 rounds taking turns on two servers; benchmarks/RESULTS.md). A page opened on its
    Table tab has its table at once.
    """
    _chosen, year = view_state(view, target, base)
    fig = figure(snapshot, view.id, target, year)
    active = "table" if tab == "table" else "chart"
    shown = data_table(snapshot, view, year) if table or active == "table" else html.P(_("The table follows the chart."), className="small")
    return html.Div(
        [
            base_choice(view, year),
            html.Div(
                dbc.RadioItems(
                    id=ids.CHART_TABS,
                    options=[{"label": _("Chart"), "value": "chart"}, {"label": _("Table"), "value": "table"}],
                    value=active,
                    inline=True,
                    className="btn-group chart-tabs mt-2 mb-2",
                    inputClassName="btn-check",
                    labelClassName="btn btn-outline-primary btn-sm",
                    labelCheckedClassName="active",
                ),
                role="group",
                **{"aria-label": _("Show the chart or its table")},
            ),
            html.Div([graph(fig), key(fig)], id=ids.CHART_PANE, hidden=active != "chart"),
            html.Div(html.Div(shown, id=ids.CHART_TABLE), id=ids.TABLE_PANE, hidden=active != "table"),
        ],
        className="chart-tools",
    )
