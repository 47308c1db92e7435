"""A series file's text as columns of cells, each row with the line it starts on.

Without a `"` the csv module splits at every comma and line break, and so does `plain_columns`, at C
speed: the usual file, a few columns of numbers and ids, is read in a third of the time. A blank line,
a row too short or too long, or any quote goes the csv module's way (`body`), which places each row on
the line an editor shows it on.
"""

from __future__ import annotations

import csv
import io
import itertools
from typing import Any

from .errors import Problem

MAX_PROBLEMS_PER_FILE = 20


def body(text: str, reader: Any, width: int, relative: str) -> tuple[list[list[str]], list[int], list[Problem]]:
    """(columns, the line each row starts on, problems) of the rows after the header, which `reader` has read.

    Raises csv.Error for a file the csv module refuses (failing_line places it)."""
    columns = plain_columns(text, width)
    if columns is not None:
        return columns, list(range(2, len(columns[0]) + 2)), []
    # one line a row, every row full: read at once, each row on the line after the previous one
    rows = list(reader)
    if reader.line_num == len(rows) + 1 and all(map(width.__eq__, map(len, rows))):
        lines = list(range(2, len(rows) + 2))
        problems: list[Problem] = []
    else:  # a blank line, a line break inside a quoted value, a row too short or too long
        reader = csv.reader(io.StringIO(text))
        next(reader)
        rows, lines, problems = _rows(reader, width, relative)
    return [list(c) for c in zip(*rows)] if rows else [[] for _ in range(width)], lines, problems


def plain_columns(text: str, width: int) -> list[list[str]] | None:
    """The columns after the header when the file has no quote (nor NUL) and each line is a full row, else None."""
    if '"' in text or "\0" in text:
        return None
    after = text.partition("\n")[2]
    after = after[:-1] if after.endswith("\n") else after
    if not after:
        return [[] for _ in range(width)]
    lines = after.split("\n")
    if not all(map((width - 1).__eq__, map(str.count, lines, itertools.repeat(",")))):
        return None
    cells = after.replace("\n", ",").split(",")
    return [cells[i::width] for i in range(width)]


def _rows(reader: Any, width: int, relative: str) -> tuple[list[list[str]], list[int], list[Problem]]:
    """The rows after the header with the line each starts on; a blank line is skipped, a short row padded."""
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    end = 1  # the line the previous row ended on: a quoted value may hold line breaks
    for row in reader:
        start, end = end + 1, reader.line_num
        if not row:
            continue
        if len(row) > width:
            if len(problems) < MAX_PROBLEMS_PER_FILE:
                problems.append(_field_count(relative, start, len(row), width))
            continue
        rows.append(row if len(row) == width else row + [""] * (width - len(row)))
        lines.append(start)
    return rows, lines, problems


def _field_count(relative: str, line: int, fields: int, width: int) -> Problem:
    message = f"line {line} has {fields} fields, the header has {width}: a comma inside a value?"
    return Problem(relative, line, 1, "", message, "put the value in double quotes, or remove the comma")


def failing_line(text: str) -> int:
    """The line on which the row the csv module refuses starts."""
    reader = csv.reader(io.StringIO(text))
    end = 0
    try:
        for _ in reader:
            end = reader.line_num
    except csv.Error:
        pass
    return end + 1
