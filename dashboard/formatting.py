"""Numbers as analysts read them: "> 200 bn RUB", "14,504", "-58.3%"."""

from __future__ import annotations

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
