"""Languages: the catalogue is complete against the code, Russian is translated throughout, numbers and dates
follow CLDR, claims read right in both languages, and the command line speaks the language it is asked for.

Nothing here starts a browser (exports in Russian: tests/test_i18n_export.py).
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
import struct
import zlib

import plotly.graph_objects as go
import pytest

from dashboard import i18n, i18n_tools
from dashboard.cli import main
from dashboard.engine.assessment import build
from dashboard.engine.phrases import Num, Phrase
from dashboard.formatting import change_text, date, number, percent, plotly_separators, qualified, rate
from dashboard.i18n import _, ngettext, pgettext, use_language
from dashboard.outputs.export.embed import embed_png
from dashboard.outputs.export.layout import export_figure, file_metadata
from dashboard.outputs.wording import say, status_line

NBSP = "\u00a0"
NNBSP = "\u202f"  # CLDR's narrow no-break space before "г." in a Russian date
MINUS = "\u2212"


# ------------------------------------------------------------------ the catalogue


@pytest.fixture(scope="module")
def template():
    return i18n_tools.extract()


def test_catalogue_is_complete_against_the_code_and_fully_translated(template) -> None:
    """A new _() string without a catalogue entry fails here (run `python -m dashboard.i18n_tools`, translate, commit);
    so do an empty or fuzzy Russian msgstr, a message no longer in the code, and {placeholders} that differ."""
    assert len(template) > 300
    assert i18n_tools.problems("ru", template) == []


def test_committed_template_matches_the_code(template) -> None:
    committed = i18n_tools.read(i18n_tools.TEMPLATE)
    assert {(m.context, m.id) for m in committed if m.id} == {(m.context, m.id) for m in template if m.id}


def test_extraction_finds_messages_inside_f_strings() -> None:
    """Babel's own extractor skips these before Python 3.12; a message it skipped would stay English unnoticed."""
    source = b'x = f"<b>{esc(_(\'Inside\'))}</b> {ngettext(\'one {n}\', \'many {n}\', n)}"\ny = _("Outside")\nz = pgettext("ctx", "word")\n'
    found = list(i18n_tools.extract_python_ast(io.BytesIO(source), i18n_tools.KEYWORDS, (), {}))
    assert [(name, msg) for _line, name, msg, _c in found] == [
        ("_", "Inside"),
        ("ngettext", ("one {n}", "many {n}", None)),
        ("_", "Outside"),
        ("pgettext", ("ctx", "word")),
    ]


def test_plural_forms_header_and_the_plural_rule_agree() -> None:
    catalog = i18n_tools.read(i18n_tools.po_path("ru"), "ru")
    assert catalog.num_plurals == 3
    assert catalog.plural_expr == "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"
    rule = gettext.c2py(catalog.plural_expr)
    for n in range(0, 2001):
        assert rule(n) == i18n._plural_index("ru", n), n


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (1, "показатель"),
        (2, "показателя"),
        (5, "показателей"),
        (11, "показателей"),
        (21, "показатель"),
        (22, "показателя"),
        (112, "показателей"),
        (0, "показателей"),
    ],
)
def test_russian_plurals(n: int, word: str) -> None:
    with use_language("ru"):
        assert ngettext("{count} indicator", "{count} indicators", n).format(count=n) == f"{n} {word}"


def test_english_is_the_msgid_and_unknown_languages_fall_back() -> None:
    with use_language("en"):
        assert _("Targets and their status") == "Targets and their status"
        assert pgettext("fall by", "half") == "half"
    with use_language("ru"):
        assert _("Targets and their status") == "Цели и их статус"
        assert pgettext("fall by", "half") == "вдвое" and pgettext("rise by", "half") == "наполовину"
    with use_language("xx"):
        assert i18n.current() == "en"


@pytest.mark.parametrize(
    ("asked", "language"),
    [
        ("ru", "ru"),
        ("en", "en"),
        (["ru", "en"], "ru"),
        (("en", "ru"), "en"),  # a repeated ?lang=: its first value, as callbacks read it
        ("xx", "en"),
        ([], "en"),
        ([["ru"]], "en"),
        ({"ru": 1}, "en"),
        (None, "en"),
        ("RU", "en"),
    ],
)
def test_a_language_asked_for_in_any_shape_is_a_supported_one(asked: object, language: str) -> None:
    assert i18n.normalise(asked) == language


# ------------------------------------------------------------------ numbers and dates


@pytest.mark.parametrize(
    ("lang", "call", "expected"),
    [
        ("en", lambda: number(13900), "13,900"),
        ("ru", lambda: number(13900), f"13{NBSP}900"),
        ("en", lambda: qualified(13900, ">", 0, "deaths"), "more than 13,900 deaths"),
        ("ru", lambda: qualified(13900, ">", 0, "погибших"), f"более 13{NBSP}900{NBSP}погибших"),
        ("ru", lambda: qualified(13900, ">"), f"более 13{NBSP}900"),
        ("en", lambda: qualified(189.5, "=", 1, "bn RUB"), "189.5 bn RUB"),
        ("ru", lambda: qualified(189.5, "=", 1, "млрд руб."), f"189,5{NBSP}млрд руб."),
        ("en", lambda: qualified(9.86, "=", 1, "per 100k"), "9.86 per 100k"),
        ("ru", lambda: qualified(9.86, "=", 1, "на 100 тыс."), f"9,86{NBSP}на 100 тыс."),
        ("en", lambda: qualified(25, "~", 0, "%"), "about 25%"),
        ("ru", lambda: qualified(25, "~", 0, "%"), f"около 25{NBSP}%"),
        ("ru", lambda: qualified(4, "<=", 0), "не более 4"),
        ("en", lambda: qualified(40, ">=", 0, "%"), "at least 40%"),
        ("en", lambda: number(-1234.5, 1), f"{MINUS}1,234.5"),
        ("ru", lambda: number(-1234.5, 1), f"{MINUS}1{NBSP}234,5"),
        ("en", lambda: percent(-58.3), f"{MINUS}58.3%"),
        ("ru", lambda: percent(-58.3), f"{MINUS}58,3{NBSP}%"),
        ("en", lambda: percent(13.1), "+13.1%"),
        ("ru", lambda: percent(0.0), f"±0,0{NBSP}%"),
        ("en", lambda: change_text(25.5, 25.5, "pp"), "+25.5 pp"),
        ("ru", lambda: change_text(25.5, 25.5, "pp"), f"+25,5{NBSP}п.{NBSP}п."),
        ("en", lambda: change_text(-4.2, -3.5, "%"), f"{MINUS}4.2% to {MINUS}3.5%"),
        ("ru", lambda: change_text(-4.2, -3.5, "%"), f"от {MINUS}4,2{NBSP}% до {MINUS}3,5{NBSP}%"),
        ("en", lambda: rate(-0.0563, "compound"), f"{MINUS}5.63% a year"),
        ("ru", lambda: rate(-0.0563, "compound"), f"{MINUS}5,63{NBSP}% в год"),
        ("en", lambda: date(dt.date(2025, 3, 5)), "5 March 2025"),
        ("ru", lambda: date(dt.date(2025, 3, 5)), f"5 марта 2025{NNBSP}г."),
        ("ru", lambda: date(dt.date(2026, 11, 28)), f"28 ноября 2026{NNBSP}г."),
        ("en", lambda: number(None), "–"),
    ],
)
def test_numbers_and_dates_in_both_languages(lang: str, call, expected: str) -> None:
    with use_language(lang):
        assert call() == expected


def test_units_from_the_registry_in_russian(frozen_registry) -> None:
    ru = frozen_registry.in_language("ru")
    damage = ru.indicator("cybercrime_damage")
    rate_ind = ru.indicator("road_death_rate")
    with use_language("ru"):
        assert qualified(189.5, "=", damage.decimals, damage.unit_short) == f"189,5{NBSP}млрд руб."
        assert qualified(9.86, "=", rate_ind.decimals, rate_ind.unit_short) == f"9,86{NBSP}на 100 тыс."


def test_plotly_separators_follow_the_language(frozen_registry) -> None:
    assert plotly_separators("en") == ".," and plotly_separators("ru") == f",{NBSP}"
    assert go.Figure(layout=dict(separators=plotly_separators("ru"))).layout.separators == f",{NBSP}"  # plotly takes it
    for lang, seps in (("en", ".,"), ("ru", f",{NBSP}")):
        with use_language(lang):
            assert export_figure(build(frozen_registry, lang), "road_deaths").layout.separators == seps


# ------------------------------------------------------------------ the assessment and claims in words


def test_build_makes_its_texts_in_its_language_whatever_the_current_one(frozen_registry) -> None:
    with use_language("en"):
        ru = build(frozen_registry, "ru")
        assert i18n.current() == "en"
    check = ru.checks["road_deaths_halved_20y"]
    assert check.text == "Погибшие в дорожно-транспортных происшествиях: снижение более чем вдвое с 2004 по 2024 год"
    with use_language("ru"):  # the check holds codes and numbers: it reads in the language it is said in
        assert say(check.detail) == "расчётное отношение 0,417–0,420; заявлено: отношение менее 0,5"
        assert say(check.figure) == f"{MINUS}58,3{NBSP}% (2004: 34{NBSP}506 → 2024: более 14{NBSP}400)"
    strategy = ru.views["road_death_rate"].target("strategy_2024").result
    assert strategy.reason == Phrase.of("due_missed", year=2024, value=Num(strategy.latest.value), target=Num(4), gap=Num(strategy.gap))
    with use_language("ru"):
        assert say(strategy.reason) == "срок — 2024 год: значение за 2024 год (9,86) не достигает цели 4, разница 5,86"
        assert status_line(ru.views["road_deaths"]) == "Статус (UNSD): ограниченный прогресс."
        assert ru.views["road_deaths"].change.text == f"от {MINUS}4,2{NBSP}% до {MINUS}3,5{NBSP}%"


@pytest.mark.parametrize(
    ("claim", "en", "ru"),
    [
        (
            "road_deaths_halved_20y",
            "Road traffic deaths fell by more than half between 2004 and 2024",
            "Погибшие в дорожно-транспортных происшествиях: снижение более чем вдвое с 2004 по 2024 год",
        ),
        (
            "cybercrime_damage_200bn",
            "Damage from cybercrime was more than 200 bn RUB in 2024",
            f"Ущерб от киберпреступлений: более 200{NBSP}млрд руб. в 2024 году",
        ),
        (
            "retirees_quarter_of_victims",
            "Retirees among cybercrime victims was about 25% in 2024",
            f"Пенсионеры среди потерпевших от киберпреступлений: около 25{NBSP}% в 2024 году",
        ),
        (
            "road_death_rate_third_lower_2030",
            "Road traffic death rate (social risk) must fall by at least one-third from its 2024 level by 2030",
            "Смертность в дорожно-транспортных происшествиях (социальный риск): снижение не менее чем на треть к 2030 году относительно "
            "уровня 2024 года",
        ),
        ("crime_fell_2025", "Registered crimes fell between 2024 and 2025", "Зарегистрированные преступления: снижение с 2024 по 2025 год"),
        (
            "cybercrimes_up",
            "Registered IT crimes rose between 2023 and 2024",
            "Зарегистрированные IT-преступления: рост с 2023 по 2024 год",
        ),
    ],
)
def test_claims_in_plain_words(frozen_registry, claim: str, en: str, ru: str) -> None:
    assert build(frozen_registry, "en").checks[claim].text == en
    assert build(frozen_registry, "ru").checks[claim].text == ru


def test_every_russian_claim_and_check_reads_in_russian(frozen_registry) -> None:
    """No English word left in what the checks say (ids, source ids and method names aside)."""
    ru = build(frozen_registry, "ru")
    english = re.compile(
        r"\b(the|and|for|by|of|against|needs|value|claim|sources?|published|change|computed|ratio|target|due|more|less|about)\b"
    )
    with use_language("ru"):
        said = {cid: (c.text, say(c.figure), say(c.detail), say(c.missing), *map(say, c.per_source)) for cid, c in ru.checks.items()}
    for cid, texts in said.items():
        for text in texts:
            plain = re.sub(r"\b[a-z0-9]+(?:[_-][a-z0-9]+)+\b", "", text)  # ids: road_deaths, kommersant-2025 …
            plain = re.sub(r"\b(kommersant|UNSD|ESCAP|STATCAN|IT)\b", "", plain)
            assert not english.search(plain), (cid, text)


def test_quotes_are_never_translated(frozen_registry) -> None:
    ru, en = frozen_registry.in_language("ru"), frozen_registry.in_language("en")
    assert [c.quote for c in ru.claims] == [c.quote for c in en.claims]


# ------------------------------------------------------------------ files and the command line


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    out, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        out.append((png[at + 4 : at + 8], png[at + 8 : at + 8 + length]))
        at += 12 + length
    return out


def _tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff"))
        + chunk(b"IEND", b"")
    )


def test_png_metadata_in_russian_is_itxt_utf8_with_its_language(frozen_registry) -> None:
    with use_language("ru"):
        meta = file_metadata(build(frozen_registry, "ru"), "road_deaths", dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    assert meta["Title"] == "Погибшие в дорожно-транспортных происшествиях" and meta["Language"] == "ru"
    assert "Статус (UNSD): ограниченный прогресс." in meta["Description"] and "Данные на 2026-11-28" in meta["Description"]
    assert meta["Citation"].startswith("Погибшие в дорожно-транспортных происшествиях. Источники: ")
    chunks = _chunks(embed_png(_tiny_png(), meta))
    itxt = {data.split(b"\0", 1)[0]: data for kind, data in chunks if kind == b"iTXt"}
    text = {data.split(b"\0", 1)[0] for kind, data in chunks if kind == b"tEXt"}
    assert b"Title" in itxt and b"Title" not in text
    keyword, flag, method, rest = itxt[b"Title"].split(b"\0", 1)[0], itxt[b"Title"][6], itxt[b"Title"][7], itxt[b"Title"][8:]
    language, translated, value = rest.split(b"\0", 2)
    assert (keyword, flag, method, language, translated) == (b"Title", 0, 0, b"ru", b"")
    assert value.decode("utf-8") == "Погибшие в дорожно-транспортных происшествиях"
    assert b"Indicator" in text  # plain ASCII stays tEXt


def test_summary_in_russian(frozen_path, capsys) -> None:
    assert main(["summary", "--registry", str(frozen_path), "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert f"Погибшие в дорожно-транспортных происшествиях: последнее значение более 13{NBSP}900{NBSP}погибших (2025)" in out
    assert f"Ущерб от киберпреступлений: последнее значение 189,5{NBSP}млрд руб. (2025)" in out
    assert "UNSD: ограниченный прогресс" in out and "[методы расходятся]" in out and f"Выступление 5 марта 2025{NNBSP}г.:" in out
    assert "ПОДТВЕРЖДАЕТСЯ" in out and "НЕЛЬЗЯ ПРОВЕРИТЬ" in out
    assert "limited progress" not in out and "latest" not in out


def test_summary_in_english_unchanged(frozen_path, capsys) -> None:
    for argv in (["summary", "--registry", str(frozen_path)], ["summary", "--registry", str(frozen_path), "--lang", "en"]):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "road_deaths  Road traffic deaths: latest more than 13,900 deaths (2025)" in out
        assert "UNSD: limited progress" in out and "CONSISTENT" in out and "Speech of 5 March 2025:" in out
        assert "ограниченный" not in out


def test_summary_json_in_russian_keeps_machine_values(frozen_path, capsys) -> None:
    import json

    assert main(["summary", "--registry", str(frozen_path), "--format", "json", "--lang", "ru"]) == 0
    data = json.loads(capsys.readouterr().out)
    road = next(i for i in data["indicators"] if i["id"] == "road_deaths")
    assert road["title"] == "Погибшие в дорожно-транспортных происшествиях" and road["direction"] == "lower_is_better"
    assert road["status_line"] == "Статус (UNSD): ограниченный прогресс."
    assert road["targets"][0]["statuses"]["unsd"]["status"] == "limited"  # codes stay codes
    claim = next(c for c in data["claims"] if c["id"] == "road_deaths_halved_20y")
    assert claim["result"] == "consistent" and claim["verdict"] == "подтверждается"


def test_validate_counts_in_english_stay_parsable(frozen_path, capsys) -> None:
    assert main(["validate", str(frozen_path)]) == 0
    assert re.search(r": OK \(\d+ indicators, \d+ observations, \d+ targets, \d+ claims\)", capsys.readouterr().out)


def test_lang_is_offered_by_summary_export_and_report() -> None:
    from dashboard.cli import build_parser

    parser = build_parser()
    for argv in (["summary"], ["export", "--out", "x"], ["report", "--out", "x.html"]):
        assert parser.parse_args([*argv, "--lang", "ru"]).lang == "ru"
        assert parser.parse_args(argv).lang == "en"
    with pytest.raises(SystemExit):
        parser.parse_args(["summary", "--lang", "de"])
