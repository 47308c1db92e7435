"""Long series kept in CSV files (`series_file: data/<id>.csv`)."""

from __future__ import annotations

import csv
import difflib
import io
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import Problem

COLUMNS = ["year", "value", "qualifier", "source", "note"]
OPTIONAL = ["quote"]
QUALIFIERS = {"=", "~", ">", "<", ">=", "<="}
MAX_PROBLEMS_PER_FILE = 20


def read_series(
    base: Path, relative: str, indicator: str, sources: set[str], minimum: float | None, limit: float | None
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read and check one series file, every row at once.

    Problems carry the CSV's own line (the header is line 1) and column.
    """
    path = base / relative
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
    except OSError as exc:
        return None, [Problem(relative, 0, 0, "", f"cannot read: {exc.strerror}")]
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", "replace")
        line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
        return None, [Problem(relative, line, col, "", "the file is not valid UTF-8 text", "save it as UTF-8 CSV")]
    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])
    if header not in (COLUMNS, COLUMNS + OPTIONAL):
        missing = [c for c in COLUMNS if c not in header]
        extra = [c for c in header if c not in COLUMNS + OPTIONAL]
        detail = "; ".join(filter(None, [f"missing {', '.join(missing)}" if missing else "", f"unknown {', '.join(extra)}" if extra else ""]))
        close = difflib.get_close_matches(extra[0], missing or COLUMNS, n=1, cutoff=0.6) if extra else []
        hint = f"did you mean {close[0]!r}?" if close else f"the header is {','.join(COLUMNS)}, optionally ,quote"
        col = header.index(extra[0]) + 1 if extra else 1
        return None, [Problem(relative, 1, col, "", "bad header" + (f": {detail}" if detail else f": columns out of order {','.join(header)}"), hint)]
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False, on_bad_lines="error", engine="c"
        )
    except (pd.errors.ParserError, ValueError) as exc:
        return None, [Problem(relative, 1, 1, "", f"CSV error: {exc}".splitlines()[0])]

    problems: list[Problem] = []
    lines = np.arange(len(frame)) + 2  # header is line 1

    def flag(mask: np.ndarray, column: str, message: str, hint: str = "") -> None:
        col = COLUMNS.index(column) + 1
        for line, raw in zip(lines[mask][:MAX_PROBLEMS_PER_FILE], frame[column].to_numpy()[mask]):
            problems.append(Problem(relative, int(line), col, column, f"{message}, got {raw!r}", hint))

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
            "origin": relative,
        }
    )
    return out, []
