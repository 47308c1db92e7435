"""Editing the registry's files in place: add or correct values and sources without touching anything else.

`Editor(path)` reads indicators.yaml and its series files; `put` and `add_source` plan each change
(and say whether the value is new, already there, or conflicting); `changes()` gives the new text of
every file touched, and `validate()` loads the result with the normal loader in a temporary copy.
Nothing here writes into the registry's folder: the caller writes with the safe writer.
"""

from __future__ import annotations

import difflib
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import files
from ..errors import Problem, RegistryError
from ..fields import PERIOD_PATTERN, SOURCE_ID_PATTERN
from ..loader import MAX_BYTES, load_registry
from ..models import Registry
from .csvtext import CsvText
from .yamltext import EditError, Plain, YamlText, add_observations, add_source, find_observation

__all__ = ["EditError", "Editor", "NewSource", "NewValue", "closest"]

_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")
QUALIFIERS = ("=", "~", ">", "<", ">=", "<=")


def closest(word: str, known: list[str], n: int = 3) -> str:
    """'closest: a, b' for a hint, or '' when nothing is near."""
    near = difflib.get_close_matches(word, known, n=n, cutoff=0.5)
    return f"closest: {', '.join(near)}" if near else ""


@dataclass(frozen=True)
class NewValue:
    indicator: str
    year: int
    value: str  # as typed: the file keeps the analyst's digits
    source: str
    qualifier: str = "="
    quote: str | None = None
    note: str | None = None
    note_ru: str | None = None
    period: str | None = None
    kind: str = "level"

    def __post_init__(self) -> None:
        if not _PLAIN_NUMBER.match(self.value):
            raise EditError(f"value {self.value!r} is not a plain decimal number (write 13900 or 9.1: a dot, no separators)")
        if self.qualifier not in QUALIFIERS:
            raise EditError(f"qualifier {self.qualifier!r} is not one of {' '.join(QUALIFIERS)}")
        if self.period is not None and not re.match(PERIOD_PATTERN, self.period):
            raise EditError(f"period {self.period!r} is not months like Jan-Sep")
        if self.kind not in ("level", "change"):
            raise EditError(f"kind {self.kind!r} is not level or change")

    @property
    def key(self) -> tuple:
        return (self.year, self.source, self.period, self.kind)


@dataclass(frozen=True)
class NewSource:
    id: str
    publisher: str
    url: str
    title: str
    date: str | None = None
    title_ru: str | None = None

    def __post_init__(self) -> None:
        if not re.match(SOURCE_ID_PATTERN, self.id):
            raise EditError(f"source id {self.id!r}: a lowercase letter, then a-z, 0-9, _ and -")
        if not re.match(r"^https?://[^\s<>\"]+$", self.url):
            raise EditError(f"source url {self.url!r} is not an http(s) address")
        if self.date is not None and not re.match(r"^\d{4}-\d{2}-\d{2}$", self.date):
            raise EditError(f"source date {self.date!r} is not YYYY-MM-DD")

    def pairs(self) -> list[tuple[str, object]]:
        title: object = {"en": self.title, "ru": self.title_ru} if self.title_ru else self.title
        out: list[tuple[str, object]] = [("id", Plain(self.id)), ("title", title), ("publisher", self.publisher), ("url", self.url)]
        return out + ([("date", Plain(self.date))] if self.date else [])


# what `put` found: the value was added, replaced one, was there already, or conflicts with one
ADDED, REPLACED, PRESENT, CONFLICT = "added", "replaced", "present", "conflicting"


class Editor:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.registry: Registry = load_registry(self.path)  # a registry with problems is fixed by hand first
        self.original = _read_text(self.path, MAX_BYTES)
        self.yaml = YamlText.parse(self.original)
        self.series: dict[str, tuple[str, CsvText]] = {}  # relative path -> (original, text)
        self.sources = {s.id: s.url for s in self.registry.sources}
        self._pending: dict[str, list[tuple[NewValue, int | None]]] = {}
        self._seen: dict[tuple, NewValue] = {}  # (indicator, key) -> a value planned in this run

    # ------------------------------------------------------------ planning

    def add_source(self, source: NewSource) -> None:
        if source.id in self.sources:
            raise EditError(f"source {source.id!r} exists already: use it with --source, or choose another id")
        add_source(self.yaml, source.pairs())
        self.sources[source.id] = source.url

    def check_names(self, value: NewValue) -> None:
        if self.registry.indicator(value.indicator) is None:
            hint = closest(value.indicator, [i.id for i in self.registry.indicators])
            raise EditError(f"unknown indicator {value.indicator!r}" + (f" ({hint})" if hint else ""))

    def source_hint(self, source: str) -> str:
        """For a value citing an unknown source (the loader places the problem): the closest ids."""
        if source in self.sources:
            return ""
        hint = closest(source, list(self.sources))
        return f"unknown source {source!r}: add it with --add-source" + (f" ({hint})" if hint else "")

    def existing(self, value: NewValue) -> tuple[str, str] | None:
        """(value, qualifier) the registry already gives for this indicator, year, source, period and kind."""
        planned = self._seen.get((value.indicator, value.key))
        if planned is not None:
            return planned.value, planned.qualifier
        ind = self.yaml.indicator(value.indicator)
        index = find_observation(ind, value.key) if ind is not None else None
        if index is not None:
            item = ind["observations"][index]
            return str(item.get("value")), str(item.get("qualifier") or "=")
        series_file = self.registry.indicator(value.indicator).series_file
        if series_file:
            row = self._csv(series_file).find(value.key)
            if row is not None:
                return row.cells.get("value", "").strip(), row.qualifier
        return None

    def put(self, value: NewValue, replace: bool = False) -> str:
        """Plan `value`: ADDED, REPLACED, PRESENT (the same value is there: nothing to do) or CONFLICT (another is, and not `replace`)."""
        self.check_names(value)
        found = self.existing(value)
        if found is not None:
            same = _same(found, (value.value, value.qualifier))
            if same:
                return PRESENT
            if not replace:
                return CONFLICT
            if (value.indicator, value.key) in self._seen:
                raise EditError(f"{value.indicator} {value.year} {value.source}: given twice with different values")
        ind = self.yaml.indicator(value.indicator)
        index = find_observation(ind, value.key)
        series_file = self.registry.indicator(value.indicator).series_file
        if series_file and index is None:
            table = self._csv(series_file)
            table.add(value, table.find(value.key) if found else None, series_file)  # refuses before anything is planned
        else:
            self._pending.setdefault(value.indicator, []).append((value, index))
        self._seen[(value.indicator, value.key)] = value
        return ADDED if found is None else REPLACED

    def _csv(self, relative: str) -> CsvText:
        if relative not in self.series:
            original = files.read(self.path.parent, relative, "data").decode("utf-8")
            self.series[relative] = (original, CsvText.parse(original, relative))
        return self.series[relative][1]

    # ------------------------------------------------------------ the result

    def changes(self) -> dict[str, tuple[str, str]]:
        """Relative path -> (old text, new text) of every file that changes, the registry first."""
        for ind_id, new in self._pending.items():
            add_observations(self.yaml, self.yaml.indicator(ind_id), new)
        self._pending = {}
        out: dict[str, tuple[str, str]] = {}
        new_yaml = self.yaml.result()
        if new_yaml != self.original:
            out[self.path.name] = (self.original, new_yaml)
        for relative, (original, table) in self.series.items():
            text = table.result()
            if text != original:
                out[relative] = (original, text)
        return out

    def validate(self, changes: dict[str, tuple[str, str]]) -> Registry:
        """The registry the changes give, loaded by the normal loader in a temporary copy; raises RegistryError."""
        tmp = Path(tempfile.mkdtemp(prefix="dashboard-edit-"))
        try:
            named = [i.series_file for i in self.registry.indicators if i.series_file]
            named += [s.document for s in self.registry.sources if s.document]
            for relative in named:
                if relative not in changes:
                    _copy_into(tmp, relative, files.read(self.path.parent, relative, "data"))
            for relative, (_, text) in changes.items():
                _copy_into(tmp, relative, text.encode("utf-8"))
            if self.path.name not in changes:
                _copy_into(tmp, self.path.name, self.original.encode("utf-8"))
            return load_registry(tmp / self.path.name)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def diff_text(changes: dict[str, tuple[str, str]]) -> str:
    """The unified diff of every file changed, as `git diff` names them."""
    out = []
    for relative, (old, new) in changes.items():
        out += difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{relative}", f"b/{relative}")
    return "".join(line if line.endswith("\n") else line + "\n" for line in out)


def _same(a: tuple[str, str], b: tuple[str, str]) -> bool:
    try:
        return float(a[0]) == float(b[0]) and (a[1] or "=") == (b[1] or "=")
    except ValueError:
        return False


def _read_text(path: Path, limit: int) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise RegistryError([Problem(path.name, 0, 0, "", f"cannot read the registry: {exc.strerror}")]) from None
    if len(data) > limit:
        raise EditError(f"{path.name} is over {limit // 2**20} MB")
    return data.decode("utf-8")


def _copy_into(root: Path, relative: str, data: bytes) -> None:
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("xb") as handle:  # a fresh private folder: "x" never follows a planted link
        handle.write(data)
