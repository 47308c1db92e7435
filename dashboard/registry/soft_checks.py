"""Checks that warn: what may be a mistake but never makes a registry invalid.

- a full-year value ten times or more above, or below, the values of both the nearest earlier and
  the nearest later year of its indicator (a digit too many or too few?);
- a source dated after `meta.as_of`;
- a display text missing in a language the registry uses (an error for `require`d languages).

Each runs once over the registry: linear in its size.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from .errors import Issue, Problem
from .models import Indicator, Registry
from .series import Series, SeriesTable
from .texts import NAMES, Local, languages_of, local_fields

FACTOR = 10


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def outliers(registry: Registry, series: Series) -> tuple[list[Issue], list[Problem]]:
    """Values ten times or more off both neighbouring years: (inline ones, series-file rows)."""
    issues: list[Issue] = []
    problems: list[Problem] = []
    for i, ind in enumerate(registry.indicators):
        table = series.tables.get(ind.id)
        by_year = _annual_values(ind, table)
        years = sorted(by_year)  # at most 201 years (1900-2100)
        ranges = {year: (min(values), max(values)) for year, values in by_year.items()}
        for before, year, after in zip(years, years[1:], years[2:]):
            low_before, high_before = ranges[before]
            low_after, high_after = ranges[after]
            if min(low_before, low_after) <= 0:
                continue
            low, high = ranges[year]
            if high < FACTOR * max(high_before, high_after) and low * FACTOR > min(low_before, low_after):
                continue  # no value of this year is off: the usual case, told from the year's range alone
            for value, place in _places(i, ind, table, year):
                if value >= FACTOR * max(high_before, high_after):
                    shown, way = (high_before, high_after), "above"
                elif value > 0 and value * FACTOR <= min(low_before, low_after):
                    shown, way = (low_before, low_after), "below"
                else:
                    continue
                message = (
                    f"{_number(value)} is ten times or more {way} the values of both neighbouring years "
                    f"({before}: {_number(shown[0])}, {after}: {_number(shown[1])}): a typo?"
                )
                hint = "check the digits and the unit"
                if isinstance(place, tuple):
                    issues.append(Issue(place, message, hint))
                else:
                    problems.append(Problem(str(ind.series_file), place, table.columns.index("value") + 1, "value", message, hint))
    return issues, problems


def _annual_values(ind: Indicator, table: SeriesTable | None) -> dict[int, list[float]]:
    """Year to the full-year levels of that year, inline and from the series file."""
    by_year: dict[int, list[float]] = {}
    for obs in ind.observations:
        if obs.kind == "level" and obs.period is None:
            by_year.setdefault(obs.year, []).append(obs.value)
    if table is None:
        return by_year
    if table.kind.count("level") == len(table) and table.period.count(None) == len(table):  # every row a full-year level
        for year, value in zip(table.year, table.value):
            by_year.setdefault(year, []).append(value)
        return by_year
    for year, value, kind, period in zip(table.year, table.value, table.kind, table.period):
        if kind == "level" and period is None:
            by_year.setdefault(year, []).append(value)
    return by_year


def _places(i: int, ind: Indicator, table: SeriesTable | None, year: int) -> list[tuple[float, Any]]:
    """The full-year levels of `year` with their places (a path in the registry, or a line of the series file), in order."""
    found: list[tuple[float, Any]] = [
        (obs.value, ("indicators", i, "observations", j, "value"))
        for j, obs in enumerate(ind.observations)
        if obs.year == year and obs.kind == "level" and obs.period is None
    ]
    if table is not None:
        found += [
            (value, line)
            for line, y, value, kind, period in zip(table.lines, table.year, table.value, table.kind, table.period)
            if y == year and kind == "level" and period is None
        ]
    return found


def future_sources(registry: Registry) -> list[Issue]:
    as_of = registry.meta.as_of
    return [
        Issue(("sources", i, "date"), f"the source is dated {src.date}, after meta.as_of {as_of}", "is the date or `as_of` wrong?")
        for i, src in enumerate(registry.sources)
        if src.date is not None and src.date > as_of
    ]


def _series_notes(series: Series) -> Iterable[tuple[str, int, int, tuple[str, ...]]]:
    """(series file, line, column of `note`, languages) of every note in a series file: `note` is English, `note_ru` Russian."""
    for table in series.tables.values():
        russian = table.note_ru or [None] * len(table)
        col = table.columns.index("note") + 1
        for line, note, ru in zip(table.lines, table.note, russian):
            codes = ("en",) * (note is not None) + ("ru",) * (ru is not None)  # an empty cell is None
            if codes:
                yield table.origin, line, col, codes


class Translations(NamedTuple):
    used: bool  # some text is given in several languages, or a series file has a `note_ru` column
    errors: list[Issue]
    csv_errors: list[Problem]
    warnings: list[Issue]
    csv_warnings: list[Problem]


def translations(registry: Registry, series: Series, require: Iterable[str] = ()) -> Translations:
    """Display texts missing a language.

    A text missing a `require`d language is an error. Otherwise, once the registry gives any text in
    several languages (or a series file has a `note_ru` column), a text missing one of the languages
    used is a warning; a registry of plain texts gets none. A plain text is English.
    """
    required = set(require)
    texts = list(local_fields(registry))
    notes = list(_series_notes(series))
    used = {code for _, text in texts if isinstance(text, Local) for code in text.texts}
    used |= {code for *_, codes in notes for code in codes}
    translated = bool(used - {"en"}) or any(isinstance(text, Local) for _, text in texts)
    wanted = (used | {"en"}) if translated else set()
    errors: list[Issue] = []
    warnings: list[Issue] = []
    csv_errors: list[Problem] = []
    csv_warnings: list[Problem] = []
    for code in sorted(required | wanted):
        into, csv_into = (errors, csv_errors) if code in required else (warnings, csv_warnings)
        message, hint = f"no {NAMES[code]} text", _hint(code)
        into += [Issue(loc, message, hint) for loc, text in texts if code not in languages_of(text)]
        note_hint = f"add a `note_{code}` column" if code != "en" else "fill in the `note` column"
        csv_into += [Problem(file, line, col, "note", message, note_hint) for file, line, col, codes in notes if code not in codes]
    return Translations(translated, errors, csv_errors, warnings, csv_warnings)


def _hint(code: str) -> str:
    if code == "en":
        return "add `en:` to the mapping; a plain text is English"
    return f"write it as {{en: ..., {code}: ...}}; until then {NAMES[code]} pages show the English followed by [en]"
