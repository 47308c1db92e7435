"""The registry's field types: ids, paths, numbers, qualifiers, periods and ratios, with their patterns.

The models (models.py) are built from these; series files (series.py) and the cross-checks read the same
patterns and words, so that a value means one thing wherever it is written.
"""

from __future__ import annotations

import re
import typing
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StringConstraints, WithJsonSchema

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
# Source ids may also hold hyphens: the speech is cited as `kremlin-2025-03-05`.
SOURCE_ID_PATTERN = r"^[a-z][a-z0-9_-]*$"

# paths the registry names; where they may point after links are followed is checked by files.resolve
DOCUMENT_PATTERN = r"^data/sources/[A-Za-z0-9._-]+$"
SERIES_PATTERN = r"^data/[A-Za-z0-9._/-]+\.csv$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
SourceId = Annotated[str, StringConstraints(pattern=SOURCE_ID_PATTERN, max_length=80)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"]+$", max_length=2_000)]
Year = Annotated[int, Field(strict=True, ge=1900, le=2100)]
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Qualifier = Literal["=", "~", ">", "<", ">=", "<="]
# how a qualifier is written where a symbol could run as a formula (a CSV download); a series file reads both
QUALIFIER_WORDS = {"=": "exact", "~": "about", ">": "more than", "<": "less than", ">=": "at least", "<=": "at most"}
# level: the value itself; change: a published percent change on the previous year
ObservationKind = Literal["level", "change", "direction"]
KINDS: tuple[str, ...] = typing.get_args(ObservationKind)
# neutral: context figures with no better direction (population), used as inputs of derived indicators
Direction = Literal["lower_is_better", "higher_is_better", "neutral"]
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH = "(" + "|".join(MONTHS) + ")"
PERIOD_PATTERN = rf"^{_MONTH}(-{_MONTH})?$"
Period = Annotated[
    str,
    StringConstraints(pattern=PERIOD_PATTERN),
    Field(description="Months covered, inclusive: 'Jan-Jul', 'Jan-Mar', 'Jun'. Absent: the full year."),
]


def period_months(period: str) -> tuple[int, int]:
    """'Jan-Jul' -> (1, 7)."""
    first, _, last = period.partition("-")
    return MONTHS.index(first) + 1, MONTHS.index(last or first) + 1


def check_period(period: str | None) -> None:
    """Raises ValueError when a period that matches PERIOD_PATTERN runs backwards or is the full year."""
    if period is not None:
        first, last = period_months(period)
        if last < first:
            raise ValueError("period runs backwards: write the first month first, e.g. 'Jan-Jul'")
        if (first, last) == (1, 12):
            raise ValueError("period 'Jan-Dec' is the full year: leave `period` out")


_FRACTION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*$")


def _fraction(value: object) -> object:
    """'2/3' -> 0.666...: analysts write "one-third lower" as a fraction, not a rounded decimal."""
    if isinstance(value, str):
        match = _FRACTION.match(value)
        if not match:
            raise ValueError("ratio must be a number or a fraction like '2/3'")
        num, den = float(match.group(1)), float(match.group(2))
        if den == 0:
            raise ValueError("ratio's denominator is zero")
        return num / den
    return value


Ratio = Annotated[
    float,
    BeforeValidator(_fraction),
    Field(strict=True, allow_inf_nan=False),
    WithJsonSchema(
        {"anyOf": [{"type": "number"}, {"type": "string", "pattern": _FRACTION.pattern, "description": "A fraction like '2/3'."}]}
    ),
]
