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
from .models import Registry
from .series import Series
from .texts import NAMES, Local, languages_of, local_fields

FACTOR = 10


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def outliers(registry: Registry, series: Series) -> tuple[list[Issue], list[Problem]]:
    """Values ten times or more off both neighbouring years: (inline ones, series-file rows)."""
    issues: list[Issue] = []
    problems: list[Problem] = []
    for i, ind in enumerate(registry.indicators):
        # year -> [(value, place)]: a place is a path in the registry, or a line of the series file
        by_year: dict[int, list[tuple[float, Any]]] = {}
        for j, obs in enumerate(ind.observations):
            if obs.kind == "level" and obs.period is None:
                by_year.setdefault(obs.year, []).append((obs.value, ("indicators", i, "observations", j, "value")))
        table = series.tables.get(ind.id)
        if table is not None:
            for line, year, value, kind, period in zip(table.lines, table.year, table.value, table.kind, table.period):
                if kind == "level" and period is None:
                    by_year.setdefault(year, []).append((value, line))
        years = sorted(by_year)  # at most 201 years (1900-2100)
        for before, year, after in zip(years, years[1:], years[2:]):
            low_before, high_before = _range(by_year[before])
            low_after, high_after = _range(by_year[after])
            if min(low_before, low_after) <= 0:
                continue
            for value, place in by_year[year]:
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


def _range(values: list[tuple[float, Any]]) -> tuple[float, float]:
    numbers = [v for v, _ in values]
    return min(numbers), max(numbers)


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
