"""Quotes in their original words with a marked translation: the model's rules, and what each reader is shown first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from dashboard.i18n import use_language
from dashboard.outputs.quotes import quote_of
from dashboard.registry import RegistryError, parse_registry
from dashboard.registry.models import Registry

RU = "Их совершено порядка 680 тыс."
EN = "About 680 thousand of them were committed."


def _registry(quote: str, translation: dict | None = None, found_in: str = "press_quote") -> Registry:
    claim = {"id": "c", "indicator": "n", "source": "press", "quote": quote, "kind": "direction", "found_in": found_in}
    claim.update({"from_year": 2022, "to_year": 2023, "direction": "up"})
    if translation is not None:
        claim["translation"] = translation
    return Registry.model_validate(
        {
            "schema_version": 1,
            "meta": {"title": "t", "as_of": dt.date(2026, 1, 1)},
            "sources": [
                {"id": "press", "title": "Report", "publisher": "RT", "url": "https://example.org/press"},
                {"id": "kremlin-en", "title": "Transcript", "publisher": "kremlin.ru", "url": "https://example.org/k"},
            ],
            "areas": [{"id": "x", "title": "x"}],
            "indicators": [
                {
                    "id": "n",
                    "title": "Crimes",
                    "area": "x",
                    "unit": "crimes",
                    "unit_short": "crimes",
                    "description": "d",
                    "direction": "lower_is_better",
                },
            ],
            "claims": [claim],
        }
    )


@pytest.mark.parametrize(
    ("quote", "translation", "found_in", "lang", "shown", "note"),
    [
        # a Russian original with our English: each reader's language first, ours never passed off as the speaker's
        (RU, {"text": EN, "by": "ours"}, "press_quote", "en", [("en", "Our English translation"), ("ru", "Original, in Russian")], ""),
        (RU, {"text": EN, "by": "ours"}, "press_quote", "ru", [("ru", "Оригинал, по-русски"), ("en", "Наш перевод на английский")], ""),
        # an English transcript alone: the English first for both, and the Russian original said to be missing
        (EN, None, "transcript", "en", [("en", "In English, as published by RT")], "The Russian original is not available here."),
        (EN, None, "transcript", "ru", [("en", "По-английски, как опубликовано: RT")], "Русский оригинал здесь недоступен."),
        # a paraphrase is a report's words, never "the original"
        (RU, None, "paraphrase", "en", [("ru", "In Russian, as reported by RT")], ""),
        # an official translation names its publisher
        (
            EN,
            {"text": RU, "by": "official", "source": "kremlin-en"},
            "transcript",
            "ru",
            [("ru", "Официальный перевод на русский: kremlin.ru"), ("en", "По-английски")],
            "Русский оригинал здесь недоступен.",
        ),
    ],
)
def test_each_reader_is_shown_their_language_first_and_told_what_each_version_is(
    quote: str, translation: dict | None, found_in: str, lang: str, shown: list[tuple[str, str]], note: str
) -> None:
    registry = _registry(quote, translation, found_in)
    with use_language(lang):
        got = quote_of(registry, registry.claims[0], lang, found_in=found_in)
    assert got is not None
    assert [(v.lang, v.label[: len(label)]) for v, (_lang, label) in zip(got.versions, shown)] == shown
    assert len(got.versions) == len(shown) and got.note == note


@pytest.mark.parametrize(
    ("quote", "translation", "message"),
    [
        (RU, {"text": EN, "by": "official"}, "needs the `source`"),
        (RU, {"text": EN, "by": "ours", "source": "press"}, "has no `source`"),
        (RU, {"text": RU, "by": "ours"}, "in the quote's own language"),
        (EN, {"text": "Another English text", "by": "ours"}, "in the quote's own language"),
        (RU, {"text": EN, "by": "machine"}, "official"),
        (RU, {"text": "", "by": "ours"}, "at least 1 character"),
    ],
)
def test_a_bad_translation_is_refused(quote: str, translation: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _registry(quote, translation)


def test_an_official_translation_from_an_unknown_source_is_refused_at_its_line(frozen_path: Path) -> None:
    data = yaml.safe_load(frozen_path.read_text(encoding="utf-8"))
    claim = next(c for c in data["claims"] if c.get("translation"))
    claim["translation"] = {"text": claim["translation"]["text"], "by": "official", "source": "no-such-source"}
    with pytest.raises(RegistryError) as caught:
        parse_registry(yaml.safe_dump(data, allow_unicode=True).encode(), base=frozen_path.parent)
    problems = [str(p) for p in caught.value.problems]
    assert any("translation.source" in p and "no-such-source" in p for p in problems), problems


def test_every_russian_quote_of_the_frozen_registry_has_its_translation(frozen_registry: Registry) -> None:
    """The English page never shows a Russian quote alone (issue 23): each carries our translation, marked as ours."""
    items = list(frozen_registry.claims) + [t for i in frozen_registry.indicators for t in i.targets]
    russian = [x for x in items if _ru(x)]
    assert russian
    assert all(x.translation is not None and x.translation.by == "ours" for x in russian)


def _ru(item: object) -> bool:
    quote = getattr(item, "quote", None)
    return bool(quote) and any("\u0400" <= ch <= "\u04ff" for ch in quote)
