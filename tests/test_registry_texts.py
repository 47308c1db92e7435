"""Display texts in English and Russian: the two written forms, `in_language`, `--require-lang`."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.engine.assessment import build
from dashboard.registry import Registry, RegistryError, json_schema, load_registry
from dashboard.registry.texts import Local, local_fields

VALID = Path(__file__).resolve().parent / "fixtures" / "valid"
MINIMAL = (VALID / "minimal.yaml").read_text(encoding="utf-8")
BILINGUAL = (
    MINIMAL.replace("    title: Road deaths\n", "    title: {en: Road deaths, ru: Погибшие в ДТП}\n")
    .replace("    unit_short: deaths\n", "    unit_short: {ru: погибших}\n")
    .replace("  title: Minimal registry (synthetic test data)\n", "  title:\n    en: Minimal registry\n    ru: Минимальный реестр\n")
    .replace(
        "      - {year: 2021, value: 90, source: stats}\n",
        "      - {year: 2021, value: 90, source: stats, quote: about ninety, note: {en: revised}}\n",
    )
)


def _load(tmp_path: Path, text: str, require: tuple[str, ...] = ()) -> Registry:
    path = tmp_path / "indicators.yaml"
    path.write_text(text, encoding="utf-8")
    return load_registry(path, require)


def test_a_mapping_loads_as_a_str_holding_the_english_text(tmp_path: Path) -> None:
    registry = _load(tmp_path, BILINGUAL)
    title = registry.indicators[0].title
    assert isinstance(title, Local) and title == "Road deaths" and title.texts == {"en": "Road deaths", "ru": "Погибшие в ДТП"}
    assert registry.indicators[0].unit_short == "погибших [ru]"  # no English: the Russian, marked
    assert registry.indicators[0].area == "road_safety" and registry.meta.title == "Minimal registry"
    assert pickle.loads(pickle.dumps(registry.indicators[0])).title.texts == title.texts
    assert registry.model_dump()["indicators"][0]["title"] == {"en": "Road deaths", "ru": "Погибшие в ДТП"}


def test_in_language_gives_plain_texts_with_a_marked_fallback(tmp_path: Path) -> None:
    registry = _load(tmp_path, BILINGUAL)
    ru, en = registry.in_language("ru"), registry.in_language("en")
    road = ru.indicator("road_deaths")
    assert road is ru.indicators[0] and ru.source("stats") is ru.sources[0]
    assert (road.title, road.unit_short, road.unit) == ("Погибшие в ДТП", "погибших", "persons killed in road traffic accidents [en]")
    assert ru.meta.title == "Минимальный реестр" and ru.areas[0].title == "Road safety [en]"
    assert road.observations[1].note == "revised [en]" and road.observations[1].quote == "about ninety"  # quotes stay as written
    assert (en.indicators[0].title, en.indicators[0].unit_short) == ("Road deaths", "погибших [ru]")
    for resolved in (ru, en):
        assert all(type(text) is str for _, text in local_fields(resolved))
        assert (resolved.path, resolved.sha256, resolved.warnings, resolved.series) == (
            registry.path,
            registry.sha256,
            registry.warnings,
            registry.series,
        )
    assert registry.in_language("ru") is ru and ru.in_language("ru") is ru and ru.in_language("en") is en  # made once, from the original
    assert registry.indicators[0].title.texts["ru"] == "Погибшие в ДТП"  # the original is untouched
    with pytest.raises(ValueError, match="unknown language 'de'"):
        registry.in_language("de")


def test_a_registry_of_plain_texts_is_its_own_english_version(tmp_path: Path) -> None:
    registry = _load(tmp_path, MINIMAL)
    assert registry.in_language("en") is registry
    assert build(registry).registry is registry and build(registry).lang == "en"
    assert registry.in_language("ru").indicators[0].title == "Road deaths [en]"


@pytest.mark.parametrize(
    ("written", "ru_text", "warned"),
    [
        ("publisher: Test fixtures", "Test fixtures", False),  # a name or a domain: the same in every language, no [en]
        ("publisher: {en: Test fixtures, ru: Тестовые данные}", "Тестовые данные", False),
        ("publisher: {en: Test fixtures}", "Test fixtures [en]", True),  # given by language, and Russian missing
    ],
)
def test_a_publisher_is_a_name_the_same_in_every_language_unless_given_by_language(
    tmp_path: Path, written: str, ru_text: str, warned: bool
) -> None:
    registry = _load(tmp_path, BILINGUAL.replace("publisher: Test fixtures", written))
    assert registry.in_language("ru").sources[0].publisher == ru_text
    assert registry.in_language("en").sources[0].publisher == "Test fixtures"
    assert any("publisher" in str(w) for w in registry.warnings) is warned
    assert any("areas[road_safety].title" in str(w) for w in registry.warnings)  # a plain title is English, and said so


def test_the_assessment_is_built_in_one_language(tmp_path: Path) -> None:
    registry = _load(tmp_path, BILINGUAL)
    assessment = build(registry, lang="ru")
    assert assessment.lang == "ru" and assessment.registry is registry.in_language("ru")
    assert assessment.views["road_deaths"].indicator.title == "Погибшие в ДТП"
    assert build(registry).views["road_deaths"].indicator.title == "Road deaths"


def test_series_notes_follow_the_language(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "road_deaths.csv").write_text(
        "year,value,qualifier,source,note,quote,note_ru\n2020,100,=,stats,revised,,уточнено\n2021,90,=,stats,preliminary,,\n2022,80,=,stats,,,\n",
        encoding="utf-8",
    )
    text = BILINGUAL.replace("    observations:\n", "    series_file: data/road_deaths.csv\n    observations: []\n    x:\n").split(
        "    x:\n"
    )[0]
    registry = _load(tmp_path, text)
    notes = registry.in_language("ru").series["road_deaths"]["note"].tolist()
    assert notes[:2] == ["уточнено", "preliminary [en]"] and not isinstance(notes[2], str)
    assert registry.in_language("en").series["road_deaths"]["note"].tolist()[:2] == ["revised", "preliminary"]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("{en: Road deaths, de: Verkehrstote}", "indicators[road_deaths].title.de: unknown language 'de' (languages: en, ru)"),
        ("{en: Road deaths, rus: Погибшие}", "unknown language 'rus' (did you mean 'ru'?)"),
        ("{}", "indicators[road_deaths].title: no text in any language"),
        ("{en: ''}", "indicators[road_deaths].title.en: string should have at least 1 character"),
        ("{en: [a]}", "indicators[road_deaths].title.en: must be text, got a list"),
        ("12", "indicators[road_deaths].title: must be text, got 12"),
        ('{en: "a\\tb"}', "control character '\\t' in this field"),
    ],
)
def test_bad_texts_are_located_errors(tmp_path: Path, written: str, message: str) -> None:
    with pytest.raises(RegistryError, match=re.escape(message)) as caught:
        _load(tmp_path, MINIMAL.replace("    title: Road deaths\n", f"    title: {written}\n"))
    assert caught.value.count == 1 and caught.value.problems[0].line == 16


def test_free_text_may_break_lines_in_each_language(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "    description: Synthetic values for the tests.\n", '    description: {en: "two\\nlines", ru: "две\\nстроки"}\n'
    )
    assert _load(tmp_path, text).in_language("ru").indicators[0].description == "две\nстроки"


def test_a_short_unit_is_short_in_every_language(tmp_path: Path) -> None:
    long = "д" * 41
    with pytest.raises(
        RegistryError, match=r"indicators\[road_deaths\].unit_short: unit_short must be at most 40 characters, got 41 \(ru\)"
    ):
        _load(tmp_path, MINIMAL.replace("    unit_short: deaths\n", f"    unit_short: {{en: deaths, ru: {long}}}\n"))


def test_require_lang_makes_a_missing_language_an_error_at_its_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "indicators.yaml"
    path.write_text(BILINGUAL, encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 0  # missing Russian: warnings only
    out, _ = capsys.readouterr()
    assert "warning: indicators.yaml:20:11: indicators[road_deaths].unit: no Russian text (write it as {en: ..., ru: ...}" in out
    assert cli.main(["validate", "--require-lang", "ru", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "indicators.yaml:20:11: indicators[road_deaths].unit: no Russian text" in out
    assert "indicators.yaml:26:75: indicators[road_deaths].observations[1].note: no Russian text" in out
    assert "title: no Russian text" not in out.replace("areas[road_safety].title", "").replace("sources[stats].title", "")
    assert "warning" not in out and err.strip() == f"{path}: 5 problems"
    assert cli.main(["validate", "--require-lang", "en", str(path)]) == 1
    out, _ = capsys.readouterr()
    assert out.splitlines() == [
        "indicators.yaml:21:17: indicators[road_deaths].unit_short: no English text (add `en:` to the mapping; a plain text is English)"
    ]


def test_require_lang_ru_on_plain_texts(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match=r"indicators.yaml:4:10: meta.title: no Russian text") as caught:
        _load(tmp_path, MINIMAL, ("ru",))
    assert caught.value.count == 7
    assert _load(tmp_path, MINIMAL, ("en",)).warnings == ()


def test_the_schema_describes_both_forms() -> None:
    schema = json_schema()
    title = schema["$defs"]["Indicator"]["properties"]["title"]
    plain, by_language = title["oneOf"]
    assert plain["type"] == "string"
    assert by_language["type"] == "object" and set(by_language["properties"]) == {"en", "ru"}
    assert by_language["additionalProperties"] is False and by_language["minProperties"] == 1
    note = schema["$defs"]["Observation"]["properties"]["note"]
    assert {"type": "null"} in note["anyOf"] and any("oneOf" in option for option in note["anyOf"])
    assert schema["$defs"]["Claim" if "Claim" in schema["$defs"] else "LevelClaim"]["properties"]["quote"]["type"] == "string"


def test_a_copy_of_a_registry_is_resolved_from_its_own_content(tmp_path: Path) -> None:
    registry = _load(tmp_path, BILINGUAL)
    registry.in_language("ru")
    changed = registry.indicators[0].model_copy(update={"title": Local.of({"en": "Changed", "ru": "Изменено"})})
    copy = registry.model_copy(update={"indicators": [changed]})  # shares the private attributes of `registry`
    assert copy.in_language("ru").indicators[0].title == "Изменено" and copy.in_language("en").indicators[0].title == "Changed"
    assert registry.in_language("ru").indicators[0].title == "Погибшие в ДТП"
