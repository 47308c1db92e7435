"""Long series kept in CSV files (`series_file: data/<id>.csv`)."""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from . import files
from .errors import Problem
from .quotes import QuoteIndex, normalise_text

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["year", "value", "qualifier", "source", "note"]
OPTIONAL = ["quote", "note_ru"]  # the source's words; the note in Russian (`note` is English)
QUALIFIERS = {"=", "~", ">", "<", ">=", "<="}
MAX_PROBLEMS_PER_FILE = 20
_PANDAS_LINE = re.compile(r"\bline (\d+)\b")


def _csv_error(relative: str, exc: Exception) -> Problem:
    """A parser's complaint, placed on its line when it names one (its text holds no cell content)."""
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    found = _PANDAS_LINE.search(message)
    return Problem(relative, int(found.group(1)) if found else 1, 1, "", f"CSV error: {message}", "check the quotes and the commas of that line")


def _field_counts(relative: str, text: str, width: int) -> list[Problem]:
    """Rows whose number of fields is not the header's, at the line an editor shows them on."""
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text))
    end = 0  # the line the previous row ended on: a quoted value may hold line breaks
    try:
        for row in reader:
            start, end = end + 1, reader.line_num
            if row and len(row) > width and len(problems) < MAX_PROBLEMS_PER_FILE:
                message = f"line {start} has {len(row)} fields, the header has {width}: a comma inside a value?"
                problems.append(Problem(relative, start, 1, "", message, "put the value in double quotes, or remove the comma"))
    except csv.Error as exc:
        problems.append(Problem(relative, end + 1, 1, "", f"CSV error: {exc}", "check the quotes of that line"))
    return problems


def _header_ok(header: list[str]) -> bool:
    extra = header[len(COLUMNS):]
    return header[: len(COLUMNS)] == COLUMNS and extra == [c for c in OPTIONAL if c in extra]


def read_series(
    base: Path,
    relative: str,
    indicator: str,
    sources: set[str],
    minimum: float | None,
    limit: float | None,
    documents: Mapping[str, QuoteIndex] | None = None,
    inline: set[tuple[int, str]] | None = None,
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read and check one series file, every row at once.

    Problems carry the CSV's own line (the header is line 1) and column. ``documents`` (source id to
    its document) checks the `quote` column; ``inline`` holds the (year, source) pairs the registry
    itself gives for the indicator.
    """
    import numpy as np  # here, not at the top: a registry without series files is validated without pandas
    import pandas as pd
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
    try:
        header = next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])
    except csv.Error as exc:
        return None, [_csv_error(relative, exc)]
    if not _header_ok(header):
        missing = [c for c in COLUMNS if c not in header]
        extra = [c for c in header if c not in COLUMNS + OPTIONAL]
        detail = "; ".join(filter(None, [f"missing {', '.join(missing)}" if missing else "", f"unknown {', '.join(extra)}" if extra else ""]))
        close = difflib.get_close_matches(extra[0], missing or COLUMNS, n=1, cutoff=0.6) if extra else []
        hint = f"did you mean {close[0]!r}?" if close else f"the header is {','.join(COLUMNS)}, optionally ,quote and ,note_ru"
        col = header.index(extra[0]) + 1 if extra else 1
        return None, [Problem(relative, 1, col, "", "bad header" + (f": {detail}" if detail else f": columns out of order {','.join(header)}"), hint)]
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False, on_bad_lines="error", engine="c"
        )
    except (pd.errors.ParserError, ValueError, csv.Error, OverflowError, MemoryError) as exc:
        return None, _field_counts(relative, text, len(header)) or [_csv_error(relative, exc)]

    problems: list[Problem] = []
    lines = np.arange(len(frame)) + 2  # header is line 1

    def flag(mask: np.ndarray, column: str, message: str, hint: str = "") -> None:
        col = header.index(column) + 1
        for line, raw in zip(lines[mask][:MAX_PROBLEMS_PER_FILE], frame[column].to_numpy()[mask]):
            shown = raw if len(raw) <= 60 else raw[:57] + "..."
            problems.append(Problem(relative, int(line), col, column, f"{message}, got {shown!r}", hint))

    years = pd.to_numeric(frame["year"], errors="coerce")
    bad_year = years.isna().to_numpy() | ~years.between(1900, 2100).to_numpy() | (years % 1 != 0).to_numpy()
    flag(bad_year, "year", "year must be a whole number from 1900 to 2100")
    values = pd.to_numeric(frame["value"], errors="coerce")
    bad_value = ~np.isfinite(values.to_numpy(dtype=float))
    flag(bad_value, "value", "value must be a finite number", "use a dot for decimals")
    if minimum is not None:
        flag(~bad_value & (values.to_numpy() < minimum), "value", f"value is below the indicator's minimum {minimum}")
    if limit is not None:
        flag(~bad_value & (values.to_numpy() > limit), "value", f"value is above the indicator's limit {limit}")
    qualifier = frame["qualifier"].replace("", "=")
    flag(~qualifier.isin(QUALIFIERS).to_numpy(), "qualifier", "qualifier must be one of = ~ > < >= <=")
    flag(~frame["source"].isin(sources).to_numpy(), "source", "unknown source", "add it to `sources` first")
    dup = frame.assign(year=years).duplicated(["year", "source"]).to_numpy() & ~bad_year
    flag(dup, "year", "a second value for this year from the same source")
    if inline:
        pairs = zip(years.to_numpy(), frame["source"].to_numpy())
        again = np.fromiter(((y, s) in inline for y, s in pairs), dtype=bool, count=len(frame)) & ~bad_year
        flag(again, "year", "a second value for this year from the same source, which the registry gives inline too")
    if "quote" in frame:
        _quotes(frame, documents or {}, flag)
    if problems:
        return None, problems[: MAX_PROBLEMS_PER_FILE * 2]
    out = pd.DataFrame(
        {
            "indicator": indicator,
            "year": years.astype("int64"),
            "value": values.astype("float64"),
            "qualifier": qualifier,
            "source": frame["source"],
            "note": frame["note"].replace("", None),
            "quote": frame["quote"].replace("", None) if "quote" in frame else None,
            **({"note_ru": frame["note_ru"].replace("", None)} if "note_ru" in frame else {}),
            "origin": relative,
        }
    )
    return out, []


def _quotes(frame: pd.DataFrame, documents: Mapping[str, QuoteIndex], flag: Callable[..., None]) -> None:
    """A `quote` cell must hold words, and be in its source's document when that source has one."""
    import numpy as np
    given = frame["quote"].to_numpy()
    quotes = [normalise_text(q) for q in given]
    flag(np.array([bool(raw) and not q for raw, q in zip(given, quotes)], dtype=bool), "quote", "the quote is empty", "copy the source's words, or leave the cell empty")
    wanted: dict[str, set[str]] = {}
    for q, source in zip(quotes, frame["source"].to_numpy()):
        if q and source in documents:
            wanted.setdefault(source, set()).add(q)
    found = {source: documents[source].found(qs) for source, qs in wanted.items()}
    missing = [bool(q) and source in found and q not in found[source] for q, source in zip(quotes, frame["source"].to_numpy())]
    flag(np.array(missing, dtype=bool), "quote", "quote not found verbatim in the source's document", "copy the words exactly, including apostrophes")
