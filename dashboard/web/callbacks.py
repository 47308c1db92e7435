"""Callbacks: thin wrappers over plain functions of the registry state.

Each `*_view` function takes a `State` (and the inputs) and returns what the callback sends, so
tests call them without a browser or a server. Every callback also takes the page's query string,
which carries the reader's language; filters write themselves into the URL from the browser
(a clientside callback), so a link opens the same view and back and forward work.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qs

import dash
import flask
from dash import ClientsideFunction, Input, Output, State, dcc, no_update
from dash.exceptions import PreventUpdate

from dashboard.i18n import _, current, normalise, use_language
from dashboard.outputs.charttable import chart_csv
from dashboard.web import ids
from dashboard.web.components import EXTENSION, banner, current_state, footer_text
from dashboard.web.pages import claims, indicator, indicator_chart, overview, sources
from dashboard.web.png import ExportUnavailable
from dashboard.web.store import State as RegistryState

log = logging.getLogger(__name__)


def language_of(search: str | None) -> str:
    """The `lang` of a query string (the first, if repeated: i18n.normalise); anything odd falls back to English.

    A callback's request carries no `?lang=` of its own: the page's query string is one of its inputs, and
    the callback renders inside `use_language(language_of(query))`, so the language ends with the callback."""
    return normalise(parse_qs(search.lstrip("?")).get("lang", []) if isinstance(search, str) else [])


def poll_view(state: RegistryState, version: str | None, problems_token: str | None) -> tuple:
    """(version, problems token, banner, footer): unchanged parts are `no_update`; nothing changed raises PreventUpdate."""
    version_changed = state.version != version
    problems_changed = state.problems_token != problems_token
    if not version_changed and not problems_changed:
        raise PreventUpdate
    return (
        state.version if version_changed else no_update,
        state.problems_token if problems_changed else no_update,
        banner(state) if problems_changed or version_changed else no_update,  # warnings belong to the version
        footer_text(state) if version_changed else no_update,
    )


def overview_view(state: RegistryState) -> tuple[Any, list[dict]]:
    return overview.body(state), overview.area_options(state.snapshot)


def cards_view(state: RegistryState, area: str | None, query: str | None, lang: str = "en", page: int = 1) -> list:
    if state.snapshot is None:
        return []
    return overview.cards(state.snapshot, area or None, overview.search_text(query) or None, page, lang)


def page_of(search: str | None) -> int:
    """The overview's `?page=` (the first, if repeated), as the layout reads it; 1 when absent or odd."""
    values = parse_qs(search.lstrip("?")).get("page", []) if isinstance(search, str) else []
    return overview.page_number(values[0] if values else None)


def indicator_view(state: RegistryState, indicator_id: str | None) -> Any:
    """The whole indicator page as one tree, the part below the chart included (no citation block: no base URL).
    Not a callback's answer: the page callback sends the page down to its chart, and `details_view` the rest."""
    return indicator.body(state, indicator_id or "", details=True)


def details_view(
    state: RegistryState, indicator_id: str | None, base_url: str = "", target: str | None = None, base: object = None
) -> tuple[list, list, Any]:
    """What the indicator page sends once its chart is drawn: what goes below the chart (indicator.details_of), and
    the chart's table (its hidden Table tab) for the reader's target and base year."""
    view = state.snapshot.localized().view(indicator_id or "") if state.snapshot else None
    if view is None:
        raise PreventUpdate
    extras, rest = indicator.details_of(state.snapshot, view, base_url)
    if not view.chartable:
        return extras, rest, no_update
    return extras, rest, indicator_chart.data_table(state.snapshot, view, indicator_chart.view_state(view, target, base)[1])


def tiles_view(state: RegistryState, indicator_id: str | None, target: str | None, method: str | None) -> Any:
    """The summary tiles for the target and method the reader picked."""
    view = state.snapshot.localized().view(indicator_id or "") if state.snapshot else None
    if view is None:
        raise PreventUpdate
    return indicator.tiles(state.snapshot, view, target, method).children


IMAGE_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def png_view(
    state: RegistryState,
    indicator_id: str | None,
    exporter: Any,
    clicks: int | None = 1,
    fmt: str = "png",
    chosen: str | None = None,
    base: object = None,
) -> tuple[Any, str]:
    """(download, message) for the PNG and SVG buttons: the exported figure as the page shows it (the target in colour,
    the base year); a missing exporter or browser gives a message, not an error."""
    if not clicks:
        raise PreventUpdate
    if state.snapshot is None or not indicator_id or state.snapshot.localized().view(indicator_id) is None:
        return no_update, _("Nothing to export: the indicator is not in the registry.")
    view = state.snapshot.localized().views[indicator_id]
    if not view.chartable:
        return no_update, _("Nothing to export: the indicator has no values yet.")
    fmt = fmt if fmt in IMAGE_TYPES else "png"
    chosen, year = indicator_chart.view_state(view, chosen, base)
    options = {"chosen": chosen, "base": year}
    try:
        data = exporter.render(state.snapshot.localized(), indicator_id, fmt, **options)
    except ExportUnavailable as exc:
        return no_update, str(exc)
    except Exception:
        log.exception("PNG export failed")
        return no_update, _("PNG export failed; try again in a moment.")  # the detail is in the log, never on the page
    name = f"{indicator_id}{'_' + str(year) + '_100' if year else ''}.{fmt}"
    message = _("{file}: {size} KB").format(file=name, size=f"{len(data) / 1024:.0f}")
    return dcc.send_bytes(data, filename=name, type=IMAGE_TYPES[fmt]), message


def chart_csv_view(state: RegistryState, indicator_id: str | None, chosen: str | None = None, base: object = None) -> tuple[Any, str]:
    """(download, message) for the chart's CSV: its years as the chart shows them, each row with the source-and-licence
    line; in English like the other data files, whatever the page's language."""
    view = state.snapshot.assessment.view(indicator_id or "") if state.snapshot else None
    if view is None or not view.chartable:
        return no_update, _("Nothing to export: the indicator has no values yet.")
    _chosen, year = indicator_chart.view_state(view, chosen, base)
    with use_language("en"):
        data = chart_csv(state.snapshot.assessment.registry, view, state.snapshot.version, year)
    name = f"{indicator_id}{'_' + str(year) + '_100' if year else ''}_chart.csv"
    return dcc.send_string(data, filename=name, type="text/csv"), _("{file}: {size} KB").format(
        file=name, size=f"{len(data.encode()) / 1024:.0f}"
    )


def chart_query(indicator_sync: Any, chart_sync: Any, search: str | None) -> tuple[str | None, str | None, str | None]:
    """(target, base, view) of the page's URL: each from the store its own control writes (assets/clientside.js
    syncQuery), else from the address the page was opened at."""
    opened = indicator_chart.query_of(search)
    target = indicator_chart.query_of(indicator_sync).get("target") if isinstance(indicator_sync, str) else opened.get("target")
    chart = indicator_chart.query_of(chart_sync) if isinstance(chart_sync, str) else opened
    return target, chart.get("base"), chart.get("view")


def chart_view(state: RegistryState, indicator_id: str | None, target: str | None, base: object, small: bool = False) -> tuple:
    """(figure, table, key) of the indicator's chart for the reader's target, base year and screen."""
    view = state.snapshot.localized().view(indicator_id or "") if state.snapshot else None
    if view is None or not view.chartable:
        raise PreventUpdate
    _chosen, year = indicator_chart.view_state(view, target, base)
    fig = indicator_chart.figure(state.snapshot, view.id, target, year, small=bool(small))
    return fig, indicator_chart.data_table(state.snapshot, view, year), indicator_chart.key(fig, small=bool(small))


def briefing_view(
    state: RegistryState, area: str | None, query: str | None, service: Any, clicks: int | None = 1, client: str = ""
) -> tuple[Any, str, bool]:
    """(download, message, whether the page stops asking) for the briefing button and its poll: the PDF of the
    indicators the filters select, made off the request thread (web/briefings.py); the page asks again until it is ready."""
    if not clicks:
        raise PreventUpdate
    if state.snapshot is None:
        return no_update, _("No registry loaded."), True
    query = overview.search_text(query)
    selected, _shown, _page, _pages = overview.selection(state.snapshot, area, query, 1)
    if not selected:
        return no_update, _("No indicator matches the filter."), True
    what = ", ".join(x for x in (area if area and area != "all" else "", f"“{query}”" if query else "") if x) or _("all indicators")
    outcome = service.request(state.snapshot, current(), [v.id for v in selected], what, client)
    if outcome.status == "ready":
        size = len(outcome.data) // 1024
        return (
            dcc.send_bytes(outcome.data, filename="briefing.pdf", type="application/pdf"),
            _("briefing.pdf: {size} KB").format(size=size),
            True,
        )
    if outcome.status == "pending":
        return no_update, _("The briefing is being made; it downloads by itself in a few seconds."), False
    if outcome.status == "limited":
        return no_update, _("You asked for many briefings in a short time; try again in a minute."), True
    if outcome.status == "busy":
        return no_update, _("Another briefing is being made; try again in a moment."), True
    return no_update, _("The briefing could not be made; try again later."), True


def claims_view(
    state: RegistryState, verdict: str | None, speech: str | None = "all", topic: str = "all"
) -> tuple[Any, list[dict], list[dict]]:
    speech_options, verdict_options = claims.filter_options(state.snapshot, speech or "all", topic)
    return claims.body(state, verdict, speech, topic), verdict_options, speech_options


def sources_view(state: RegistryState, kind: str = "all") -> Any:
    return sources.body(state, kind)


def register_callbacks(app: dash.Dash) -> None:
    """Attach every callback to this app (not to Dash's global callback list)."""
    search = State(ids.LOCATION, "search")

    @app.callback(
        Output(ids.REGISTRY_VERSION, "data"),
        Output(ids.REGISTRY_PROBLEMS_TOKEN, "data"),
        Output(ids.REGISTRY_BANNER, "children"),
        Output(ids.FOOTER_VERSION, "children"),
        Input(ids.RELOAD_POLL, "n_intervals"),
        State(ids.REGISTRY_VERSION, "data"),
        State(ids.REGISTRY_PROBLEMS_TOKEN, "data"),
        search,
        prevent_initial_call=True,
    )
    def poll(_n: int, version: str, problems_token: str, query: str | None) -> tuple:
        with use_language(language_of(query)):
            return poll_view(current_state(), version, problems_token)

    @app.callback(
        Output(ids.OVERVIEW_BODY, "children"),
        Output(ids.AREA_FILTER, "options"),
        Input(ids.REGISTRY_VERSION, "data"),
        search,
        prevent_initial_call=True,
    )
    def overview_body(_version: str, query: str | None) -> tuple:
        with use_language(language_of(query)):
            return overview_view(current_state())

    @app.callback(
        Output(ids.OVERVIEW_CARDS, "children"),
        Input(ids.REGISTRY_VERSION, "data"),
        Input(ids.AREA_FILTER, "value"),
        Input(ids.TITLE_SEARCH, "value"),
        search,
        prevent_initial_call=True,
    )
    def overview_cards(_version: str, area: str | None, text: str | None, query: str | None) -> list:
        lang = language_of(query)
        # a new version keeps the reader's page; a new filter starts again at page 1
        page = page_of(query) if dash.ctx.triggered_id == "registry-version" else 1
        with use_language(lang):
            return cards_view(current_state(), area, text, lang, page)

    @app.callback(
        Output(ids.INDICATOR_BODY, "children"),
        Input(ids.REGISTRY_VERSION, "data"),
        State(ids.INDICATOR_ID, "data"),
        search,
        prevent_initial_call=True,
    )
    def indicator_body(_version: str, indicator_id: str, query: str | None) -> Any:
        with use_language(language_of(query)):
            params = parse_qs((query or "").lstrip("?"))
            first = {k: v[0] for k, v in params.items() if v}
            # the whole body at once: the page is on screen already, and an empty part below the chart would lose the reader's place
            return indicator.body(
                current_state(),
                indicator_id or "",
                first.get("target"),
                first.get("method"),
                indicator.base_url(),
                details=True,
                base=first.get("base"),
                tab=first.get("view"),
            )

    @app.callback(
        Output(ids.INDICATOR_CHART_EXTRAS, "children"),
        Output(ids.INDICATOR_DETAILS, "children"),
        # chart_update writes it too, when the reader changes the base year: both read the same choices
        Output(ids.CHART_TABLE, "children", allow_duplicate=True),
        Input(ids.DETAILS_READY, "data"),
        State(ids.INDICATOR_URL_SYNC, "data"),
        State(ids.CHART_URL_SYNC, "data"),
        search,
        prevent_initial_call=True,
    )
    def indicator_details(indicator_id: str, synced: Any, chart: Any, query: str | None) -> tuple[list, list, Any]:
        target, base, _view = chart_query(synced, chart, query)
        with use_language(language_of(query)):
            return details_view(current_state(), indicator_id, indicator.base_url(), target, base)

    @app.callback(
        Output(ids.INDICATOR_TILES, "children"),
        Input(ids.TARGET_SELECT, "value"),
        Input(ids.METHOD_SELECT, "value"),
        State(ids.INDICATOR_ID, "data"),
        search,
        prevent_initial_call=True,
    )
    def indicator_tiles(target: str | None, method: str | None, indicator_id: str, query: str | None) -> Any:
        with use_language(language_of(query)):
            return tiles_view(current_state(), indicator_id, target, method)

    @app.callback(
        Output(ids.PNG_DOWNLOAD, "data"),
        Output(ids.PNG_MESSAGE, "children"),
        Input(ids.PNG_BUTTON, "n_clicks"),
        Input(ids.SVG_BUTTON, "n_clicks"),
        Input(ids.CHART_CSV_BUTTON, "n_clicks"),
        State(ids.INDICATOR_ID, "data"),
        State(ids.INDICATOR_URL_SYNC, "data"),
        State(ids.CHART_URL_SYNC, "data"),
        search,
        prevent_initial_call=True,
    )
    def download_chart(png: int | None, svg: int | None, csv: int | None, indicator_id: str, synced: Any, chart: Any, query: str | None):
        target, base, _view = chart_query(synced, chart, query)
        asked = dash.ctx.triggered_id
        with use_language(language_of(query)):
            if asked == ids.CHART_CSV_BUTTON:
                if not csv:
                    raise PreventUpdate
                return chart_csv_view(current_state(), indicator_id, target, base)
            fmt, clicks = ("svg", svg) if asked == ids.SVG_BUTTON else ("png", png)
            exporter = flask.current_app.extensions[EXTENSION].exporter
            return png_view(current_state(), indicator_id, exporter, clicks, fmt, target, base)

    @app.callback(
        Output("tracking-graph", "figure"),
        Output(ids.CHART_TABLE, "children"),
        Output(ids.CHART_KEY, "children"),
        Output(ids.CHART_KEY, "open"),
        Input(ids.INDICATOR_URL_SYNC, "data"),
        Input(ids.CHART_URL_SYNC, "data"),
        Input(ids.VIEWPORT, "data"),
        State(ids.INDICATOR_ID, "data"),
        search,
        prevent_initial_call=True,
    )
    def chart_update(synced: Any, chart: Any, small: Any, indicator_id: str, query: str | None) -> tuple:
        target, base, _view = chart_query(synced, chart, query)
        with use_language(language_of(query)):
            fig, data, key = chart_view(current_state(), indicator_id, target, base, small == "narrow")
        return fig, data, key.children, key.open

    @app.callback(
        Output(ids.BRIEFING_DOWNLOAD, "data"),
        Output(ids.BRIEFING_MESSAGE, "children"),
        Output(ids.BRIEFING_POLL, "disabled"),
        Input(ids.BRIEFING_BUTTON, "n_clicks"),
        Input(ids.BRIEFING_POLL, "n_intervals"),
        State(ids.AREA_FILTER, "value"),
        State(ids.TITLE_SEARCH, "value"),
        search,
        prevent_initial_call=True,
    )
    def download_briefing(clicks: int | None, polls: int | None, area: str | None, text: str | None, query: str | None) -> tuple:
        asked = polls if dash.ctx.triggered_id == ids.BRIEFING_POLL else clicks
        service = flask.current_app.extensions[EXTENSION].briefings
        with use_language(language_of(query)):
            return briefing_view(current_state(), area, text, service, asked, flask.request.remote_addr or "")

    @app.callback(
        Output(ids.CLAIMS_LIST, "children"),
        Output(ids.CLAIM_FILTER, "options"),
        Output(ids.SPEECH_FILTER, "options"),
        Input(ids.REGISTRY_VERSION, "data"),
        Input(ids.CLAIM_FILTER, "value"),
        Input(ids.SPEECH_FILTER, "value"),
        search,
        prevent_initial_call=True,
    )
    def claims_list(_version: str, verdict: str | None, speech: str | None, query: str | None) -> tuple:
        with use_language(language_of(query)):
            return claims_view(current_state(), verdict, speech, claims.topic_of(query))

    @app.callback(Output(ids.SOURCES_BODY, "children"), Input(ids.REGISTRY_VERSION, "data"), search, prevent_initial_call=True)
    def sources_body(_version: str, query: str | None) -> Any:
        with use_language(language_of(query)):
            return sources_view(current_state(), sources.type_of(query))

    # filters into the URL, from the browser: a history entry per change, no page reload (assets/clientside.js)
    app.clientside_callback(
        ClientsideFunction("dashboard", "syncQuery"),
        Output(ids.OVERVIEW_URL_SYNC, "data"),
        Input(ids.AREA_FILTER, "value"),
        Input(ids.TITLE_SEARCH, "value"),
        State(ids.OVERVIEW_URL_SYNC, "id"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("dashboard", "syncQuery"),
        Output(ids.CLAIMS_URL_SYNC, "data"),
        Input(ids.SPEECH_FILTER, "value"),
        Input(ids.CLAIM_FILTER, "value"),
        State(ids.CLAIMS_URL_SYNC, "id"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("dashboard", "syncQuery"),
        Output(ids.INDICATOR_URL_SYNC, "data"),
        Input(ids.TARGET_SELECT, "value"),
        Input(ids.METHOD_SELECT, "value"),
        State(ids.INDICATOR_URL_SYNC, "id"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("dashboard", "syncQuery"),
        Output(ids.CHART_URL_SYNC, "data"),
        Input(ids.BASE_SELECT, "value"),
        Input(ids.CHART_TABS, "value"),
        State(ids.CHART_URL_SYNC, "id"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("dashboard", "showPane"),
        Output(ids.CHART_PANE, "hidden"),
        Output(ids.TABLE_PANE, "hidden"),
        Input(ids.CHART_TABS, "value"),
        prevent_initial_call=True,
    )
    # a screen narrower than 500 px: smaller marks and a folded key (the chart callback redraws it)
    app.clientside_callback(
        ClientsideFunction("dashboard", "narrowScreen"),
        Output(ids.VIEWPORT, "data"),
        Input(ids.DETAILS_FOR, "data"),
    )
    # the overview's sparklines, once its progress chart is drawn (assets/clientside.js)
    app.clientside_callback(
        ClientsideFunction("dashboard", "drawSparklines"),
        Output(ids.SPARKLINES_DRAWN, "data"),
        Input(ids.SPARKLINES, "data"),
    )
    # an indicator page's details, once its chart is drawn (assets/clientside.js)
    app.clientside_callback(
        ClientsideFunction("dashboard", "afterChart"),
        Output(ids.DETAILS_READY, "data"),
        Input(ids.DETAILS_FOR, "data"),
    )
    app.clientside_callback(
        ClientsideFunction("dashboard", "setLanguage"),
        Output(ids.HTML_LANG, "data"),
        Input(ids.LOCATION, "search"),
    )
