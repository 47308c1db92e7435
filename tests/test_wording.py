"""The engine speaks in codes; the wording module has the one template of each, in both languages."""

from __future__ import annotations

import re

import pytest

from dashboard.engine.phrases import NOTHING, Num, Phrase
from dashboard.i18n import use_language
from dashboard.outputs.wording import SPECIAL, TEMPLATES, say

from .conftest import ROOT

CODES = sorted(
    {m for p in (ROOT / "dashboard" / "engine").rglob("*.py") for m in re.findall(r'Phrase\.of\(\s*"(\w+)"', p.read_text(encoding="utf-8"))}
)


def test_every_code_the_engine_says_has_a_template_and_no_template_is_left_over() -> None:
    said = set(TEMPLATES) | SPECIAL
    assert CODES and set(CODES) <= said
    assert said - set(CODES) == {"none", "derived_point"}  # said within the point rule


@pytest.mark.parametrize(
    ("phrase", "en", "ru"),
    [
        (
            Phrase.of("due_missed", year=2024, value=Num(9.86), target=Num(4), gap=Num(5.86)),
            "due 2024: the 2024 value 9.86 misses the target 4 by 5.86",
            "срок — 2024 год: значение за 2024 год (9,86) не достигает цели 4, разница 5,86",
        ),
        (Phrase.of("due_met", year=2030, value=Num(9700)), "due 2030: the 2030 value 9,700 meets the target", None),
        (Phrase.of("no_baseline_year"), "no baseline year", None),
        (NOTHING, "", ""),
    ],
)
def test_a_phrase_is_said_in_the_scope_language(phrase: Phrase, en: str, ru: str | None) -> None:
    with use_language("en"):
        assert say(phrase) == en
    with use_language("ru"):
        said = say(phrase)
    assert said == ru if ru is not None else (said and said != en)


def test_one_result_serves_both_languages(frozen_assessment) -> None:
    """The reason is computed once, as a code; only its rendering differs by language."""
    result = frozen_assessment.views["road_death_rate"].target("strategy_2024").result
    with use_language("en"):
        en = say(result.reason)
    with use_language("ru"):
        ru = say(result.reason)
    assert result.reason.code == "due_missed" and en.startswith("due 2024") and ru.startswith("срок — 2024")


def test_one_assessment_serves_every_language(frozen_registry) -> None:
    """Russian is the English assessment's own results with Russian texts: nothing is computed twice."""
    from dashboard.engine.assessment import build, localize
    from dashboard.outputs.wording import check_words, status_line

    en = build(frozen_registry, "en")
    ru = localize(en, "ru")
    for ind_id, view in en.views.items():
        other = ru.views[ind_id]
        assert other.points is view.points and other.yearly is view.yearly
        assert [t.result for t in other.targets] == [t.result for t in view.targets]
        assert all(a.result is b.result for a, b in zip(other.targets, view.targets))
    assert all(ru.checks[c].figure is en.checks[c].figure for c in en.checks)
    built = build(frozen_registry, "ru")  # what a Russian build from scratch says
    with use_language("ru"):
        for ind_id in en.views:
            assert status_line(ru.views[ind_id]) == status_line(built.views[ind_id])
            assert ru.views[ind_id].indicator.title == built.views[ind_id].indicator.title
        assert {c: check_words(k) | {"text": k.text} for c, k in ru.checks.items()} == {
            c: check_words(k) | {"text": k.text} for c, k in built.checks.items()
        }
    assert ru.views["road_deaths"].indicator.title != en.views["road_deaths"].indicator.title
