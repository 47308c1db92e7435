"""The one CSV writer and its one cell guard: every CSV the dashboard writes (downloads, an indicator's
series, the summary) goes through `write`, so all of them open safely and alike in a spreadsheet.

UTF-8 with a byte-order mark (spreadsheet programs then read Cyrillic right), CRLF line ends (RFC 4180;
a cell holding CR or LF gets quoted). Numbers are the shortest text that reads back as the same float;
only a text cell that a spreadsheet would run as a formula gets a leading `'`.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

BOM = "\ufeff"
# A cell a spreadsheet reads as a number, not as a formula: "-3", "+25.5", "-4.2%", "1e-05"
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$")


def number(value: Any) -> str:
    """The shortest text that reads back as the same number: 34506, 0.1, 9.91214666360468; empty for none or not finite."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value).lower()
    found = float(value)
    if not math.isfinite(found):
        return ""
    if found.is_integer() and abs(found) < 2**53:
        return str(int(found))
    return repr(found)


def spreadsheet_safe(cell: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, prefixed with `'`; everything else unchanged.

    The first character that is not white space decides, after Unicode compatibility normalisation
    (NFKC: a fullwidth `＝`, `＋`, `－` or `＠` is read as `=`, `+`, `-`, `@` by some programs): formulas
    start with `=` or `@`, or with `+`/`-` followed by anything but a plain number. Programs strip
    leading spaces and line breaks, exposing what follows; a leading tab or carriage return is always
    guarded. Non-text cells and plain numbers written as text ("-3%", "+25.5") are left as they are, so
    that they round-trip.
    """
    if not isinstance(cell, str) or not cell:
        return cell
    if cell[0] in "\t\r":
        return "'" + cell
    lead = unicodedata.normalize("NFKC", cell).lstrip()
    if not lead:
        return cell
    first = lead[0]
    if first in "=@" or (first in "+-" and not _PLAIN_NUMBER.match(lead)):
        return "'" + cell
    return cell


def cell(value: Any) -> str:
    """Any value as a cell: empty for none (or pandas' NaN), numbers by `number`, booleans as true/false, text guarded."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (bool, int, float)):
        return number(value)
    return spreadsheet_safe(str(value))


def write(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The CSV text: a header of `columns`, then each row's cells through `cell`."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([cell(v) for v in row] for row in rows)
    return out.getvalue()
