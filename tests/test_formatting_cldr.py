"""The numbers and dates written without Babel's locale data (formatting.SYMBOLS, MONTHS) are Babel's, character for character."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from babel import Locale
from babel.dates import format_date
from babel.numbers import parse_pattern

from dashboard import formatting
from dashboard.i18n import LANGUAGES, use_language

EDGES = [0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.0049, -0.0004, 999.5, 999.9995, 1000, 12345.678, -1234567.891, 1e-7]
EDGES += [123456789012.5, 10**15, 7, -7]


def _values() -> list[float]:
    rng = random.Random(29)
    out = list(EDGES)
    for _ in range(400):
        out.append(round(rng.uniform(-1, 1) * 10 ** rng.randint(-4, 9), rng.randint(0, 8)))
    return out


def _babel(value: float, decimals: int, extra: int, lang: str) -> str:
    pattern = "#,##0" + ("." + "0" * decimals + "#" * extra if decimals + extra > 0 else "")
    return parse_pattern(pattern).apply(value, Locale.parse(lang), decimal_quantization=True)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("decimals", "extra"), [(0, 0), (0, 2), (1, 0), (1, 2), (2, 0), (2, 3), (6, 3)])
def test_numbers_are_babels(lang: str, decimals: int, extra: int) -> None:
    for value in _values():
        assert formatting.cldr_decimal(value, decimals, extra, lang) == _babel(value, decimals, extra, lang), value


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_symbols_are_cldrs(lang: str) -> None:
    symbols = Locale.parse(lang).number_symbols["latn"]
    assert formatting.SYMBOLS[lang] == (symbols["decimal"], symbols["group"])


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("-Infinity")])
def test_a_value_that_is_not_finite_or_a_language_without_symbols_goes_to_babel(value) -> None:
    assert formatting.cldr_decimal(value, 1, 0, "en") is None
    assert formatting.cldr_decimal(1.5, 1, 0, "de") is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dates_are_babels(lang: str) -> None:
    pattern = "long" if lang == "ru" else "d MMMM y"
    days = [dt.date(2025, m, d) for m in range(1, 13) for d in (1, 5, 28)] + [dt.date(999, 1, 2), dt.date(2026, 12, 31)]
    with use_language(lang):
        for day in days:
            assert formatting.date(day) == format_date(day, pattern, locale=lang)


def test_number_in_a_language_uses_its_marks() -> None:
    with use_language("ru"):
        assert formatting.number(-13900.25, 1) == "\u221213\u00a0900,2"
    with use_language("en"):
        assert formatting.number(13900.25, 1, extra=1) == "13,900.25"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ten_significant_digits_are_babels(lang: str) -> None:
    from babel.numbers import format_decimal

    from dashboard.outputs.wording import _digits

    with use_language(lang):
        for value in _values():
            short = float(f"{value:.10g}")
            assert _digits(value) == format_decimal(short, format="#,##0.##########", locale=lang).replace("-", "\u2212"), value
