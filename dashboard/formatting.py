"""Numbers as analysts read them: "> 200 bn RUB", "14,504", "-58.3%"."""

from __future__ import annotations

import re
from typing import Any

QUALIFIER_TEXT = {"=": "", "~": "~", ">": "> ", "<": "< ", ">=": "≥ ", "<=": "≤ "}


def number(value: float | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{decimals}f}".replace("-", "−")


def qualified(value: float | None, qualifier: str = "=", decimals: int = 0, unit: str = "") -> str:
    if value is None:
        return "–"
    text = QUALIFIER_TEXT.get(qualifier, "") + number(value, decimals)
    if unit:
        text += unit if unit == "%" else f" {unit}"
    return text


def percent_change(ratio: float | None, decimals: int = 1) -> str:
    if ratio is None:
        return "–"
    change = (ratio - 1) * 100
    sign = "+" if change > 0 else ""
    return f"{sign}{change:.{decimals}f}%".replace("-", "−")


def rate(value: float | None, kind: str | None) -> str:
    """An annual rate: percent a year when compound, units a year when linear."""
    if value is None:
        return "–"
    if kind == "linear":
        return f"{value:+,.2f} a year".replace("-", "−")
    return f"{value * 100:+.2f}% a year".replace("-", "−")


def signed(value: float, decimals: int = 1) -> str:
    text = f"{value:+.{decimals}f}"
    return ("±" + text[1:] if float(text[1:]) == 0 else text).replace("-", "−")


def change_text(low: float, high: float, unit: str, decimals: int = 1) -> str:
    """'−4.2%', '−4.2% to −3.5%' for a change known within bounds, '+25.5 pp' for percentage points."""
    suffix = "%" if unit == "%" else f" {unit}"
    if signed(low, decimals) == signed(high, decimals):
        return signed(low, decimals) + suffix
    return f"{signed(low, decimals)}{suffix} to {signed(high, decimals)}{suffix}"


def neutralise(value: Any) -> Any:
    """Keep spreadsheet programs from reading a text cell as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# A cell a spreadsheet reads as a number, not as a formula: "-3", "+25.5", "-4.2%", "1e-05"
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$")


def spreadsheet_safe(cell: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, prefixed with `'`; everything else unchanged.

    Formulas start with `=` or `@`, or with `+`/`-` followed by anything but a plain number; a leading
    tab or carriage return is stripped by some programs, exposing what follows. Non-text cells and
    plain numbers written as text ("-3%", "+25.5") are left as they are, so that they round-trip.
    """
    if not isinstance(cell, str) or not cell:
        return cell
    first = cell[0]
    if first in "=@\t\r" or (first in "+-" and not _PLAIN_NUMBER.match(cell)):
        return "'" + cell
    return cell
