"""The page the browser opened comes in Dash's first layout (dashboard.web.first_page), exactly as the router would send it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from benchmarks.wire import page_payload
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


def test_the_page_script_names_the_page_and_starts_plotly_before_the_renderer(client) -> None:
    html = client.get("/indicator/road_deaths").get_data(as_text=True)
    script = html.index("page_path=")
    assert script < html.index("new DashRenderer") and "encodeURIComponent(window.location.pathname)" in html
