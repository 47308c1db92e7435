"""Overview `/`: a card per indicator, grouped by area, and the progress of the targets the reader sees.

The area filter, the search and the page of cards live in the URL (`/?area=…&q=…&page=…`), so a
link opens the same view. The progress chart draws the targets of the cards on the page, after the
filters, and counts the statuses of every target the filters select: its size does not grow with
the registry.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any
from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.engine.assessment import IndicatorView
from dashboard.engine.evidence import scorecards
from dashboard.engine.vocabulary import STATUSES
from dashboard.formatting import date
from dashboard.i18n import _, current, ngettext
from dashboard.outputs import figures
from dashboard.web import ids
from dashboard.web.components import current_state, in_page_language, no_registry, status_text
from dashboard.web.pages.overview_cards import NO_DATA_LISTED, card, has_data, no_data_row, sparkline_figure
from dashboard.web.scorecard import scorecards as scorecard_grid
from dashboard.web.store import Snapshot, State

ALL = "all"
PAGE_SIZE = 30  # cards per page: a registry of thousands of indicators stays quick to serve and to draw
GRAPH_CONFIG_STATIC = {"staticPlot": True, "responsive": True}
_WORD = re.compile(r"[^\W_]+")  # letters and digits: "road_death" is the words "road" and "death"
# The one cap on a search, for the URL's ?q= and the callbacks alike (search_text, search_words): each word
# is prefix-matched against every word of every indicator, so a long search would cost seconds of a thread.
MAX_SEARCH_CHARS = 1_000  # a long phrase pasted whole (a Russian title of 20 words is ~420 letters)
MAX_SEARCH_WORDS = 12


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def search_text(query: object) -> str:
    """A search as the page keeps it: text only, at most MAX_SEARCH_CHARS characters."""
    return query[:MAX_SEARCH_CHARS] if isinstance(query, str) else ""


def search_words(query: object) -> list[str]:
    """The words searched for: those of `search_text(query)`, each once, at most MAX_SEARCH_WORDS of them."""
    return list(dict.fromkeys(words(search_text(query))))[:MAX_SEARCH_WORDS]


def matches(view: IndicatorView, area: str | None, query: str | None, area_title: str = "") -> bool:
    """Every word of the query starts a word of the title, description, unit, id or area ("IT crime" never matches "commITted")."""
    if area and area != ALL and view.indicator.area != area:
        return False
    wanted = search_words(query)
    if not wanted:
        return True
    ind = view.indicator
    have = words(f"{ind.title} {ind.description} {ind.unit} {ind.unit_short} {ind.id.replace('_', ' ')} {area_title}")
    return all(any(h.startswith(w) for h in have) for w in wanted)


def query_string(**params: Any) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "", ALL, 1, "en")}
    return "?" + urlencode(kept) if kept else ""


def pager(page: int, pages: int, first: int, last: int, total: int, area: str | None, query: str | None, lang: str) -> html.Nav:
    def href(number: int) -> str:
        return "/" + query_string(area=area, q=query, page=number, lang=lang)

    return html.Nav(
        [
            dcc.Link("← " + _("Previous"), href=href(page - 1), className="me-3 page-previous") if page > 1 else None,
            html.Span(
                _("Indicators {first}–{last} of {total} (page {page} of {pages})").format(
                    first=f"{first:,}", last=f"{last:,}", total=f"{total:,}", page=page, pages=pages
                ),
                className="small text-body-secondary me-3",
            ),
            dcc.Link(_("Next") + " →", href=href(page + 1), className="page-next") if page < pages else None,
        ],
        className="pager mb-3",
        **{"aria-label": _("Pages of indicators")},
    )


def selection(
    snapshot: Snapshot, area: str | None, query: str | None, page: int
) -> tuple[list[IndicatorView], list[IndicatorView], int, int]:
    """(every view the filters select, in area order, those without data last; the cards on this page; the page; the
    number of pages). Only views with data are cards, so only they are paged; the others are one row (`no_data_row`)."""
    assessment = snapshot.localized()
    order = {a.id: n for n, a in enumerate(assessment.registry.areas)}
    titles = {a.id: a.title for a in assessment.registry.areas}
    chosen = sorted(  # those without data last, across the pages: they are listed together, not as cards
        (v for v in assessment if matches(v, area, query, titles.get(v.indicator.area, ""))),
        key=lambda v: (not has_data(v), order.get(v.indicator.area, len(order))),
    )
    paged = [v for v in chosen if has_data(v)]
    pages = max(1, -(-len(paged) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    return chosen, paged[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], page, pages


def status_counts(views: list[IndicatorView]) -> str:
    counts = Counter(tv.result.status for v in views for tv in v.targets)
    total = sum(counts.values())
    if not total:
        return _("No target among the indicators selected.")
    parts = ", ".join(_("{count} {result}").format(count=counts[s], result=status_text(s)) for s in STATUSES if counts[s])
    return ngettext("{count} target: {parts}.", "{count} targets: {parts}.", total).format(count=total, parts=parts)


def progress_card(snapshot: Snapshot, selected: list[IndicatorView], shown: list[IndicatorView]) -> dbc.Card:
    counts = html.P(status_counts(selected), className="small mb-2", id="status-counts")
    if not any(v.targets for v in shown):
        return dbc.Card(
            dbc.CardBody([counts, html.P(_("No indicator on this page has a target."), className="mb-0 small")]), className="mb-4"
        )
    fig = snapshot.cache.get("progress", (tuple(v.id for v in shown), current()), lambda: figures.progress_overview(shown).to_plotly_json())
    return dbc.Card(
        dbc.CardBody(
            [
                counts,
                dcc.Graph(
                    id="progress-graph",
                    figure=fig,
                    config={
                        "displaylogo": False,
                        "responsive": True,
                        "displayModeBar": "hover",
                        "modeBarButtonsToRemove": ["sendDataToCloud"],
                        "toImageButtonOptions": {"filename": "progress_to_target", "scale": 2, "format": "png"},
                    },
                ),
                html.P(
                    _("The chart shows the targets of the indicators on this page; the cards below give each status in words."),
                    className="visually-hidden",
                ),
            ]
        ),
        className="mb-4",
    )


def cards(snapshot: Snapshot, area: str | None = None, query: str | None = None, page: int = 1, lang: str = "en") -> list:
    selected, shown, page, pages = selection(snapshot, area, query, page)
    if not selected:
        return [html.P(_("No indicator matches the filter."), className="text-body-secondary", id="no-match")]
    without = [v for v in selected if not has_data(v)][:NO_DATA_LISTED] if page == pages else []
    out: list = [progress_card(snapshot, selected, shown + without)]  # a target without data says why it has no bar
    areas = {a.id: a for a in snapshot.localized().registry.areas}
    with_data = [v for v in shown if has_data(v)]
    for area_id in dict.fromkeys(v.indicator.area for v in with_data):
        group = [v for v in with_data if v.indicator.area == area_id]
        title = areas[area_id].title if area_id in areas else area_id
        out.append(
            html.Section(
                [html.H2(title, className="area-title h5"), dbc.Row([card(snapshot, v) for v in group])],
                className="area-group",
                id=f"area-{area_id}",
                **{"aria-label": title},
            )
        )
    if without:
        out.append(no_data_row(snapshot, [v for v in selected if not has_data(v)]))
    if pages > 1:
        start = (page - 1) * PAGE_SIZE
        out.append(pager(page, pages, start + 1, start + len(shown), sum(1 for v in selected if has_data(v)), area, query, lang))
    figures = {v.id: sparkline_figure(snapshot, v.id) for v in shown if len(v.yearly) > 1}
    if figures:
        out.append(dcc.Store(id=ids.SPARKLINES, data={"figures": figures, "config": GRAPH_CONFIG_STATIC}))
    return out


def area_options(snapshot: Snapshot | None) -> list[dict]:
    areas = snapshot.localized().registry.areas if snapshot else []
    return [{"label": _("All areas"), "value": ALL}] + [{"label": a.title, "value": a.id} for a in areas]


def header(snapshot: Snapshot) -> list:
    assessment = snapshot.localized()
    registry = assessment.registry
    n_targets = sum(len(v.targets) for v in assessment)
    facts = [
        ngettext("{count} indicator", "{count} indicators", len(registry.indicators)).format(count=len(registry.indicators)),
        ngettext("{count} target", "{count} targets", n_targets).format(count=n_targets),
        _("data as of {date}").format(date=date(registry.meta.as_of)),
    ]
    return [
        html.H1(registry.meta.title, className="h3"),
        # the answer first: did the claims hold, speech by speech (above the fold on a phone too)
        scorecard_grid(scorecards(assessment.checks, registry)) if registry.claims else None,
        html.P(registry.meta.description, className="lead-sm") if registry.meta.description else None,
        html.P(" · ".join(facts), className="facts text-body-secondary small"),
    ]


def page_number(page: object) -> int:
    """`?page=` as a page number: digits only, at most six of them; anything else is page 1."""
    return int(page) if isinstance(page, str) and page.isdigit() and len(page) < 7 else 1


def body(state: State) -> Any:
    """The part of the page that follows the registry version."""
    if state.snapshot is None:
        return no_registry()
    return [html.Div(header(state.snapshot), className="page-header")]


@in_page_language
def layout(area: str | None = None, q: str | None = None, page: str | None = None, lang: str | None = None, **_query: Any) -> html.Div:
    state = current_state()
    snapshot = state.snapshot
    area = area if isinstance(area, str) and area else ALL
    q = search_text(q)
    number = page_number(page)
    controls = html.Div(
        dbc.Row(
            [
                dbc.Col(
                    [
                        dbc.Label(_("Area"), html_for="area-filter", className="visually-hidden"),
                        dbc.Select(id=ids.AREA_FILTER, options=area_options(snapshot), value=area),
                    ],
                    md=4,
                    className="mb-2",
                ),
                dbc.Col(
                    [
                        dbc.Label(_("Search titles, descriptions and units"), html_for="title-search", className="visually-hidden"),
                        dbc.Input(
                            id=ids.TITLE_SEARCH,
                            type="search",
                            placeholder=_("Search titles, descriptions and units"),
                            value=q,
                            debounce=300,
                        ),
                    ],
                    md=8,
                    className="mb-2",
                ),
            ],
            className="filters mb-2",
        ),
        role="search",
    )
    briefing = html.Div(
        [
            dbc.Button(_("Download briefing (PDF)"), id=ids.BRIEFING_BUTTON, color="primary", outline=True, size="sm", className="me-2"),
            dcc.Loading(
                html.Span(id=ids.BRIEFING_MESSAGE, className="small", role="status"), type="dot", style={"display": "inline-block"}
            ),
            dcc.Download(id=ids.BRIEFING_DOWNLOAD),
            dcc.Interval(id=ids.BRIEFING_POLL, interval=1000, disabled=True),
            html.Span(
                _("The briefing covers the indicators the filters select: summary, claims, then a page per indicator."),
                className="small text-body-secondary d-block",
            ),
        ],
        className="mb-3",
    )
    return html.Div(
        [
            dcc.Store(id=ids.OVERVIEW_URL_SYNC),
            dcc.Store(id=ids.SPARKLINES_DRAWN),
            html.Div(body(state), id=ids.OVERVIEW_BODY),
            controls,
            briefing,
            html.Div(cards(snapshot, area, q, number, lang) if snapshot else [], id=ids.OVERVIEW_CARDS, **{"aria-live": "polite"}),
        ],
        id="overview-page",
    )
