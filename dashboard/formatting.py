"""Numbers and dates as analysts read them, in the reader's language (CLDR's rules, as Babel applies them).

English: "more than 13,900", "189.5 bn RUB", "−58.3%", "5 March 2025". Russian: "более 13 900"
(a no-break space groups the thousands), "189,5 млрд руб.", "−58,3 %", "5 марта 2025 г.".
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any

from .i18n import _, current

QUALIFIER_TEXT = {"=": "", "~": "~", ">": "> ", "<": "< ", ">=": "≥ ", "<=": "≤ "}
MINUS = "\u2212"


def qualifier_words(qualifier: str) -> str:
    """'more than', 'about' …: a bounded value said in words, as a screen reader or a reader new to it needs."""
    return {
        "=": "",
        "~": _("about"),
        ">": _("more than"),
        "<": _("less than"),
        ">=": _("at least"),
        "<=": _("at most"),
    }.get(qualifier, "")


@functools.cache
def _pattern(decimals: int, extra: int) -> Any:
    from babel.numbers import parse_pattern

    return parse_pattern("#,##0" + ("." + "0" * decimals + "#" * extra if decimals + extra > 0 else ""))


@functools.cache
def _locale(lang: str) -> Any:
    from babel import Locale

    return Locale.parse(lang)


# CLDR's decimal mark and thousands separator of the two languages, as Babel gives them (tests/test_formatting_cldr.py
# compares): numbers in these are written here, as Babel would, without loading its locale data (a third of the
# `summary` command's start beyond a bare YAML parse); any other language goes through Babel
SYMBOLS = {"en": (".", ","), "ru": (",", "\u00a0")}
_QUANTUM = [Decimal(10) ** -n for n in range(16)]


def cldr_decimal(value: float | Decimal, decimals: int, extra: int, lang: str) -> str | None:
    """Babel's `#,##0.<decimals zeros><extra #>` pattern applied in `lang` (rounded half to even), or None for
    a language not in SYMBOLS or a value that is not finite."""
    if lang not in SYMBOLS or decimals + extra >= len(_QUANTUM):
        return None
    point, group = SYMBOLS[lang]
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    if not exact.is_finite():
        return None
    negative = exact.is_signed()
    whole, _sep, fraction = f"{abs(exact).normalize().quantize(_QUANTUM[decimals + extra]):f}".partition(".")
    grouped = whole[-3:]
    for end in range(len(whole) - 3, 0, -3):
        grouped = whole[max(0, end - 3) : end] + group + grouped
    fraction = (fraction or "0").ljust(decimals, "0")
    if decimals + extra == 0 or (decimals == 0 and int(fraction) == 0):
        fraction = ""
    else:
        fraction = point + (fraction[:decimals] + fraction[decimals:].rstrip("0"))
    return ("-" if negative else "") + grouped + fraction


def number(value: float | None, decimals: int = 0, *, extra: int = 0) -> str:
    """`decimals` digits after the point, and up to `extra` more when the value has them (a published 9.86 stays 9.86)."""
    if value is None:
        return "–"
    decimals, extra = max(0, min(decimals, 6)), max(0, min(extra, 3))
    text = cldr_decimal(value, decimals, extra, current())
    if text is None:  # babel's format_decimal, with the locale and the pattern parsed once rather than on every call
        text = _pattern(decimals, extra).apply(value, _locale(current()), decimal_quantization=True)
    return text.replace("-", MINUS)


SEPARATORS = {"en": ".,", "ru": ",\u00a0"}  # plotly's `separators`: the decimal mark, then the thousands separator


def plotly_separators(lang: str | None = None) -> str:
    """The figure layout's `separators` for `lang` (default: the current language): axis ticks and hovers as the text reads."""
    return SEPARATORS.get(lang or current(), SEPARATORS["en"])


def with_unit(text: str, unit: str) -> str:
    """'13,900 deaths', '40%'; in Russian '13 900 погибших', '40 %' (a no-break space before the unit)."""
    return _with_unit(text, unit)


def _with_unit(text: str, unit: str) -> str:
    if not unit:
        return text
    if unit == "%":
        return text + ("\u00a0%" if current() == "ru" else "%")
    return f"{text}\u00a0{unit}" if current() == "ru" else f"{text} {unit}"


def qualified(value: float | None, qualifier: str = "=", decimals: int = 0, unit: str = "") -> str:
    """'more than 13,900 deaths', 'about 40%', '14,504': an exact value as published, its own decimals kept (up to two
    more than the indicator's); a qualified one is a spoken figure with its own digits, never padded ("about 40%", not
    "about 40.0%")."""
    if value is None:
        return "–"
    words = qualifier_words(qualifier)
    text = _with_unit(number(value, decimals, extra=2) if qualifier == "=" else number(value, 0, extra=max(decimals, 3)), unit)
    return f"{words} {text}" if words else text


def percent(value: float, decimals: int = 1, *, sign: bool = True) -> str:
    """'+13.1%', '−58.3 %' (Russian), '±0.0%'."""
    return _with_unit(signed(value, decimals) if sign else number(value, decimals), "%")


def percent_change(ratio: float | None, decimals: int = 1) -> str:
    if ratio is None:
        return "–"
    return percent((ratio - 1) * 100, decimals)


def rate(value: float | None, kind: str | None) -> str:
    """An annual rate: percent a year when compound, units a year when linear."""
    if value is None:
        return "–"
    if kind == "linear":
        return _("{value} a year").format(value=signed(value, 2))
    return _("{value} a year").format(value=percent(value * 100, 2))


def signed(value: float, decimals: int = 1) -> str:
    text = number(abs(value), decimals)
    if float(f"{abs(value):.{decimals}f}") == 0:
        return "±" + text
    return ("+" if value > 0 else MINUS) + text


def change_text(low: float, high: float, unit: str, decimals: int = 1) -> str:
    """'−4.2%', '−4.2% to −3.5%' for a change known within bounds, '+25.5 pp' for percentage points."""

    def one(v: float) -> str:
        return percent(v, decimals) if unit == "%" else _with_unit(signed(v, decimals), _("pp"))

    if signed(low, decimals) == signed(high, decimals):
        return one(low)
    return _("{low} to {high}").format(low=one(low), high=one(high))


def date(value: dt.date | None) -> str:
    """'5 March 2025', '5 марта 2025 г.'."""
    if value is None:
        return "–"
    lang = current()
    if lang in MONTHS:  # CLDR's, as Babel writes them (tests/test_formatting_cldr.py compares)
        return DATE_FORMATS[lang].format(day=value.day, month=MONTHS[lang][value.month - 1], year=value.year)
    from babel.dates import format_date

    return format_date(value, "long" if lang == "ru" else "d MMMM y", locale=lang)


# English "d MMMM y"; Russian CLDR "long" (`d MMMM y 'г'.`, the month in the genitive, a narrow no-break space before г.)
DATE_FORMATS = {"en": "{day} {month} {year}", "ru": "{day} {month} {year}\u202fг."}
MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"),
}
_PERIOD_MONTHS = (  # as the registry writes a period: "Jan-Mar"
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def period_text(period: str, lang: str | None = None) -> str:
    """A registry period in the reader's language, CLDR's abbreviated month names: 'Jan–Nov', 'янв.–нояб.'."""
    from babel.dates import get_month_names

    names = get_month_names("abbreviated", context="stand-alone", locale=_locale(lang or current()))
    parts = period.split("-")
    if not all(p in _PERIOD_MONTHS for p in parts):
        return period
    return "–".join(str(names[_PERIOD_MONTHS.index(p) + 1]) for p in parts)
