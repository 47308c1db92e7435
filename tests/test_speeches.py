"""The speeches' pages (`/speeches`, `/speech/<date>`), the Claims page's topic filter and what a claim card says about
how its quote was found, against the frozen registry (two speeches) and a copy of it given topics and `found_in`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.web import callbacks
from dashboard.web.app import create_app
from dashboard.web.pages import claims, speeches
from dashboard.web.store import RegistryStore

from .test_app_callbacks import route, strings, walk

DAYS = ["2025-03-05", "2026-03-04"]  # the frozen registry's speeches


def shown(tree: object) -> list[str]:
    """The ids of the speech groups and claim cards in a layout, in order."""
    return [c.id for c in walk(tree) if any(k in str(getattr(c, "className", "")).split() for k in ("claim-card", "speech-group"))]


@pytest.fixture
def tagged(registry_copy: Path) -> Path:
    """The frozen registry with topics and `found_in` on three claims, one of them quoted again by another source."""
    text = registry_copy.read_text(encoding="utf-8")
    for cid, found_in, topic in (
        ("cybercrimes_up", "transcript", "cybercrime"),
        ("cybercrimes_fell_2025", "press_quote", "cybercrime"),
        ("repeat_crimes_fell_2025", "paraphrase", "crime_overall"),
    ):
        head = f"  - id: {cid}\n"
        assert text.count(head) == 1
        text = text.replace(head, f"{head}    found_in: {found_in}\n    topic: {topic}\n")
    head = "  - id: cybercrimes_fell_2025\n"
    text = text.replace(head, f'{head}    also_quoted:\n      - source: rt-1602839\n        quote: "the same words"\n')
    registry_copy.write_text(text, encoding="utf-8")
    return registry_copy


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/speeches", 200),
        ("/speech/2025-03-05", 200),
        ("/speech/2026-03-04?lang=ru", 200),
        ("/speech/2022-02-17", 404),  # not a speech of the frozen registry
        ("/speech/2025-3-5", 404),
        ("/speech/", 404),
        ("/speech/2025-03-05/x", 404),
        ("/speeches/x", 404),
    ],
)
def test_each_speech_has_a_page_and_another_date_is_not_found(frozen_path: Path, path: str, status: int) -> None:
    assert create_app(frozen_path).server.test_client().get(path).status_code == status


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_index_has_one_row_a_speech_oldest_first_with_its_scorecard(frozen_path: Path, lang: str) -> None:
    app = create_app(frozen_path)
    with app.server.test_request_context("/speeches"):
        tree = speeches.index_layout(lang=lang)
    rows = [c.id for c in walk(tree) if str(getattr(c, "id", "")).startswith("speech-row-")]
    assert rows == [f"speech-row-{d}" for d in DAYS]
    links = [c.href for c in walk(tree) if getattr(c, "href", "").startswith("/speech/")]
    assert links == [f"/speech/{d}" + ("?lang=ru" if lang == "ru" else "") for d in DAYS]
    text = " ".join(strings(tree))
    assert ("Words read from: transcript" if lang == "en" else "Источник слов: стенограмма") in text


def test_a_speech_page_has_its_date_sources_scorecard_and_claims(frozen_path: Path) -> None:
    state = RegistryStore(frozen_path).state()
    card = speeches.find(state.snapshot, "2026-03-04")
    assert card is not None and card.total == 9
    app = create_app(frozen_path)
    with app.server.test_request_context("/speech/2026-03-04"):
        tree = speeches.speech_layout(day="2026-03-04")
    text = " ".join(strings(tree))
    assert "Speech of 4 March 2026" in text and "Press reports: " in text and "Transcript: " not in text
    assert shown(tree) == [f"claim-{cid}" for cid in card.claims]
    # the frozen registry says no found_in: a source with a stored text of the speech is its transcript
    transcripts, press = speeches.where_read(state.snapshot, speeches.find(state.snapshot, "2025-03-05"))
    assert (transcripts, press) == (["kremlin-2025-03-05"], [])


@pytest.mark.parametrize("day", ["2022-02-17", "", None, ["2025-03-05"], "2025-03-05' or 1=1"])
def test_an_unknown_speech_is_the_not_found_page(frozen_path: Path, day: object) -> None:
    app = create_app(frozen_path)
    with app.server.test_request_context("/speech/x"):
        tree = speeches.speech_layout(day=day)
    assert tree.id == "not-found"


def test_the_router_serves_the_speech_pages(frozen_path: Path) -> None:
    app = create_app(frozen_path)
    assert '"speeches-page"' in json.dumps(route(app, "/speeches"))
    assert '"speech-page"' in json.dumps(route(app, "/speech/2025-03-05"))
    assert '"not-found"' in json.dumps(route(app, "/speech/1999-01-01"))


def test_a_topic_lists_its_claims_from_every_speech_oldest_first(tagged: Path) -> None:
    state = RegistryStore(tagged).state()
    app = create_app(tagged)
    with app.server.test_request_context("/claims?topic=cybercrime"):
        tree = claims.layout(topic="cybercrime")
        everything = claims.layout()
        unknown = claims.layout(topic="weather")
    assert shown(tree) == ["speech-2025-03-05", "claim-cybercrimes_up", "speech-2026-03-04", "claim-cybercrimes_fell_2025"]
    current = [c for c in walk(tree) if getattr(c, "aria-current", None) == "page"]
    assert [c.children for c in current] == ["Cybercrime"]
    assert len([i for i in shown(everything) if i.startswith("claim-")]) == len(state.snapshot.registry.claims)
    assert strings(unknown) == strings(everything)  # an unknown topic is every claim
    # the callback keeps the topic from the page's address when the verdict or speech filter changes
    body, _verdicts, _speeches = callbacks.claims_view(state, "all", "2026-03-04", claims.topic_of("?topic=cybercrime&lang=en"))
    assert shown(body) == ["speech-2026-03-04", "claim-cybercrimes_fell_2025"]


@pytest.mark.parametrize(
    ("search", "topic"),
    [
        ("?topic=drugs", "drugs"),
        ("topic=drugs&topic=extremism", "drugs"),
        ("?topic=weather", "all"),
        ("?topic=", "all"),
        ("", "all"),
        (None, "all"),
        ("?topic=drugs" + "&x=1" * 1000, "all"),  # an overlong query is not parsed
    ],
)
def test_the_topic_of_a_query(search: object, topic: str) -> None:
    assert claims.topic_of(search) == topic


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_claim_card_says_how_its_quote_was_found(tagged: Path, lang: str) -> None:
    app = create_app(tagged)
    with app.server.test_request_context("/claims"):
        tree = claims.layout(lang=lang)
    cards = {c.id: " ".join(strings(c)) for c in walk(tree) if "claim-card" in str(getattr(c, "className", ""))}
    words = {
        "en": ("quoted from the transcript", "a direct quote in a press report", "weaker evidence of the wording", "Also quoted: "),
        "ru": ("цитата по стенограмме", "прямая цитата в сообщении СМИ", "менее надёжное свидетельство", "Также цитируется: "),
    }[lang]
    assert words[0] in cards["claim-cybercrimes_up"]
    assert words[1] in cards["claim-cybercrimes_fell_2025"] and words[3] in cards["claim-cybercrimes_fell_2025"]
    assert words[2] in cards["claim-repeat_crimes_fell_2025"]
    assert not any(w in cards["claim-road_deaths_halved_20y"] for w in words)  # no found_in: nothing said


@pytest.mark.parametrize(
    ("lang", "works", "consistent", "stand_in"),
    [
        ("en", "1 in the works: 1 off course", "5 consistent", "(1 by a stand-in)"),
        ("ru", "в работе — 1: отстаёт от графика — 1", "подтверждается — 5", "(по замещающему показателю: 1)"),
    ],
)
def test_a_scorecard_s_counts_read_in_the_reader_s_word_order(lang: str, works: str, consistent: str, stand_in: str) -> None:
    from dashboard.engine.evidence import Scorecard
    from dashboard.i18n import use_language
    from dashboard.web.scorecard import scorecard

    card = Scorecard(
        said_on="2025-03-05",
        counts={"consistent": 5, "inconsistent": 0, "in_works": 1, "unverifiable": 3},
        by_stand_in={"consistent": 1, "inconsistent": 0, "in_works": 0, "unverifiable": 0},
        courses={"on_course": 0, "off_course": 1, "too_early": 0},
        claims=tuple(f"c{n}" for n in range(9)),
    )
    with use_language(lang):
        texts = " ".join(strings(scorecard(card)))
    assert works in texts and consistent in texts and stand_in in texts
