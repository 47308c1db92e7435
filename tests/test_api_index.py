"""`/api/` and `/api/index.json`: every data address, one sentence each, in both languages; none forgotten."""

from __future__ import annotations

import html
import re

import pytest

from dashboard.i18n import _, use_language
from dashboard.web import api_index
from dashboard.web.app import create_app
from dashboard.web.downloads import DOWNLOADS
from dashboard.web.routes import ROUTES

REQUIRED = [
    "/api/registry",
    "/api/changes",
    "/download/datapackage.json",
    "/download/datapackage.zip",
    "/download/observations.csv",
    "/download/claims.csv",
    "/download/indicators.csv",
    "/download/targets.csv",
    "/download/statuses.csv",
    "/download/sources.csv",
]


@pytest.fixture(scope="module")
def client(frozen_path):
    return create_app(frozen_path, settle_seconds=0).server.test_client()


def test_every_route_is_listed_or_excluded_by_name() -> None:
    listed = {a.endpoint for a in api_index.ADDRESSES} | {api_index.DOWNLOAD_ENDPOINT}
    endpoints = {endpoint for _rule, endpoint, _handler in ROUTES}
    assert endpoints - listed - set(api_index.NOT_DATA) == set()  # a new route is listed, or said to hold no data
    assert (listed | set(api_index.NOT_DATA)) - endpoints == set()  # and nothing is listed that is not served
    assert listed.isdisjoint(api_index.NOT_DATA)


def test_every_download_and_the_required_addresses_are_listed(client) -> None:
    paths = [a["path"] for a in client.get("/api/index.json").get_json()["addresses"]]
    assert {f"/download/{name}" for name in DOWNLOADS} <= set(paths)
    assert set(REQUIRED) <= set(paths) and len(paths) == len(set(paths))


def test_every_listed_address_answers(client) -> None:
    for address in client.get("/api/index.json").get_json()["addresses"]:
        response = client.get(address["example"])
        assert response.status_code == 200, address
        assert address["about"].endswith(".")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_page_lists_every_address_in_the_reader_s_language(client, lang: str) -> None:
    response = client.get(f"/api/?lang={lang}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    listed = client.get(f"/api/index.json?lang={lang}").get_json()
    assert listed["lang"] == lang
    hrefs = set(re.findall(r'<a href="([^"]+)"><code>', page))
    assert hrefs == {html.escape(a["example"]) for a in listed["addresses"]}
    with use_language(lang):
        for address in api_index.ADDRESSES:
            assert html.escape(_(address.about)) in page
        for download in DOWNLOADS.values():
            assert html.escape(_(download.about)) in page
    if lang == "ru":  # every sentence is translated: none is left in English
        with use_language("en"):
            english = [_(a.about) for a in api_index.ADDRESSES] + [_(d.about) for d in DOWNLOADS.values()]
        assert not any(html.escape(text) in page for text in english)
        assert "Адреса данных" in page


def test_the_api_index_is_no_page_of_the_app(client) -> None:
    response = client.get("/api/")
    assert "_dash-" not in response.get_data(as_text=True)
    assert client.get("/api/nope").status_code == 404
