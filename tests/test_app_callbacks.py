"""The app's callbacks and layouts as plain functions of the registry state (no browser)."""

from __future__ import annotations

import base64
import csv
import importlib
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dash
import pytest
from dash import dcc, html, no_update
from dash.exceptions import PreventUpdate

from benchmarks.wire import callback_payload, dependency, details_payload, page_payload
from dashboard import cli
from dashboard.engine.vocabulary import STATUS_TEXT
from dashboard.outputs.datafiles import INDICATOR_COLUMNS as CSV_COLUMNS
from dashboard.outputs.frames import frames_of
from dashboard.web import callbacks, components
from dashboard.web.app import create_app, shell
from dashboard.web.pages import claims, indicator, not_found_404, overview, overview_cards, sources
from dashboard.web.png import ExportUnavailable, PngExporter
from dashboard.web.store import RegistryStore, State

SYNTHETIC = Path(__file__).resolve().parent / "fixtures" / "app" / "synthetic.yaml"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def walk(node: Any) -> Iterator[Any]:
    """Every component and string in a layout tree."""
    if isinstance(node, (list, tuple)):
        for item in node:
            yield from walk(item)
        return
    yield node
    children = getattr(node, "children", None) if not isinstance(node, str) else None
    if isinstance(children, (list, tuple)):
        for child in children:
            yield from walk(child)
    elif children is not None:
        yield from walk(children)


def ids(tree: Any) -> list[str]:
    return [c.id for c in walk(tree) if isinstance(getattr(c, "id", None), str)]


def strings(tree: Any) -> list[str]:
    return [n for n in walk(tree) if isinstance(n, str)]


def find(tree: Any, component_id: str) -> Any:
    return next(c for c in walk(tree) if getattr(c, "id", None) == component_id)


@pytest.fixture(scope="module")
def frozen_state(frozen_path: Path) -> State:
    return RegistryStore(frozen_path).state()


@pytest.fixture
def synthetic(tmp_path: Path) -> Path:
    path = tmp_path / "indicators.yaml"
    shutil.copy(SYNTHETIC, path)
    return path


@pytest.fixture
def syn_state(synthetic: Path) -> State:
    state = RegistryStore(synthetic).state()
    assert state.problems == ()
    return state


def route(app: dash.Dash, path: str) -> dict:
    """What the pages router sends for `path`, through the real HTTP endpoint."""
    client = app.server.test_client()
    client.get("/")
    body = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": ""},
        ],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:500]
    return response.get_json()["response"]


# ------------------------------------------------------------------ app and pages


def test_the_factory_registers_every_page(frozen_path: Path) -> None:
    create_app(frozen_path)
    pages = {p["module"]: p for p in dash.page_registry.values()}
    assert pages["dashboard.web.pages.overview"]["path"] == "/"
    assert pages["dashboard.web.pages.indicator"]["path_template"] == "/indicator/<indicator_id>"
    assert pages["dashboard.web.pages.claims"]["path"] == "/claims"
    assert pages["dashboard.web.pages.sources"]["path"] == "/sources"
    assert pages["dashboard.web.pages.claim"]["path_template"] == "/claim/<claim_id>"
    assert "dashboard.web.pages.not_found_404" in pages


def test_two_apps_in_one_process_each_serve_their_own_registry(frozen_path: Path, synthetic: Path) -> None:
    shipped, other = create_app(frozen_path), create_app(synthetic)
    assert "Road traffic deaths" in json.dumps(route(shipped, "/"))
    page = json.dumps(route(other, "/"))
    assert "Gadgets" in page and "Road traffic deaths" not in page
    assert other.server.test_client().get("/api/registry").get_json()["indicators"] == ["widgets", "gadgets"]


@pytest.mark.parametrize(
    ("path", "marker"),
    [
        ("/", "overview-page"),
        ("/indicator/road_deaths", "tracking-graph"),
        ("/indicator/no_such_thing", "not-found"),
        ("/claims", "claims-page"),
        ("/claim/street_crime_down", "claim-page"),
        ("/claim/no_such_claim", "not-found"),
        ("/sources", "sources-table"),
        ("/no/such/page", "not-found"),
    ],
)
def test_the_router_serves_each_address(frozen_path: Path, path: str, marker: str) -> None:
    assert f'"{marker}"' in json.dumps(route(create_app(frozen_path), path))


def test_every_callback_id_is_in_some_layout(frozen_path: Path) -> None:
    """suppress_callback_exceptions hides typos in ids: check them here instead."""
    app = create_app(frozen_path)
    with app.server.test_request_context("/"):
        layouts = [shell(), overview.layout(), indicator.layout("road_deaths"), claims.layout(), sources.layout(), not_found_404.layout()]
        layouts += callbacks.details_view(RegistryStore(frozen_path).state(), "road_deaths")[:2]  # below the indicator page's chart
    known = {i for tree in layouts for i in ids(tree)} | {"_pages_location", "_pages_content", "_pages_store", "_pages_dummy"}
    used = set()
    for output, cb in app.callback_map.items():
        used |= {part.rsplit(".", 1)[0] for part in output.strip(".").split("...")}
        used |= {d["id"] for d in cb["inputs"] + cb["state"]}
    assert used - known == set()


def test_a_broken_registry_at_start_serves_a_banner_not_an_error(synthetic: Path) -> None:
    synthetic.write_text("schema_version: 1\nmeta: [\n", encoding="utf-8")
    app = create_app(synthetic)
    assert "No registry loaded" in json.dumps(route(app, "/indicator/widgets"))
    with app.server.test_request_context("/"):
        banner = find(shell(), "registry-problems")
    assert any(s.startswith("indicators.yaml:") for s in strings(banner))


# ------------------------------------------------------------------ live reload poll


def test_poll_without_a_change_sends_nothing(frozen_state: State) -> None:
    with pytest.raises(PreventUpdate):
        callbacks.poll_view(frozen_state, frozen_state.version, frozen_state.problems_token)


def test_poll_sends_a_new_version_with_its_banner(frozen_state: State) -> None:
    """A new version brings its own banner: the registry's warnings belong to the version (the shipped one has none)."""
    version, token, banner, footer = callbacks.poll_view(frozen_state, "old", frozen_state.problems_token)
    assert version == frozen_state.version
    assert token is no_update and banner == []
    assert frozen_state.snapshot.version[:12] in footer


def test_poll_lists_every_problem_in_the_banner(synthetic: Path) -> None:
    store = RegistryStore(synthetic)
    good = store.state()
    synthetic.write_text(synthetic.read_text().replace("source: beta", "source: gamma"), encoding="utf-8")
    store.settle_seconds = 0
    bad = store.state()
    assert len(bad.problems) >= 2
    version, token, banner, footer = callbacks.poll_view(bad, good.version, good.problems_token)
    assert version is no_update and footer is no_update
    assert token == bad.problems_token
    assert [s for s in strings(banner) if s.startswith("indicators.yaml:")] == [str(p) for p in bad.problems]


# ------------------------------------------------------------------ overview


def test_the_overview_has_a_card_for_every_indicator_grouped_by_area(frozen_state: State) -> None:
    """Every indicator once across the pages: a card per indicator with data, grouped by area; those without data
    folded into one row at the end of the last page."""
    registry = frozen_state.snapshot.registry
    views = frozen_state.snapshot.assessment.views
    in_order = [i.id for a in registry.areas for i in registry.indicators if i.area == a.id]
    with_data = [i for i in in_order if views[i].latest is not None]
    without = [i for i in in_order if views[i].latest is None]
    assert with_data and without  # the fixture has both
    pages = -(-len(with_data) // overview.PAGE_SIZE)
    shown: list[str] = []
    for page in range(1, pages + 1):
        tree = overview.cards(frozen_state.snapshot, None, None, page)
        shown += [i.removeprefix("card-") for i in ids(tree) if i.startswith("card-")]
        shown += [i.removeprefix("nodata-") for i in ids(tree) if i.startswith("nodata-")]
        assert ("no-data-cards" in ids(tree)) == (page == pages)
    assert shown == with_data + without
    tree = callbacks.cards_view(frozen_state, None, None)
    first = {i.area for i in registry.indicators if i.id in with_data[: overview.PAGE_SIZE]}
    assert [i for i in ids(tree) if i.startswith("area-")] == [f"area-{a.id}" for a in registry.areas if a.id in first]


@pytest.mark.parametrize(
    ("area", "query", "expected"),
    [
        (None, None, ["widgets", "gadgets"]),
        ("all", "", ["widgets", "gadgets"]),
        ("one", None, ["widgets"]),
        ("two", "", ["gadgets"]),
        (None, "GADG", ["gadgets"]),
        (None, "widgets script", ["widgets"]),
        ("two", "widgets", []),
        (None, "nothing like it", []),
    ],
)
def test_the_area_filter_and_title_search(syn_state: State, area: str | None, query: str | None, expected: list[str]) -> None:
    tree = callbacks.cards_view(syn_state, area, query)
    assert [i.removeprefix("card-") for i in ids(tree) if i.startswith("card-")] == expected
    assert ("no-match" in ids(tree)) == (not expected)


def test_a_card_says_latest_value_change_against_baseline_and_status(syn_state: State) -> None:
    snapshot = syn_state.snapshot
    widgets = overview_cards.card_data(snapshot.assessment.views["widgets"])
    assert (widgets.latest, widgets.latest_year) == ("820 widgets", "2022")  # the exact value beats the "more than 800"
    assert widgets.change == "−18.0% against the 2020 baseline (1,000)"
    target = snapshot.assessment.views["widgets"].target("half")
    assert [s[:2] for s in widgets.statuses] == [(target.result.status, f"{STATUS_TEXT[target.result.status]} · {target.name} (2030)")]
    gadgets = overview_cards.card_data(snapshot.assessment.views["gadgets"])
    assert (gadgets.latest, gadgets.change, gadgets.statuses) == ("5 gadgets", "No baseline set", ())


def test_the_overview_body_follows_the_registry(syn_state: State) -> None:
    body, options = callbacks.overview_view(syn_state)
    assert "overview-body" not in ids(body) and any(isinstance(c, html.H1) for c in walk(body))
    assert [o["value"] for o in options] == ["all", "one", "two"]


@pytest.mark.parametrize(("area", "query", "rows"), [(None, None, ["widgets:half"]), ("two", None, []), (None, "gadget", [])])
def test_the_progress_chart_follows_the_filters(syn_state: State, area: str | None, query: str | None, rows: list[str]) -> None:
    tree = callbacks.cards_view(syn_state, area, query)
    graphs = [c for c in walk(tree) if getattr(c, "id", None) == "progress-graph"]
    assert [g.figure["layout"]["meta"]["rows"] for g in graphs] == ([rows] if rows else [])
    assert "status-counts" in ids(tree)


# ------------------------------------------------------------------ indicator page


def test_road_deaths_page_holds_chart_status_claims_and_data(frozen_state: State) -> None:
    snapshot = frozen_state.snapshot
    ind = snapshot.registry.indicator("road_deaths")
    tree = callbacks.indicator_view(frozen_state, "road_deaths")
    graph = find(tree, "tracking-graph")
    metas = {t.get("meta") for t in graph.figure["data"]}
    targets = {tid for m in metas if m and m.startswith("target:") for tid in m.removeprefix("target:").split(",")}
    assert {f"required:{t.id}" for t in ind.targets} | {"baseline", "projected"} <= metas and targets == {t.id for t in ind.targets}
    assert graph.config["toImageButtonOptions"] == {"filename": "road_deaths", "scale": 2, "format": "png"}
    status_rows = [c for c in walk(find(tree, "status-table")) if isinstance(c, html.Tr)]
    assert len(status_rows) == 1 + len(ind.targets)
    assert {f"claim-{c.id}" for c in snapshot.registry.claims if c.indicator == "road_deaths"} <= set(ids(tree))
    data_rows = [c for c in walk(find(tree, "data-table")) if isinstance(c, html.Tr)]
    assert len(data_rows) == 1 + len(snapshot.assessment.views["road_deaths"].points)
    assert "no-values" not in ids(tree) and "chart-summary" in ids(tree)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_indicator_page_comes_in_two_requests_that_add_up_to_the_whole(frozen_path: Path, frozen_state: State, lang: str) -> None:
    """The page callback sends the page down to its chart; the details callback the rest, in the page's language."""
    client = create_app(frozen_path, settle_seconds=0).server.test_client()
    search = f"?lang={lang}"
    first = client.post("/_dash-update-component", json=page_payload("/indicator/road_deaths", search)).get_json()["response"]
    top = json.dumps(first)
    assert '"tracking-graph"' in top and '"indicator-tiles"' in top and '"data-table"' not in top and '"csv-link"' not in top
    assert '"id": "indicator-details-for"' in top and '"details-coming"' in top  # a line saying what follows, until it does
    deps = client.get("/_dash-dependencies").get_json()
    built = callback_payload(
        dependency(deps, "indicator-details"),
        {"indicator-details-ready.data": "road_deaths", "_pages_location.search": search},
        ["indicator-details-ready.data"],
    )
    assert details_payload("/indicator/road_deaths", search) == built  # the load client sends what dash-renderer sends
    second = client.post("/_dash-update-component", json=built).get_json()["response"]
    assert set(second) == {"indicator-chart-extras", "indicator-details", "chart-table"} and "details-coming" not in json.dumps(second)
    from plotly.io.json import to_json_plotly

    from dashboard.i18n import use_language

    with use_language(lang):
        extras, rest, table = callbacks.details_view(frozen_state, "road_deaths", "http://localhost/")  # the test client's address
    sent = {"indicator-chart-extras": {"children": extras}, "indicator-details": {"children": rest}, "chart-table": {"children": table}}
    assert second == json.loads(to_json_plotly(sent))
    assert (
        {"csv-link", "share"} <= set(ids(extras)) and "data-table" in ids(rest) and ("Данные" if lang == "ru" else "Data") in strings(rest)
    )
    assert details_payload("/claims") is None


def test_sources_disagree_notes_stay_visible(frozen_state: State) -> None:
    obs = frames_of(frozen_state.snapshot.assessment).observations
    notes = [n for n in obs[obs["indicator"] == "road_deaths"]["note"].dropna() if n.startswith("Sources disagree")]
    assert notes, "the shipped road deaths series has such notes"
    tree = callbacks.indicator_view(frozen_state, "road_deaths")
    flagged = [c.children for c in walk(tree) if isinstance(c, html.Span) and c.className == "note-disagree"]
    assert flagged == notes


@pytest.mark.parametrize(
    ("asked", "suggested"), [("road_death", "/indicator/road_deaths"), ("<script>alert(1)</script>", None), ("", None)]
)
def test_an_unknown_indicator_gives_a_not_found_page(frozen_state: State, asked: str, suggested: str | None) -> None:
    tree = callbacks.indicator_view(frozen_state, asked)
    assert "not-found" in ids(tree)
    assert any(asked in s for s in strings(tree))
    links = [c.href for c in walk(tree) if isinstance(c, dcc.Link)]
    assert (suggested in links) if suggested else links == ["/"]


def test_the_csv_holds_every_published_value_and_no_formula(synthetic: Path) -> None:
    client = create_app(synthetic, settle_seconds=0).server.test_client()
    reply = client.get("/indicator/widgets.csv")
    assert reply.status_code == 200 and reply.headers["Content-Disposition"] == 'attachment; filename="widgets.csv"'
    rows = list(csv.reader(io.StringIO(reply.get_data(as_text=True).removeprefix("\ufeff"))))
    assert rows[0] == CSV_COLUMNS
    state = RegistryStore(synthetic).state()
    assert len(rows) - 1 == len([p for p in state.snapshot.assessment.views["widgets"].points if not p.derived])
    cells = [c for row in rows[1:] for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    assert client.get("/indicator/nope.csv").status_code == 404


@pytest.mark.parametrize("clicks", [None, 0])
def test_a_fresh_button_is_not_a_click(syn_state: State, clicks: int | None) -> None:
    """A live reload re-renders the page and its buttons; that must not download anything."""
    exporter = FakeExporter(b"png")
    with pytest.raises(PreventUpdate):
        callbacks.png_view(syn_state, "widgets", exporter, clicks)
    assert exporter.calls == []


# ------------------------------------------------------------------ PNG button


class FakeExporter:
    def __init__(self, result: bytes | Exception) -> None:
        self.result = result
        self.calls: list[str] = []

    def render(self, snapshot: Any, indicator_id: str, *_args: Any, **_options: Any) -> bytes:
        self.calls.append(indicator_id)
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


def test_the_png_button_sends_the_rendered_file(syn_state: State) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 100
    download, message = callbacks.png_view(syn_state, "widgets", FakeExporter(png))
    assert download["filename"] == "widgets.png" and download["base64"]
    assert base64.b64decode(download["content"]) == png
    assert message.startswith("widgets.png")


@pytest.mark.parametrize(
    ("failure", "expected"),
    [
        (ExportUnavailable("PNG export needs Chromium, which could not be started on this server."), "needs Chromium"),
        (RuntimeError("boom"), "PNG export failed; try again in a moment."),
        (ImportError("cannot import name '_KaleidoTab' from partially initialized module"), "PNG export failed; try again in a moment."),
    ],
)
def test_a_failing_export_gives_a_message_not_an_error(syn_state: State, failure: Exception, expected: str) -> None:
    download, message = callbacks.png_view(syn_state, "widgets", FakeExporter(failure))
    assert download is no_update
    assert expected in message and "boom" not in message and "import" not in message  # the error's own text goes to the log only


def test_no_export_for_an_unknown_indicator(syn_state: State) -> None:
    exporter = FakeExporter(b"png")
    assert callbacks.png_view(syn_state, "nope", exporter)[0] is no_update
    assert exporter.calls == []


def test_a_browser_that_cannot_start_is_reported(syn_state: State, monkeypatch: pytest.MonkeyPatch) -> None:
    export = importlib.import_module("dashboard.outputs.export")

    def no_browser(*args: Any, **kwargs: Any) -> Any:
        raise export.BrowserMissingError("Chromium is needed to export figures")

    monkeypatch.setattr(export.renderer, "Renderer", no_browser)
    with pytest.raises(ExportUnavailable, match="needs Chromium"):
        PngExporter().render(syn_state.snapshot.assessment, "widgets")


@pytest.mark.slow
def test_perf_contract_via_private_renderer_the_png_export_renders_with_one_warm_browser(frozen_state: State) -> None:
    exporter = PngExporter()
    try:
        first = exporter.render(frozen_state.snapshot.assessment, "road_deaths")
        renderer = exporter._renderer
        second = exporter.render(frozen_state.snapshot.assessment, "road_death_rate")
        assert exporter._renderer is renderer
    finally:
        exporter.close()
    assert first.startswith(b"\x89PNG\r\n\x1a\n") and second.startswith(b"\x89PNG\r\n\x1a\n")


# ------------------------------------------------------------------ claims and sources


@pytest.mark.parametrize("verdict", ["consistent", "inconsistent", "in_works", "unverifiable", "all"])
@pytest.mark.parametrize("speech", ["all", "2025-03-05", "2026-03-04"])
def test_the_claims_filters(frozen_state: State, verdict: str, speech: str) -> None:
    tree, options, speeches = callbacks.claims_view(frozen_state, verdict, speech)
    checks = frozen_state.snapshot.assessment.checks

    def kept(c) -> bool:  # a stand-in verdict is listed under its verdict
        check = checks[c.id]
        return (verdict == "all" or check.result == verdict) and (speech == "all" or check.said_on == speech)

    # newest speech first, then registry order within a speech
    order = sorted(frozen_state.snapshot.registry.claims, key=lambda c: checks[c.id].said_on or "", reverse=True)
    expected = [f"claim-{c.id}" for c in order if kept(c)]
    assert [i for i in ids(tree) if i.startswith("claim-")] == expected
    shown = [c for c in checks.values() if speech == "all" or c.said_on == speech]
    assert options[0]["label"] == f"All ({len(shown)})"
    assert [o["value"] for o in speeches] == ["all", "2026-03-04", "2025-03-05"]
    cards = [c.id for c in walk(tree) if getattr(c, "id", None) and str(c.id).startswith("scorecard-")]
    assert cards == (["scorecard-2026-03-04", "scorecard-2025-03-05"] if speech == "all" else [f"scorecard-{speech}"])


def test_the_retirees_claim_is_listed_under_inconsistent_although_reached_by_a_stand_in(frozen_state: State) -> None:
    tree, options, _speeches = callbacks.claims_view(frozen_state, "inconsistent", "all")
    assert [i for i in ids(tree) if i.startswith("claim-")] == ["claim-retirees_quarter_of_victims"]
    assert {o["value"]: o["label"] for o in options}["inconsistent"] == "Inconsistent (1)"


def test_each_scorecard_count_links_to_the_claims_it_counts(frozen_state: State) -> None:
    from urllib.parse import parse_qs, urlsplit

    tree = overview.body(frozen_state)
    links = [c for c in walk(tree) if isinstance(c, dcc.Link) and str(c.href).startswith("/claims?")]
    checks = frozen_state.snapshot.assessment.checks
    assert len(links) >= 6
    for link in links:
        query = {k: v[0] for k, v in parse_qs(urlsplit(link.href).query).items()}
        counted = [c for c in checks.values() if c.said_on == query["speech"] and c.result == query["verdict"]]
        assert link.children.startswith(f"{len(counted)} "), link.children


def test_the_sources_page_lists_every_source_with_its_link(frozen_state: State) -> None:
    tree = callbacks.sources_view(frozen_state)
    registry = frozen_state.snapshot.registry
    rows = [c for c in walk(tree) if isinstance(c, html.Tr)]
    assert len(rows) == 1 + len(registry.sources)
    assert {c.href for c in walk(tree) if isinstance(c, html.A) and c.href.startswith("http")} == {s.url for s in registry.sources}


# ------------------------------------------------------------------ registry text stays text


def test_registry_text_is_rendered_as_text_everywhere(syn_state: State) -> None:
    trees = [
        overview.body(syn_state),
        overview.cards(syn_state.snapshot),
        indicator.body(syn_state, "widgets"),
        indicator.body(syn_state, "gadgets"),
        claims.body(syn_state, "all"),
        sources.body(syn_state),
        not_found_404.layout(),
    ]
    components = [c for tree in trees for c in walk(tree)]
    assert not [c for c in components if isinstance(c, dcc.Markdown) or getattr(c, "dangerously_allow_html", False)]
    hrefs = [c.href for c in components if isinstance(c, (html.A, dcc.Link))]
    assert all(h.startswith(("http://", "https://", "/", "#")) for h in hrefs)
    texts = [c for c in components if isinstance(c, str)]
    registry = syn_state.snapshot.registry
    assert registry.indicator("widgets").title in texts  # the <script> title, as a plain string
    assert registry.indicator("widgets").description in texts


def test_only_http_urls_become_links() -> None:
    from dashboard.web.components import external_link

    assert isinstance(external_link("https://example.org/a"), html.A)
    for url in ("javascript:alert(1)", "data:text/html,hi", "ftp://example.org", "example.org", None):
        assert not isinstance(external_link(url, "text"), html.A)


# ------------------------------------------------------------------ serving


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    calls: list[dict] = []
    monkeypatch.setattr(dash.Dash, "run", lambda self, **kwargs: calls.append(kwargs))
    return calls


def test_run_binds_localhost_without_debug_by_default(frozen_path: Path, runs: list[dict]) -> None:
    assert cli.main(["run", "--registry", str(frozen_path)]) == 0
    assert runs == [{"host": "127.0.0.1", "port": 8050, "debug": False}]


def test_run_takes_host_port_and_debug_when_asked(frozen_path: Path, runs: list[dict]) -> None:
    assert cli.main(["run", "--registry", str(frozen_path), "--host", "0.0.0.0", "--port", "9000", "--debug"]) == 0
    assert runs == [{"host": "0.0.0.0", "port": 9000, "debug": True}]


def test_run_refuses_a_missing_registry(tmp_path: Path, runs: list[dict], capsys: pytest.CaptureFixture) -> None:
    assert cli.main(["run", "--registry", str(tmp_path / "none.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert runs == []


def test_run_serves_a_broken_registry_and_prints_its_problems(synthetic: Path, runs: list[dict], capsys: pytest.CaptureFixture) -> None:
    synthetic.write_text(synthetic.read_text().replace("source: beta", "source: gamma"), encoding="utf-8")
    assert cli.main(["run", "--registry", str(synthetic)]) == 0
    err = capsys.readouterr().err
    assert "indicators.yaml:" in err and "serving anyway" in err
    assert len(runs) == 1


def test_the_wsgi_module_builds_the_app_on_first_use(synthetic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dashboard.web.wsgi as wsgi

    monkeypatch.setenv("DASHBOARD_REGISTRY", str(synthetic))
    wsgi.get_app.cache_clear()
    try:
        assert wsgi.get_app.cache_info().currsize == 0
        server = wsgi.server
        assert wsgi.get_app.cache_info().currsize == 1
        assert server.test_client().get("/api/registry").get_json()["indicators"] == ["widgets", "gadgets"]
        assert wsgi.app.server is server
    finally:
        wsgi.get_app.cache_clear()


# ------------------------------------------------------------------ malformed callback requests, health, capped problems


def _server_callbacks(client: Any) -> list[dict]:
    return [d for d in client.get("/_dash-dependencies").get_json() if not d.get("clientside_function")]


def _valid_values(dep: dict) -> dict[str, Any]:
    examples = {"pathname": "/indicator/road_deaths", "search": "", "n_clicks": 1, "n_intervals": 1}
    return {f"{i['id']}.{i['property']}": examples.get(i["property"], "road_deaths") for i in dep["inputs"] + dep["state"]}


@pytest.mark.parametrize("bad", [{"a": 1}, ["x"], 7], ids=["dict", "list", "number"])
def test_a_callback_given_a_non_string_value_answers_400_without_a_traceback(
    frozen_path: Path, bad: object, caplog: pytest.LogCaptureFixture
) -> None:
    client = create_app(frozen_path, settle_seconds=0).server.test_client()
    checked = []
    for dep in _server_callbacks(client):
        values = _valid_values(dep)
        changed = [f"{i['id']}.{i['property']}" for i in dep["inputs"]]
        assert client.post("/_dash-update-component", json=callback_payload(dep, values, changed)).status_code in (200, 204), dep["output"]
        for key in values:
            if bad == 7 and key.split(".")[1].startswith("n_"):
                continue
            reply = client.post("/_dash-update-component", json=callback_payload(dep, {**values, key: bad}, changed))
            assert reply.status_code == 400, (dep["output"], key, reply.status_code)
            assert key in reply.get_data(as_text=True)
            checked.append(key)
    assert {"_pages_location.pathname", "indicator-id.data", "area-filter.value"} <= set(checked)
    assert bad == 7 or {"reload-poll.n_intervals", "png-button.n_clicks"} <= set(checked)
    assert not [r for r in caplog.records if r.levelname == "ERROR" or r.exc_info]


@pytest.mark.parametrize(
    "body",
    [
        [],
        "text",
        {"output": 1},
        {"output": "x", "outputs": {}, "inputs": "nope"},
        {"output": "x", "outputs": {}, "inputs": [1]},
        {"output": "x", "outputs": {}, "inputs": [], "changedPropIds": [{}]},
        page_payload("indicator/road_deaths"),
    ],
    ids=["list", "string", "output-not-text", "inputs-not-list", "input-not-object", "changed-not-text", "relative-path"],
)
def test_a_malformed_callback_body_answers_400(frozen_path: Path, body: object) -> None:
    client = create_app(frozen_path, settle_seconds=0).server.test_client()
    assert client.post("/_dash-update-component", json=body).status_code == 400


def _renamed(body: dict, index: int, prop: str) -> dict:
    out = json.loads(json.dumps(body))
    out["outputs"][index]["property"] = prop
    return out


@pytest.mark.parametrize(
    ("index", "prop", "status"),
    [
        (2, None, 200),  # as Chromium sent it: the shared output carries its callback's hash
        (2, "children", 200),
        (2, "data@ec0e", 400),
        (1, "children@ec0e", 400),  # an output no other callback writes has no hash
        (0, "children@", 400),
    ],
)
def test_only_a_shared_output_may_carry_a_hash(frozen_path: Path, index: int, prop: str | None, status: int) -> None:
    client = create_app(frozen_path, settle_seconds=0).server.test_client()
    body = details_payload("/indicator/road_deaths")
    reply = client.post("/_dash-update-component", json=body if prop is None else _renamed(body, index, prop))
    assert reply.status_code == status, reply.get_data(as_text=True)


def test_healthz_answers_503_until_a_good_registry_is_served(synthetic: Path) -> None:
    good = synthetic.read_text(encoding="utf-8")
    synthetic.write_text("schema_version: 1\nmeta: [\n", encoding="utf-8")
    client = create_app(synthetic, settle_seconds=0).server.test_client()
    reply = client.get("/healthz")
    assert reply.status_code == 503 and reply.get_data(as_text=True).startswith("no registry loaded yet: 1 problem")
    synthetic.write_text(good, encoding="utf-8")
    assert client.get("/healthz").status_code == 200
    synthetic.write_text("schema_version: 1\nmeta: [\n", encoding="utf-8")
    assert client.get("/healthz").status_code == 200  # the last good registry is still served


def _many_problems(n: int) -> tuple:
    from dashboard.registry import Problem

    return tuple(Problem("indicators.yaml", i + 1, 1, "", f"problem {i}") for i in range(n))


def test_the_banner_and_the_api_list_at_most_200_problems_and_count_the_rest(synthetic: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = State(None, _many_problems(250))
    tree = components.banner(state)
    assert len([s for s in strings(tree) if s.startswith("indicators.yaml:")]) == 200
    assert "… and 50 more" in strings(tree)
    app = create_app(synthetic, settle_seconds=0)
    monkeypatch.setattr(app.server.extensions["dashboard"].store, "state", lambda: state)
    answer = app.server.test_client().get("/api/registry").get_json()
    assert len(answer["problems"]) == 200 and answer["problem_count"] == 250 and not answer["ok"]


def test_a_shrink_warning_shows_in_the_banner_and_the_poll_brings_it(syn_state: State) -> None:
    warned = State(syn_state.snapshot, (), warning="This version has 1 indicators, down from 2 — was the file saved whole?")
    assert find(components.banner(warned), "registry-warning").children == warned.warning
    _version, token, banner, _footer = callbacks.poll_view(warned, syn_state.version, syn_state.problems_token)
    assert token == warned.problems_token != "ok" and find(banner, "registry-warning")


# ------------------------------------------------------------------ addresses, search, warnings, the briefing


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/claims", 200),
        ("/sources", 200),
        ("/indicator/road_deaths", 200),
        ("/indicator/no_such_indicator", 404),
        ("/indicator/%3Cscript%3E", 404),
        ("/no/such/page", 404),
        ("/indicator/road_deaths/extra", 404),
    ],
)
def test_an_address_that_names_nothing_answers_404_with_the_app(frozen_path: Path, path: str, status: int) -> None:
    reply = create_app(frozen_path, settle_seconds=0).server.test_client().get(path)
    assert reply.status_code == status and b'id="react-entry-point"' in reply.data  # the page itself says what is missing


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ("cybercrime", "it_crimes_registered", "road_deaths"),  # the area's name counts
        ("IT crime", "it_crimes_registered", "juvenile_crimes"),  # words, not letters: "commITted" does not match
        ("deaths per 100", "road_death_rate", "road_deaths"),  # words of the unit
        ("road_death", "road_death_rate", "registered_crimes"),  # ids, a word prefix
    ],
)
def test_the_search_matches_words_of_titles_descriptions_units_ids_and_areas(
    frozen_state: State, query: str, found: str, not_found: str
) -> None:
    selected, _shown, _page, _pages = overview.selection(frozen_state.snapshot, None, query, 1)
    ids_found = [v.id for v in selected]
    assert found in ids_found and not_found not in ids_found


def test_registry_warnings_show_in_the_banner(tmp_path: Path) -> None:
    path = tmp_path / "indicators.yaml"
    shutil.copy(SYNTHETIC, path)
    text = path.read_text(encoding="utf-8")
    dated = text.replace('    url: "http://example.org/beta"\n', '    url: "http://example.org/beta"\n    date: 2030-01-01\n', 1)
    assert dated != text
    path.write_text(dated, encoding="utf-8")
    state = RegistryStore(path).state()
    assert state.snapshot is not None and state.snapshot.registry.warning_count, "a source dated after as_of warns"
    tree = callbacks.poll_view(state, "old", "old")[2]
    warnings = find(tree, "registry-warnings")
    assert len([c for c in walk(warnings) if isinstance(c, html.Li)]) == min(state.snapshot.registry.warning_count, 200)


def test_the_briefing_covers_what_the_filters_select(syn_state: State) -> None:
    import threading

    from dashboard.web.briefings import BriefingService

    asked: list[list[str]] = []
    release = threading.Event()

    def make(assessment: Any, ids: list[str], **_: Any) -> bytes:
        asked.append(ids)
        release.wait(30)
        return b"%PDF-1.7 fake"

    service = BriefingService(make, max_pending=1)
    download, message, done = callbacks.briefing_view(syn_state, "one", None, service)
    assert download is no_update and "being made" in message and not done  # off the request thread: the page asks again
    assert "Another briefing" in callbacks.briefing_view(syn_state, None, None, service)[1]  # the pool's queue is full
    release.set()
    assert service.wait(30)
    download, message, done = callbacks.briefing_view(syn_state, "one", None, service)  # the page's next ask
    assert done and "KB" in message, message
    assert asked == [["widgets"]] and download["filename"] == "briefing.pdf"
    assert callbacks.briefing_view(syn_state, None, "nothing matches this", service)[0] is no_update


def test_the_shell_speaks_the_language_of_the_page_that_asks_for_it(frozen_path: Path) -> None:
    """Dash fetches the navigation without the page's query string: the page's address (the Referer) carries the language."""
    client = create_app(frozen_path, settle_seconds=0).server.test_client()
    ru = json.dumps(client.get("/_dash-layout", headers={"Referer": "http://host/claims?lang=ru"}).get_json(), ensure_ascii=False)
    en = json.dumps(client.get("/_dash-layout", headers={"Referer": "http://host/claims"}).get_json(), ensure_ascii=False)
    assert "Обзор" in ru and "Overview" not in ru.split('"Русский"')[0]
    assert "Overview" in en and "Обзор" not in en


@pytest.mark.parametrize(
    ("search", "language"),
    [
        ("?lang=ru", "ru"),
        ("?lang=ru&lang=en", "ru"),
        ("lang=ru", "ru"),
        ("?lang=en&lang=ru", "en"),
        ("?lang=xx", "en"),
        ("", "en"),
        (None, "en"),
        ({"lang": "ru"}, "en"),
        ("?lang=", "en"),
    ],
)
def test_a_callback_reads_the_language_of_the_query_as_a_layout_does(search: object, language: str) -> None:
    from dashboard.i18n import normalise, use_language

    with use_language("en"):
        assert callbacks.language_of(search) == language
    if isinstance(search, str):  # the page's layout gets the same value, as a list when repeated (Dash's query parser)
        from urllib.parse import parse_qs

        assert normalise(parse_qs(search.lstrip("?")).get("lang", [])) == language


def _cards_request(search: str, trigger: str) -> dict:
    inputs = [
        {"id": "registry-version", "property": "data", "value": "v"},
        {"id": "area-filter", "property": "value", "value": "all"},
        {"id": "title-search", "property": "value", "value": ""},
    ]
    return {
        "output": "overview-cards.children",
        "outputs": {"id": "overview-cards", "property": "children"},
        "inputs": inputs,
        "changedPropIds": [trigger],
        "state": [{"id": "_pages_location", "property": "search", "value": search}],
    }


@pytest.mark.parametrize(("trigger", "page"), [("registry-version.data", 2), ("area-filter.value", 1), ("title-search.value", 1)])
def test_a_new_version_keeps_the_overview_page_and_a_new_filter_starts_at_page_one(
    frozen_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    trigger: str,
    page: int,
) -> None:
    monkeypatch.setattr(overview, "PAGE_SIZE", 2)
    client = create_app(frozen_path, settle_seconds=0).server.test_client()
    answer = client.post("/_dash-update-component", json=_cards_request("?page=2&lang=ru", trigger)).get_json()
    text = json.dumps(answer, ensure_ascii=False)
    assert f"(страница {page} из" in text


@pytest.mark.parametrize(
    ("search", "page"), [("?page=3", 3), ("?page=3&page=1", 3), ("?page=x", 1), ("", 1), (None, 1), ("?page=9999999", 1)]
)
def test_the_page_of_a_query_is_read_as_the_layout_reads_it(search: str | None, page: int) -> None:
    assert callbacks.page_of(search) == page


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_png_messages_speak_the_page_language(syn_state: State, lang: str) -> None:
    from dashboard.i18n import use_language

    with use_language(lang):
        none = callbacks.png_view(syn_state, "nope", FakeExporter(b"png"))[1]
        done = callbacks.png_view(syn_state, "widgets", FakeExporter(b"\x89PNG" + b"\0" * 2048))[1]
    assert ("Экспортировать нечего" in none) == (lang == "ru") and ("Nothing to export" in none) == (lang == "en")
    assert done == ("widgets.png: 2 КБ" if lang == "ru" else "widgets.png: 2 KB")
