"""The page the browser opened comes in Dash's first layout (dashboard.web.first_page), exactly as the router would send it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import flask
import pytest

from benchmarks.wire import page_payload
from dashboard.web import first_page
from dashboard.web.app import create_app


@pytest.fixture(scope="module")
def client(frozen_path: Path):
    client = create_app(frozen_path).server.test_client()
    client.get("/")  # Dash registers its page router on the first request
    return client


def layout(client, path: str, search: str = "") -> dict:
    response = client.get(f"/_dash-layout?page_path={quote(path, safe='')}&page_search={quote(search, safe='')}")
    assert response.status_code == 200
    return response.get_json()


def component(tree: object, component_id: str) -> dict | None:
    if isinstance(tree, dict):
        if tree.get("props", {}).get("id") == component_id:
            return tree
        for value in (tree.get("props") or {}).values():
            found = component(value, component_id)
            if found is not None:
                return found
    elif isinstance(tree, list):
        for item in tree:
            found = component(item, component_id)
            if found is not None:
                return found
    return None


def without_random_ids(tree: object) -> str:
    """Dash gives some components random ids (dcc.Loading's, dcc.Clipboard's): the rest must match."""
    return re.sub(r'"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"', '"<uuid>"', json.dumps(tree, sort_keys=True))


@pytest.mark.parametrize(
    ("path", "search"),
    [
        ("/", ""),
        ("/", "?area=roads&q=death"),
        ("/claims", "?speech=speech-2025-03-05&verdict=holds"),
        ("/sources", "?lang=ru"),
        ("/indicator/road_deaths", ""),
        ("/indicator/road_deaths", "?target=strategy_2030&method=escap&lang=ru"),
        ("/indicator/no_such_thing", ""),
        ("/no/such/page", ""),
    ],
)
def test_the_layout_holds_the_page_the_router_would_send(client, path: str, search: str) -> None:
    tree = layout(client, path, search)
    location = component(tree, "_pages_location")
    # the page's own address: dcc.Location sets neither, so the router callback does not fire on load
    assert location["props"]["pathname"] == path and location["props"]["search"] == search
    routed = client.post("/_dash-update-component", json=page_payload(path, search)).get_json()["response"]
    assert without_random_ids(component(tree, "_pages_content")["props"]["children"]) == without_random_ids(
        routed["_pages_content"]["children"]
    )
    assert component(tree, "_pages_store")["props"]["data"] == routed["_pages_store"]["data"]


def test_the_navigation_speaks_the_language_the_page_names(client) -> None:
    assert "Обзор" in json.dumps(layout(client, "/", "?lang=ru"), ensure_ascii=False)
    assert "Обзор" not in json.dumps(layout(client, "/", ""), ensure_ascii=False)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "page_search=%3Flang%3Dru",
        "page_path=indicator/road_deaths",
        "page_path=javascript:alert(1)",
        "page_path=/_dash-layout",
        "page_path=/assets/app.css",
        "page_path=/x&page_search=lang=ru",
        "page_path=/" + "a" * 3000,
        "page_path=/&page_search=?" + "q" * 5000,
    ],
)
def test_a_layout_request_without_a_page_address_gets_dash_s_empty_container(client, query: str) -> None:
    tree = client.get("/_dash-layout?" + query).get_json()
    location = component(tree, "_pages_location")
    assert "pathname" not in location["props"] and component(tree, "_pages_content")["props"].get("children") is None


def test_the_page_s_own_language_stays_in_the_page(client) -> None:
    """`?lang=ru&lang=en`: the shell speaks the first (as for every layout request), and so does the page, whose
    layout sets its language while it is built; that must not leak into the shell's footer built after it."""
    mixed, russian = layout(client, "/indicator/road_deaths", "?lang=ru&lang=en"), layout(client, "/indicator/road_deaths", "?lang=ru")
    assert component(mixed, "footer-version")["props"]["children"] == component(russian, "footer-version")["props"]["children"]
    assert component(mixed, "indicator-title")["props"]["children"] == component(russian, "indicator-title")["props"]["children"]


def test_a_page_that_cannot_be_put_in_the_layout_is_left_to_dash_s_router(frozen_path: Path) -> None:
    """Behind a proxy that serves the app under /app/, an address outside it cannot be a page of the app (Dash raises):
    the layout still answers, with Dash's own container."""
    app = create_app(frozen_path, requests_pathname_prefix="/app/")
    prefixed = app.server.test_client()
    prefixed.get("/")
    outside = prefixed.get("/_dash-layout?page_path=/indicator/road_deaths&page_search=")
    assert outside.status_code == 200 and "pathname" not in component(outside.get_json(), "_pages_location")["props"]
    inside = prefixed.get("/_dash-layout?page_path=/app/indicator/road_deaths&page_search=").get_json()
    assert component(inside, "_pages_location")["props"]["pathname"] == "/app/indicator/road_deaths"
    assert component(inside, "tracking-graph") is not None


def test_the_page_script_answers_from_the_page_else_names_the_page_before_the_renderer(client) -> None:
    html = client.get("/indicator/road_deaths").get_data(as_text=True)
    script = html.index("page_path=")
    assert script < html.index("new DashRenderer") and "encodeURIComponent(window.location.pathname)" in html
    for element in (first_page.LAYOUT_ID, first_page.DEPENDENCIES_ID):
        assert html.index(f'"{element}"') < html.index(f'id="{element}"') < html.index("new DashRenderer")


def embedded(html: str, element_id: str) -> object | None:
    found = re.findall(rf'<script type="application/json" id="{re.escape(element_id)}">(.*?)</script>', html, re.S)
    assert len(found) <= 1
    return json.loads(found[0]) if found else None


@pytest.mark.parametrize(
    ("path", "search"),
    [
        ("/", ""),
        ("/", "?area=roads&q=death"),
        ("/claims", "?speech=speech-2025-03-05&verdict=holds"),
        ("/indicator/road_deaths", "?target=strategy_2030&method=escap&lang=ru"),
        ("/indicator/road_deaths", "?lang=ru&lang=en"),
        ("/indicator/no_such_thing", ""),
        ("/no/such/page", ""),
        ("/", "?q=" + quote("дорожно-транспортные " * 20)),  # too long for the layout request to name
    ],
)
def test_a_page_carries_the_layout_its_layout_request_would_get_and_the_callback_list(client, path: str, search: str) -> None:
    html = client.get(path + search).get_data(as_text=True)
    tree = embedded(html, first_page.LAYOUT_ID)
    assert without_random_ids(tree) == without_random_ids(layout(client, path, search))
    assert component(tree, "_pages_location")["props"]["pathname"] == path  # the page is in it: the router does not fire
    assert embedded(html, first_page.DEPENDENCIES_ID) == client.get("/_dash-dependencies").get_json()


@pytest.mark.parametrize(
    ("environ", "path", "search"),
    [
        ({"RAW_URI": "/indicator/road_deaths?lang=ru"}, "/indicator/road_deaths", "?lang=ru"),
        ({"RAW_URI": "/?q=%D0%B4%D0%B0"}, "/", "?q=%D0%B4%D0%B0"),  # as the browser sent it, encoded
        ({"RAW_URI": "/claims?"}, "/claims", ""),
        ({"REQUEST_URI": "/sources?type=x"}, "/sources", "?type=x"),
        ({"RAW_URI": "http://example.org/x"}, "/%D0%B4%D0%B0", "?a=1"),  # not a path: the request's own, quoted
        ({}, "/%D0%B4%D0%B0", "?a=1"),
    ],
)
def test_a_page_s_own_address_is_read_as_the_browser_writes_it(frozen_path: Path, environ: dict, path: str, search: str) -> None:
    app = create_app(frozen_path)
    with app.server.test_request_context("/да?a=1"):
        flask.request.environ.pop("RAW_URI", None)
        flask.request.environ.pop("REQUEST_URI", None)
        flask.request.environ.update(environ)
        assert first_page.own_address(flask.request) == (path, search)


def test_registry_markup_cannot_end_the_embedded_layout(client) -> None:
    html = client.get("/indicator/road_deaths").get_data(as_text=True)
    for element in (first_page.LAYOUT_ID, first_page.DEPENDENCIES_ID):
        body = re.search(rf'id="{element}">(.*?)</script>', html, re.S).group(1)
        assert not set("<>&") & set(body)


def test_a_layout_that_raises_leaves_the_page_to_its_layout_request(frozen_path: Path, monkeypatch, caplog) -> None:
    app = create_app(frozen_path)
    client = app.server.test_client()
    client.get("/")

    def broken() -> None:
        raise RuntimeError("a page's own error")

    monkeypatch.setattr(app, "serve_layout", broken)
    with caplog.at_level("WARNING", logger="dashboard.web.first_page"):
        html = client.get("/indicator/road_deaths").get_data(as_text=True)
    assert embedded(html, first_page.LAYOUT_ID) is None and embedded(html, first_page.DEPENDENCIES_ID)
    assert "new DashRenderer" in html and "Traceback" not in html
    assert [r.getMessage() for r in caplog.records] == [
        "the first layout of '/indicator/road_deaths' was not put in the page (RuntimeError: a page's own error)"
    ]
