"""Long series kept in CSV files (`series_file: data/<id>.csv`).

A series file has a header row naming its columns, in any order: `year`, `value`, `qualifier`, `source`
and `note` are required; `quote`, `note_ru`, `period` and `kind` are optional. A CSV downloaded from an
indicator's page (`year,period,kind,value,qualifier,source,note,quote`) is a series file as it is:

- `qualifier`: a symbol (`=`, `~`, `>`, `<`, `>=`, `<=`), its word (`exact`, `about`, `more than`,
  `less than`, `at least`, `at most`) or empty, which is `=`;
- `period`: empty for the full year, else months as in the registry ('Jan-Jul'); `kind`: empty or
  `level`, or `change` (a published percent change, not checked against the indicator's bounds);
- a cell that starts with `'` followed by `=`, `+`, `-`, `@`, a tab or a carriage return is read
  without the `'`: a download writes it so that a spreadsheet does not run the cell as a formula.

The file is read into plain columns (split at its commas and line breaks when it holds no quote, by the
stdlib `csv` module otherwise: the same cells), checked row by row (every problem at its line and column),
and made into a pandas DataFrame only when a consumer asks for one.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import hashlib
import io
import math
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import files, series_text
from .errors import Problem
from .fields import KINDS, PERIOD_PATTERN, QUALIFIER_WORDS, check_period
from .quotes import QuoteIndex, normalise_text
from .series_text import MAX_PROBLEMS_PER_FILE
from .texts import MARKER

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["year", "value", "qualifier", "source", "note"]  # required, in any order
# the source's words; the note in Russian (`note` is English); months covered; level or change
OPTIONAL = ["quote", "note_ru", "period", "kind"]
QUALIFIERS = {"": "=", **{s: s for s in QUALIFIER_WORDS}, **{w: s for s, w in QUALIFIER_WORDS.items()}}
GUARDED = ("'=", "'+", "'-", "'@", "'\t", "'\r")  # a spreadsheet guard, dropped on reading
# a plain decimal number, as the registry writes one: no separators, no NaN or infinity
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")
_PERIOD = re.compile(PERIOD_PATTERN)


@dataclasses.dataclass(frozen=True, eq=True)
class SeriesTable:
    """One series file's checked rows, as plain columns (one list per column, one item per row)."""

    indicator: str
    origin: str  # the series file, as the registry names it
    columns: tuple[str, ...]  # the header, as the file gives it: where problems and warnings point
    lines: list[int]  # the line each row starts on (the header is line 1)
    year: list[int]
    value: list[float]
    qualifier: list[str]  # always a symbol
    source: list[str]
    note: list[str | None]  # None for an empty cell
    quote: list[str | None]
    period: list[str | None]  # None for the full year
    kind: list[str]
    note_ru: list[str | None] | None = None  # None when the file has no note_ru column
    sha256: str = ""  # of the file's bytes: part of the registry's content version
    # the file ends in a line break; a copy cut off mid-row often does not (the app's banner then warns)
    ends_in_line_break: bool = True

    def __len__(self) -> int:
        return len(self.year)

    def frame(self) -> pd.DataFrame:
        import pandas as pd

        columns: dict[str, Any] = {
            "indicator": [self.indicator] * len(self),
            "year": pd.array(self.year, dtype="int64"),
            "value": pd.array(self.value, dtype="float64"),
            "qualifier": self.qualifier,
            "source": self.source,
            "note": self.note,
            "quote": self.quote,
            "period": self.period,
            "kind": self.kind,
        }
        if self.note_ru is not None:
            columns["note_ru"] = self.note_ru
        columns["origin"] = [self.origin] * len(self)
        return pd.DataFrame(columns)

    def in_language(self, lang: str) -> SeriesTable:
        """The table whose `note` is in `lang`: `note` is English, `note_ru` Russian; a missing one falls back, marked."""
        if lang == "en":
            return self
        own = getattr(self, f"note_{lang}", None) or [None] * len(self)
        marker = MARKER.format(lang="en")
        notes = [mine if mine is not None else note + marker if note is not None else None for note, mine in zip(self.note, own)]
        return dataclasses.replace(self, note=notes)


class Series(Mapping[str, "pd.DataFrame"]):
    """Indicator id to the DataFrame of its series file, built on first access (pandas is imported then).

    `tables` holds the same rows as plain columns, for readers that need no DataFrame.
    """

    def __init__(self, tables: Mapping[str, SeriesTable] | None = None) -> None:
        self.tables: dict[str, SeriesTable] = dict(tables or {})
        self._frames: dict[str, pd.DataFrame] = {}

    def __getitem__(self, key: str) -> pd.DataFrame:
        try:
            return self._frames[key]
        except KeyError:
            table = self.tables[key]  # KeyError for an unknown id, as a dict
            return self._frames.setdefault(key, table.frame())  # racing readers build alike; one is kept

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)

    def __contains__(self, key: object) -> bool:
        return key in self.tables

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Series):
            return self.tables == other.tables
        return Mapping.__eq__(self, other) if isinstance(other, Mapping) and not (self and other) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Series({', '.join(f'{k}: {len(t)} rows' for k, t in self.tables.items())})"

    def __getstate__(self) -> dict[str, Any]:
        return {"tables": self.tables}  # frames are built again where they are wanted

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.tables, self._frames = state["tables"], {}

    @property
    def rows(self) -> int:
        """How many rows all the series files hold together."""
        return sum(len(t) for t in self.tables.values())

    def in_language(self, lang: str) -> Series:
        """The series whose `note` columns are in `lang` (see SeriesTable.in_language)."""
        return self if lang == "en" else Series({k: t.in_language(lang) for k, t in self.tables.items()})


def _header_problem(relative: str, header: list[str]) -> Problem | None:
    known = COLUMNS + OPTIONAL
    missing = [c for c in COLUMNS if c not in header]
    extra = [c for c in header if c not in known]
    twice = [c for i, c in enumerate(header) if c in header[:i]]
    if not (missing or extra or twice):
        return None
    if twice and not (missing or extra):
        return Problem(
            relative,
            1,
            header.index(twice[0], header.index(twice[0]) + 1) + 1,
            "",
            f"bad header: column {twice[0]!r} given twice",
            "remove one",
        )
    detail = "; ".join(filter(None, [f"missing {', '.join(missing)}" if missing else "", f"unknown {', '.join(extra)}" if extra else ""]))
    close = difflib.get_close_matches(extra[0], missing or known, n=1, cutoff=0.6) if extra else []
    hint = (
        f"did you mean {close[0]!r}?"
        if close
        else f"the columns are {','.join(COLUMNS)} in any order, and optionally {', '.join(OPTIONAL)}"
    )
    col = header.index(extra[0]) + 1 if extra else 1
    return Problem(relative, 1, col, "", f"bad header: {detail}", hint)


def _number(text: str) -> float | None:
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _plain_numbers(cells: list[str], kind: type) -> list[Any] | None:
    """Every cell as a number when all are plain decimal numbers (the usual case, at C speed), else None."""
    try:
        numbers = list(map(kind, cells))
    except ValueError:
        return None
    # int() and float() also read "1_000", other scripts' digits, "nan" and "inf"
    joined = "".join(cells)
    if not joined.isascii() or "_" in joined or not all(map(math.isfinite, numbers)):
        return None
    return numbers


def read_series(
    base: Path,
    relative: str,
    indicator: str,
    sources: set[str],
    minimum: float | None,
    limit: float | None,
    documents: Mapping[str, QuoteIndex] | None = None,
    inline: set[tuple[int, str, str | None, str]] | None = None,
) -> tuple[SeriesTable | None, list[Problem]]:
    """Read and check one series file, every row at once.

    Problems carry the CSV's own line (the header is line 1) and column. ``documents`` (source id to
    its document) checks the `quote` column; ``inline`` holds the (year, source, period, kind) of the
    values the registry itself gives for the indicator.
    """
    try:
        data = files.read(base, relative, "data")
        text = data.decode("utf-8-sig")
    except files.FileRefused as exc:
        return None, [Problem(relative, 0, 0, "", exc.message, exc.hint)]
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
        line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
        return None, [Problem(relative, line, col, "", "the file is not valid UTF-8 text", "save it as UTF-8 CSV")]
    # LF, CRLF and old-Mac CR all end a line
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, [])
        bad = _header_problem(relative, header)
        if bad is not None:
            return None, [bad]
        columns, lines, problems = series_text.body(text, reader, len(header), relative)
        if problems:
            return None, problems
    except csv.Error as exc:
        line = series_text.failing_line(text)
        return None, [Problem(relative, line, 1, "", f"CSV error: {exc}", "check the quotes and the commas of that line")]
    table, problems = _check(
        relative, indicator, header, columns, lines, sources, minimum, limit, documents or {}, inline or set(), "'" in text
    )
    if table is None:
        return None, problems
    whole = not data.strip() or data.endswith((b"\n", b"\r"))
    return dataclasses.replace(table, sha256=hashlib.sha256(data).hexdigest(), ends_in_line_break=whole), problems


def _check(
    relative: str,
    indicator: str,
    header: list[str],
    columns: list[list[str]],
    lines: list[int],
    sources: set[str],
    minimum: float | None,
    limit: float | None,
    documents: Mapping[str, QuoteIndex],
    inline: set[tuple[int, str, str | None, str]],
    apostrophes: bool = True,
) -> tuple[SeriesTable | None, list[Problem]]:
    """Every cell of every row checked; each check is one pass over its column (a faster one when all is well)."""
    problems: list[Problem] = []
    flagged: dict[str, int] = {}
    n = len(lines)
    column: dict[str, list[str]] = {}
    for name, cells in zip(header, columns):
        # a spreadsheet guard (' before = + - @ tab or CR) is dropped; a file without a ' has none, and a column's
        # cell starting with ' is found at C speed (a \0 inside a cell may only send it down the exact path for nothing)
        guarded = apostrophes and "\0'" in "\0" + "\0".join(cells)
        column[name] = [c[1:] if c.startswith(GUARDED) else c for c in cells] if guarded else cells

    def flag(line: int, name: str, message: str, raw: str, hint: str = "") -> None:
        if flagged.get(name, 0) >= MAX_PROBLEMS_PER_FILE:
            return
        flagged[name] = flagged.get(name, 0) + 1
        shown = raw if len(raw) <= 60 else raw[:57] + "..."
        problems.append(Problem(relative, line, header.index(name) + 1, name, f"{message}, got {shown!r}", hint))

    years = _plain_numbers(column["year"], int)
    if years is None or (years and not 1900 <= min(years) <= max(years) <= 2100):
        years = []
        for line, raw in zip(lines, column["year"]):
            year = _number(raw)
            if year is None or not year.is_integer() or not 1900 <= year <= 2100:
                flag(line, "year", "year must be a whole number from 1900 to 2100", raw)
                years.append(0)
            else:
                years.append(int(year))
    values = _plain_numbers(column["value"], float)
    read = values is not None  # every value a plain number: none is NaN
    if values is None:
        values = []
        for line, raw in zip(lines, column["value"]):
            value = _number(raw)
            if value is None:
                flag(line, "value", "value must be a finite number", raw, "use a dot for decimals")
            values.append(math.nan if value is None else value)
    qualifiers = list(map(QUALIFIERS.get, column["qualifier"]))  # None for a qualifier not known
    if None in qualifiers:
        for line, raw, q in zip(lines, column["qualifier"], qualifiers):
            if q is None:
                flag(line, "qualifier", "qualifier must be one of = ~ > < >= <=, or a word: " + ", ".join(QUALIFIER_WORDS.values()), raw)
    source = column["source"]
    if not sources.issuperset(source):
        for line, raw in zip(lines, source):
            if raw not in sources:
                flag(line, "source", "unknown source", raw, "add it to `sources` first")
    periods: list[str | None] = [None] * n
    if any(column.get("period", ())):
        for i, (line, raw) in enumerate(zip(lines, column["period"])):
            if not raw:
                continue
            if not _PERIOD.fullmatch(raw):
                flag(line, "period", "period must be months like 'Jan-Jul' or 'Jun', or empty for the full year", raw)
                continue
            try:
                check_period(raw)
            except ValueError as exc:
                flag(line, "period", str(exc), raw)
                continue
            periods[i] = raw
    kinds: list[str] = ["level"] * n
    every_level = not any(column.get("kind", ()))
    if not every_level:
        for i, (line, raw) in enumerate(zip(lines, column["kind"])):
            if raw and raw not in KINDS:
                flag(line, "kind", f"kind must be {' or '.join(KINDS)}, or empty for level", raw)
            elif raw:
                kinds[i] = raw
    # a change is a percent, not a value; a value not read is NaN
    levels = values if every_level and read else [v for v, k in zip(values, kinds) if k == "level" and not math.isnan(v)]
    if levels and ((minimum is not None and min(levels) < minimum) or (limit is not None and max(levels) > limit)):
        for line, raw, value, kind in zip(lines, column["value"], values, kinds):
            if kind != "level" or math.isnan(value):
                continue
            if minimum is not None and value < minimum:
                flag(line, "value", f"value is below the indicator's minimum {minimum}", raw)
            elif limit is not None and value > limit:
                flag(line, "value", f"value is above the indicator's limit {limit}", raw)
    keys = list(zip(years, source, periods, kinds))
    if len(set(keys)) != n or not inline.isdisjoint(keys):
        seen: set[tuple[int, str, str | None, str]] = set()
        for line, key in zip(lines, keys):
            if not key[0]:
                continue  # a bad year is reported already
            if key in seen:
                flag(line, "year", "a second value for this year from the same source", str(key[0]))
            elif key in inline:
                flag(line, "year", "a second value for this year from the same source, which the registry gives inline too", str(key[0]))
            seen.add(key)
    quotes = _quotes(column["quote"], source, lines, documents, flag) if "quote" in column else [None] * n
    if problems:
        return None, problems[: MAX_PROBLEMS_PER_FILE * 2]
    note_ru = [c or None for c in column["note_ru"]] if "note_ru" in column else None
    notes = [c or None for c in column["note"]]
    return SeriesTable(
        indicator, relative, tuple(header), lines, years, values, qualifiers, source, notes, quotes, periods, kinds, note_ru
    ), []


def _quotes(
    given: list[str], sources: list[str], lines: list[int], documents: Mapping[str, QuoteIndex], flag: Callable[..., None]
) -> list[str | None]:
    """A `quote` cell must hold words, and be in its source's document when that source has one."""
    quotes = [normalise_text(q) if q else "" for q in given]
    for line, raw, q in zip(lines, given, quotes):
        if raw and not q:
            flag(line, "quote", "the quote is empty", raw, "copy the source's words, or leave the cell empty")
    wanted: dict[str, set[str]] = {}
    for q, source in zip(quotes, sources):
        if q and source in documents:
            wanted.setdefault(source, set()).add(q)
    found = {source: documents[source].found(qs) for source, qs in wanted.items()}
    for line, raw, q, source in zip(lines, given, quotes, sources):
        if q and source in found and q not in found[source]:
            flag(line, "quote", "quote not found verbatim in the source's document", raw, "copy the words exactly, including apostrophes")
    return [raw or None for raw in given]
