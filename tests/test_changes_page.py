"""`/changes` and a claim's history: the versions an app kept, newest first, each with its diff, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.web.app import create_app


def route(app, path: str, search: str = "") -> dict:
    """What the pages router sends for `path` and its query, through the real HTTP endpoint."""
    client = app.server.test_client()
    client.get("/")
    body = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname"],
        "state": [],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:500]
    return response.get_json()["response"]


FLIP = ["cybercrime_damage", "2024", "195", "--source", "kommersant", "--quote", "x", "--replace"]


@pytest.fixture
def edited_app(registry_copy: Path, tmp_path: Path):
    """An app keeping its history in a temporary folder, after one version and one edit."""
    app = create_app(registry_copy, settle_seconds=0, history=tmp_path / "history")
    client = app.server.test_client()
    first = client.get("/api/registry").get_json()["version"]
    assert cli.main(["set", *FLIP, "--registry", str(registry_copy)]) == 0
    second = client.get("/api/registry").get_json()["version"]
    assert first != second
    return app, first, second


def test_changes_lists_both_versions_newest_first_with_the_diff(edited_app) -> None:
    app, first, second = edited_app
    page = json.dumps(route(app, "/changes"), ensure_ascii=False)
    assert page.index(f"Version {second}") < page.index(f"Version {first}")
    # named as a reader knows them: the indicator's title, the publisher, the claim in plain words (no internal id)
    assert "Damage from cybercrime 2024, kommersant.ru: 205 → 195" in page
    assert "Damage from cybercrime was more than 200 bn RUB in 2024: consistent → " in page
    assert "cybercrime_damage" not in page
    assert "The first version kept" in page


def test_changes_in_russian(edited_app) -> None:
    app, first, second = edited_app
    page = json.dumps(route(app, "/changes", "?lang=ru"), ensure_ascii=False)
    assert f"Версия {second}" in page and f"Версия {first}" in page
    assert "Что изменилось" in page and "подтверждается → " in page


def test_the_api_and_the_page_address_answer(edited_app) -> None:
    app, first, second = edited_app
    client = app.server.test_client()
    assert client.get("/changes").status_code == 200
    versions = client.get("/api/changes").get_json()["versions"]
    assert [v["version"] for v in versions] == [second, first]
    assert versions[1]["changes"] is None and versions[0]["changes"]["values"][0]["new"] == "195"


def test_a_flipped_claim_shows_both_verdicts_with_their_versions(edited_app) -> None:
    app, first, second = edited_app
    page = json.dumps(route(app, "/indicator/cybercrime_damage"), ensure_ascii=False)
    page += json.dumps(route(app, "/claims"), ensure_ascii=False)
    # each verdict with its own versions: the first from the version that reached it until the one that changed it
    assert f"Consistent from version {first} until version {second}, inconsistent since version {second}" in page


def test_without_a_history_folder_the_page_says_so(frozen_path: Path) -> None:
    app = create_app(frozen_path, settle_seconds=0)
    page = json.dumps(route(app, "/changes"), ensure_ascii=False)
    assert "keeps no history" in page
    assert app.server.test_client().get("/api/changes").get_json() == {"kept": False, "versions": [], "problems": []}


def test_the_footer_links_to_the_changes(frozen_path: Path) -> None:
    app = create_app(frozen_path, settle_seconds=0)
    with app.server.test_request_context("/"):
        shell = json.dumps(app.layout(), default=lambda o: o.to_plotly_json(), ensure_ascii=False)
    assert '"href": "/changes"' in shell and "What changed" in shell
