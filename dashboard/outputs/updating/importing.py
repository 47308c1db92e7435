"""`python -m dashboard import FILE.csv`: add sourced values in the columns of the reference figures.

Each row is added, found already present, found conflicting (another value for that year and source)
or refused with the reason. A source is matched by its URL, or made from the URL's host. Nothing is
converted: a unit other than the indicator's, a `_change` indicator or a value for part of a year that
has no `period` is refused unless `--map` says where it goes. The whole result is validated once and
written once.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.i18n import _, ngettext
from dashboard.outputs.updating import finish, open_editor
from dashboard.registry.editing import ADDED, CONFLICT, PRESENT, REPLACED, EditError, Editor, NewSource, NewValue, closest
from dashboard.registry.errors import escape_controls

COLUMNS = ("indicator", "year", "value", "qualifier", "unit", "source_url", "quote", "note")
MAX_BYTES = 16 * 1024 * 1024
MAX_ROWS = 100_000
PROGRESS_FROM = 5  # more rows than this get a progress line
REFUSED = "refused"
# a note saying the value covers part of a year ("January-November 2025 only", "first half"); a date ("29 Jan 2026") is not
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_PART_YEAR = re.compile(
    rf"\b{_MONTH}\s*(?:-|–|—|to|through)\s*{_MONTH}\b|\bfirst half\b|\bquarter\b|\bpart[- ]year\b|\bsame period\b", re.I
)


@dataclass(frozen=True)
class Mapping:
    indicator: str
    kind: str = "level"


def parse_maps(specs: list[str]) -> dict[str, Mapping]:
    """`FROM=TO[:change]`: the file's indicator FROM goes to the registry's TO, as levels or as published percent changes."""
    out = {}
    for spec in specs:
        source, sep, target = spec.partition("=")
        indicator, _colon, kind = target.partition(":")
        if not sep or not source.strip() or not indicator.strip() or kind not in ("", "level", "change"):
            raise EditError(f"--map {spec!r}: write FROM=TO or FROM=TO:change")
        out[source.strip()] = Mapping(indicator.strip(), kind or "level")
    return out


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _units(ind) -> set[str]:
    texts = set()
    for field in (ind.unit, ind.unit_short):
        texts |= {_norm(t) for t in getattr(field, "texts", {"en": field}).values()}
    return texts


def _url_key(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}?{parts.query}"


class Sources:
    """The registry's sources by URL, and those this import makes, one per new URL."""

    def __init__(self, editor: Editor) -> None:
        self.editor = editor
        self.by_url = {_url_key(s.url): s.id for s in editor.registry.sources}

    def id_for(self, url: str) -> tuple[str, str | None]:
        """The id of the source at `url`, and the host when it is new (made by `make` once a row uses it)."""
        key = _url_key(url)
        if key in self.by_url:
            return self.by_url[key], None
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        stem = re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-") or "source"
        stem = stem if stem[0].isalpha() else f"s-{stem}"
        ident, n = stem, 1
        while ident in self.editor.sources:
            n += 1
            ident = f"{stem}-{n}"
        return ident, host

    def make(self, ident: str, host: str, url: str, indicator: str, year: int) -> None:
        self.editor.add_source(
            NewSource(ident, host, url.strip(), f"Page quoted for {indicator} {year}", title_ru=f"Цитируемая страница: {indicator}, {year}")
        )
        self.by_url[_url_key(url)] = ident


def import_row(editor: Editor, sources: Sources, row: dict[str, str], maps: dict[str, Mapping], replace: bool) -> tuple[str, str]:
    """(outcome, why) of one row."""
    name = row["indicator"].strip()
    mapping = maps.get(name)
    target = mapping.indicator if mapping else name
    if mapping is None and name.endswith("_change"):
        level = name.removesuffix("_change")
        return (
            REFUSED,
            f"a change, not a level: --map {name}={level if editor.registry.indicator(level) else 'INDICATOR'}:change records it",
        )
    ind = editor.registry.indicator(target)
    if ind is None:
        hint = closest(target, [i.id for i in editor.registry.indicators])
        return REFUSED, f"unknown indicator {target!r}" + (f" ({hint})" if hint else "") + ("; or --map it onto one" if not mapping else "")
    if mapping is None and _norm(row["unit"]) not in _units(ind):
        unit = getattr(ind.unit, "texts", {"en": ind.unit}).get("en", str(ind.unit))
        return REFUSED, f"unit {row['unit']!r} is not the indicator's ({unit!r}); if it is the same measure, --map {name}={name}"
    year = row["year"].strip()
    if not year.isdigit():
        return REFUSED, f"year {year!r} is not a year"
    period = (row.get("period") or "").strip() or None
    if period is None and (_PART_YEAR.search(row.get("note") or "") or "same period" in row["unit"]):
        return REFUSED, "the note or unit says part of a year: add a `period` column (Jan-Sep) to the file"
    if not row["source_url"].strip():
        return REFUSED, "no source_url"
    try:
        fields = (row["value"].strip(), "", row["qualifier"].strip() or "=", row["quote"].strip() or None, row["note"].strip() or None)
        NewValue(target, int(year), *fields, period=period)  # a bad value is refused before a source is made for it
        source, new_host = sources.id_for(row["source_url"])
        value = NewValue(
            target,
            int(year),
            row["value"].strip(),
            source,
            row["qualifier"].strip() or "=",
            row["quote"].strip() or None,
            row["note"].strip() or None,
            period=period,
            kind=mapping.kind if mapping else "level",
        )
        if new_host is not None:
            editor.sources[source] = row["source_url"].strip()  # the value may cite it; it is written only if the value is
        try:
            outcome = editor.put(value, replace=replace)
        finally:
            if new_host is not None:
                del editor.sources[source]
        if new_host is not None and outcome in (ADDED, REPLACED):
            sources.make(source, new_host, row["source_url"], target, int(year))
    except EditError as exc:
        return REFUSED, str(exc)
    if outcome == CONFLICT:
        found = editor.existing(value)
        return CONFLICT, f"the registry gives {found[1] if found[1] != '=' else ''}{found[0]} for {year} from {source}"
    return outcome, f"{target} {year} from {source}" + ("" if outcome in (ADDED, REPLACED) else "")


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise EditError(f"{path} is over {MAX_BYTES // 2**20} MB")
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise EditError(f"{path}: no column {', '.join(missing)} (the columns are {','.join(COLUMNS)}, and optionally period)")
    rows, end = [], 1
    for row in reader:
        rows.append((end + 1, {k: (v or "") for k, v in row.items() if isinstance(k, str)}))
        end = reader.line_num
        if len(rows) > MAX_ROWS:
            raise EditError(f"{path}: more than {MAX_ROWS:,} rows")
    return rows


def run(args: argparse.Namespace) -> int:
    """`python -m dashboard import`: the arguments are declared in `dashboard.cli`."""
    try:
        maps = parse_maps(args.map or [])
        rows = read_rows(args.file)
    except (EditError, OSError, UnicodeDecodeError) as exc:
        print(_("refused: {reason}").format(reason=exc), file=sys.stderr)
        return 1
    editor = open_editor(args.registry)
    if editor is None:
        return 1
    sources = Sources(editor)
    counts: dict[str, int] = {}
    for n, (line, row) in enumerate(rows, 1):
        outcome, why = import_row(editor, sources, row, maps, args.replace)
        counts[outcome] = counts.get(outcome, 0) + 1
        print(escape_controls(f"{args.file.name}:{line}: {row['indicator']} {row['year']}: {outcome}: {why}"))
        if len(rows) > PROGRESS_FROM and (n % 10 == 0 or n == len(rows)):
            print(_("… {done} of {total} rows").format(done=n, total=len(rows)), file=sys.stderr)
    print(
        ngettext("{count} row", "{count} rows", len(rows)).format(count=len(rows))
        + ": "
        + ", ".join(f"{counts.get(k, 0)} {k}" for k in (ADDED, REPLACED, PRESENT, CONFLICT, REFUSED))
    )
    code = finish(editor, dry_run=args.dry_run)
    return 1 if code or counts.get(REFUSED) or counts.get(CONFLICT) else 0
