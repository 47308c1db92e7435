"""A claim's own page, `/claim/<claim_id>`, and the link to it from every claim card (the Claims page, the speeches' pages),
against the frozen registry, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dash import dcc

from dashboard.i18n import use_language
from dashboard.web.app import create_app
from dashboard.web.pages import claim, claims, speeches

from .test_app_callbacks import route, strings, walk

DAYS = ["2025-03-05", "2026-03-04"]


@pytest.fixture(scope="module")
def app(frozen_path: Path):
    return create_app(frozen_path, settle_seconds=0)


def links(tree: object) -> list[str]:
    return [c.href for c in walk(tree) if isinstance(c, dcc.Link)]


def permalinks(tree: object) -> list[dcc.Link]:
    return [c for c in walk(tree) if isinstance(c, dcc.Link) and "claim-permalink" in str(getattr(c, "className", ""))]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/claim/street_crime_down", 200),
        ("/claim/street_crime_down?lang=ru", 200),
        ("/claim/road_safety_improved_2025", 200),
        ("/claim/no_such_claim", 404),
        ("/claim/Street_Crime_Down", 404),
        ("/claim/", 404),
        ("/claim", 404),
        ("/claim/street_crime_down/x", 404),
    ],
)
def test_each_claim_has_a_page_and_another_id_is_not_found(app, path: str, status: int) -> None:
    assert app.server.test_client().get(path).status_code == status


def test_every_claim_of_the_registry_has_its_page(app, frozen_assessment) -> None:
    client = app.server.test_client()
    for claim_id in frozen_assessment.checks:
        assert client.get(f"/claim/{claim_id}").status_code == 200, claim_id


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_page_has_the_full_card_its_speech_and_its_indicator(app, frozen_assessment, lang: str) -> None:
    with app.server.test_request_context(f"/claim/repeat_crimes_down?lang={lang}"):
        tree = claim.layout(claim_id="repeat_crimes_down", lang=lang)
        with use_language(lang):  # a title is made in the request's language (the router's callback has it)
            title = claim.title(claim_id="repeat_crimes_down")
    assert tree.id == "claim-page"
    query = "?lang=ru" if lang == "ru" else ""
    found = links(tree)
    check = frozen_assessment.checks["repeat_crimes_down"]
    assert f"/speech/{check.said_on}{query}" in found
    assert f"/indicator/repeat_crimes{query}" in found and f"/indicator/{check.stand_in}{query}" in found  # and its stand-in
    assert f"/claims{query}" in found
    cards = [c for c in walk(tree) if "claim-card" in str(getattr(c, "className", "")).split()]
    assert [c.id for c in cards] == ["claim-repeat_crimes_down"]
    assert not permalinks(tree)  # the card on its own page links nowhere else
    text = " ".join(strings(tree))
    words = {
        "en": ("Ruling: ", "Sources of the evidence", "Said at: ", "Speech of 5 March 2025", "· Claims"),
        "ru": ("Вывод: ", "Источники данных для проверки", "Где сказано: ", "Выступление 5 марта 2025\u202fг.", "· Заявления"),
    }[lang]
    assert all(w in text + title for w in words), [w for w in words if w not in text + title]
    assert "the number of repeat crimes" in text  # the quote as said


def test_a_quote_with_a_translation_shows_both(app) -> None:
    with app.server.test_request_context("/claim/road_safety_improved_2025"):
        tree = claim.layout(claim_id="road_safety_improved_2025", lang="en")
    labels = [s for s in strings(tree) if s.startswith(("Original", "Our English"))]
    assert len(labels) == 2, labels


@pytest.mark.parametrize("claim_id", ["no_such_claim", "", None, ["street_crime_down"], "street_crime_down' or 1=1"])
def test_an_unknown_claim_is_the_not_found_page(app, claim_id: object) -> None:
    with app.server.test_request_context("/claim/x"):
        tree = claim.layout(claim_id=claim_id)
        title = claim.title(claim_id=claim_id if isinstance(claim_id, str) else "")
    assert tree.id == "not-found" and title == "Claim not found"


def test_the_router_serves_the_claim_page(app) -> None:
    assert '"claim-page"' in json.dumps(route(app, "/claim/street_crime_down"))
    assert '"not-found"' in json.dumps(route(app, "/claim/no_such_claim"))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_card_on_the_claims_and_speech_pages_links_to_its_claims_page(app, frozen_assessment, lang: str) -> None:
    from dashboard.engine.assessment import localize

    localized = localize(frozen_assessment, lang)
    query = "?lang=ru" if lang == "ru" else ""
    with app.server.test_request_context(f"/claims{query}"):
        pages = {"/claims": claims.layout(lang=lang), **{d: speeches.speech_layout(day=d, lang=lang) for d in DAYS}}
    for where, tree in pages.items():
        cards = [c.id.removeprefix("claim-") for c in walk(tree) if "claim-card" in str(getattr(c, "className", "")).split()]
        found = permalinks(tree)
        assert cards and [p.href for p in found] == [f"/claim/{cid}{query}" for cid in cards], where
        for link, cid in zip(found, cards, strict=True):
            said = "".join(strings(link))  # the accessible name: the visible words, then which claim
            label = "Page of this claim" if lang == "en" else "Страница заявления"
            assert said == f"{label}: {localized.checks[cid].text}"
    assert sum(len(permalinks(t)) for d, t in pages.items() if d != "/claims") == len(frozen_assessment.checks)
