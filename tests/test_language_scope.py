"""Each request decides its language once and keeps it to itself: one thread serving Russian pages and then
requests that name no language (gunicorn's gthread worker reuses its threads) answers those in English."""

from __future__ import annotations

import json
import re

import pytest

from dashboard import i18n
from dashboard.web.app import create_app

# Requests that speak Russian: a page, its layout (the language comes from the asking page), its embed, a callback.
RUSSIAN = [
    ("get", "/?lang=ru", {}),
    ("get", "/_dash-layout", {"headers": {"Referer": "http://host/claims?lang=ru"}}),
    ("get", "/embed/road_deaths?lang=ru", {}),
    ("get", "/indicator/road_deaths?lang=ru", {}),
]


@pytest.fixture
def client(frozen_path):
    return create_app(frozen_path, settle_seconds=0).server.test_client()


def _stable(page: bytes) -> bytes:
    return re.sub(rb'"end_id":"[^"]*"', b"", page)  # Dash's index carries an id made afresh for each request


def _callback(client, search: str) -> dict:
    """The sources page's callback, as the browser posts it, with the page's query string."""
    body = {
        "output": "sources-body.children",
        "outputs": {"id": "sources-body", "property": "children"},
        "inputs": [{"id": "registry-version", "property": "data", "value": "x"}],
        "changedPropIds": ["registry-version.data"],
        "state": [{"id": "_pages_location", "property": "search", "value": search}],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()


def _russian_visit(client) -> None:
    for method, url, kwargs in RUSSIAN:
        assert getattr(client, method)(url, **kwargs).status_code == 200, url
    assert "Издатель" in json.dumps(_callback(client, "?lang=ru"), ensure_ascii=False)


@pytest.mark.parametrize("url", ["/embed/road_deaths", "/download/claims.csv", "/api/registry", "/indicator/road_deaths", "/sources"])
def test_a_request_without_lang_after_russian_ones_on_the_same_thread_answers_in_english(client, url: str) -> None:
    before = client.get(url)  # on a thread that has served nothing in Russian yet
    assert before.status_code == 200
    _russian_visit(client)
    assert i18n.current() == i18n.DEFAULT  # nothing the requests set outlives them
    after = client.get(url)
    assert after.status_code == 200 and _stable(after.get_data()) == _stable(before.get_data())
    assert b'lang="ru"' not in after.get_data() and "не подтверждается" not in after.get_data(as_text=True)


def test_a_callback_answers_in_its_page_language_and_leaves_none_behind(client) -> None:
    russian = json.dumps(_callback(client, "?lang=ru"), ensure_ascii=False)
    assert i18n.current() == i18n.DEFAULT
    english = json.dumps(_callback(client, ""), ensure_ascii=False)
    assert "Издатель" in russian and "Издатель" not in english and "Publisher" in english


def test_a_data_file_and_its_etag_do_not_depend_on_who_asked_first(frozen_path) -> None:
    """The cache of a data file is keyed without the language, so its bytes must not depend on one."""
    first_russian = create_app(frozen_path, settle_seconds=0).server.test_client()
    _russian_visit(first_russian)
    with i18n.use_language("ru"):  # even a caller's own scope does not reach the file: data files are in English
        ru_first = first_russian.get("/download/claims.csv")
    en_first = create_app(frozen_path, settle_seconds=0).server.test_client().get("/download/claims.csv")
    assert ru_first.get_data() == en_first.get_data() and ru_first.headers["ETag"] == en_first.headers["ETag"]
    assert "не подтверждается" not in ru_first.get_data(as_text=True)


@pytest.mark.parametrize(
    ("method", "body", "content_type", "status"),
    [
        ("put", '{"state": 7}', "application/json", 405),
        ("post", '{"inputs": 5, "output": "x", "outputs": {}}', "application/json", 400),
        ("post", "[" * 100_000, "application/json", 400),  # nested past the parser's stack
        (
            "post",
            '{"output": "nope.children", "outputs": {"id": "nope", "property": "children"}, "inputs": [], "state": []}',
            "application/json",
            400,
        ),
        ("post", "x" * (2 << 20), "application/json", 413),  # over MAX_CONTENT_LENGTH
    ],
    ids=["put", "inputs-not-a-list", "deep", "unknown-output", "huge"],
)
def test_a_hostile_callback_body_gets_a_4xx_never_a_500(client, method: str, body: str, content_type: str, status: int) -> None:
    response = getattr(client, method)("/_dash-update-component", data=body, content_type=content_type)
    assert response.status_code == status and "Traceback" not in response.get_data(as_text=True)


def test_a_repeated_query_key_reads_as_its_first_value_on_the_indicator_page(client) -> None:
    query = {"page_path": "/indicator/road_deaths", "page_search": "?method=escap&method=unsd&target=a&target=b"}
    tree = json.dumps(client.get("/_dash-layout", query_string=query).get_json())
    assert '"_pages_content"' in tree and "Status (ESCAP)" in tree


def test_a_redirect_by_accept_language_says_it_varies_by_it(client) -> None:
    response = client.get("/claims", headers={"Accept-Language": "ru"})
    assert response.status_code == 302 and "Accept-Language" in response.headers["Vary"]
    assert client.head("/no/such/page").status_code == client.get("/no/such/page").status_code == 404
