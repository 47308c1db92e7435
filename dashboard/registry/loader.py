"""`load_registry(path)`: read, validate and cross-check indicators.yaml."""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dashboard.registry import gc_pause

from . import files, soft_checks, yamlfile
from .crosscheck import Documents, cross_check
from .errors import MAX_SHOWN, Issue, Problem, RegistryError
from .models import LoadedFiles, Registry
from .pydantic_problems import display_path, pydantic_issues
from .series import Series, SeriesTable, read_series

MAX_BYTES = 16 * 1024 * 1024


def _too_big(filename: str) -> Problem:
    return Problem(
        filename, 0, 0, "", f"the file is over {MAX_BYTES // 2**20} MB, the limit for a registry", "split long series into series files"
    )


def _place(issues: list[Issue], root: Any, data: Any, filename: str) -> list[Problem]:
    locator = yamlfile.Locator(root)
    places = locator.places([issue.loc for issue in issues], [issue.at_key for issue in issues])
    # a RegistryError shows the first MAX_SHOWN by place: only those can need their field path
    last = sorted(places)[MAX_SHOWN - 1] if len(places) > MAX_SHOWN else None
    return [
        Problem(
            filename, line, col, display_path(issue.loc, data) if last is None or (line, col) <= last else "", issue.message, issue.hint
        )
        for issue, (line, col) in zip(issues, places)
    ]


def parse_registry(
    data: bytes, filename: str = "indicators.yaml", base: Path | None = None, require: Sequence[str] = (), path: str | None = None
) -> Registry:
    """Validate registry bytes. Raises RegistryError holding every problem found.

    Problems name `filename`; relative paths inside resolve against `base`; `registry.path` is `path`
    (`filename` when not given). Every display text must be given in each language of `require` ("ru":
    no plain, English-only text). What may be wrong but is not an error is kept in `registry.warnings`.
    """
    # The node tree, the values and the models are many acyclic objects that survive until the end:
    # the cyclic collector would traverse them again and again (3/4 of the load time at N=1000).
    with gc_pause.paused_gc():
        try:
            return _parse_registry(data, filename, base, tuple(require), path)
        except RegistryError as exc:
            # raised again without its traceback, whose frames hold the node tree and the values: they are freed
            # here, before the collector is back, instead of scanned by its first collection (a tenth of a second
            # for a file of 40,000 unknown keys)
            error = exc.with_traceback(None)
    raise error


def _parse_registry(data: bytes, filename: str, base: Path | None, require: tuple[str, ...], path: str | None) -> Registry:
    if len(data) > MAX_BYTES:
        raise RegistryError([_too_big(filename)])
    text, problems = yamlfile.decode(data, filename)
    if text is None:
        raise RegistryError(problems)
    value, root, problems = yamlfile.parse(text, filename)
    if problems:
        raise RegistryError(problems)
    if not isinstance(value, dict):
        what = "a list" if isinstance(value, list) else "a single value"
        line, col = (root.start_mark.line + 1, root.start_mark.column + 1) if root is not None else (1, 1)
        raise RegistryError([Problem(filename, line, col, "", f"the top level is {what}, not a mapping", "start with `schema_version: 1`")])
    issues: list[Issue] = []
    registry: Registry | None = None
    try:
        registry = Registry.model_validate(value)
    except ValidationError as exc:
        issues += pydantic_issues(exc)
    base = base or Path(".")
    documents = Documents(base)
    issues += cross_check(value, base, documents)
    problems = _place(issues, root, value, filename)
    tables: dict[str, SeriesTable] = {}
    if registry is not None and not problems:
        sources = {s.id for s in registry.sources}
        for ind in registry.indicators:
            if ind.series_file:
                inline = {(o.year, o.source, o.period, o.kind) for o in ind.observations}
                table, found = read_series(base, ind.series_file, ind.id, sources, ind.minimum, ind.limit, documents.by_source, inline)
                problems += found
                if table is not None:
                    tables[ind.id] = table
    if problems or registry is None:
        raise RegistryError(problems)
    series = Series(tables)
    translated = soft_checks.translations(registry, series, require)
    problems = _place(translated.errors, root, value, filename) + translated.csv_errors
    if problems:
        raise RegistryError(problems)
    inline_outliers, rows = soft_checks.outliers(registry, series)
    warnings = inline_outliers + soft_checks.future_sources(registry) + translated.warnings
    found = _place(warnings, root, value, filename) + rows + translated.csv_warnings + _unended(tables)
    files = LoadedFiles(
        path or filename,
        hashlib.sha256(data).hexdigest(),
        series,
        tuple(heapq.nsmallest(MAX_SHOWN, found)),
        len(found),
        translated.used,
        content_version(data, tables, documents.sha256),
    )
    registry = registry.with_files(files)
    return registry


def _unended(tables: dict[str, SeriesTable]) -> list[Problem]:
    """A series file whose last byte is not a line break: an interrupted copy often ends mid-row."""
    return [
        Problem(
            t.origin,
            t.lines[-1] if t.lines else 1,
            1,
            "",
            "the file does not end in a line break: its last row may be cut off",
            "was it copied whole? end the file with a line break",
        )
        for t in tables.values()
        if not t.ends_in_line_break
    ]


def content_version(data: bytes, tables: dict[str, SeriesTable], documents: dict[str, str]) -> str:
    """SHA-256 over every file the loader read: the YAML, each series file and each source document.
    An edit of any of them is a new version; it is the one version every page, file and export shows."""
    content = hashlib.sha256(data)
    for ind_id, table in sorted(tables.items()):
        content.update(f"\0series\0{ind_id}\0{table.origin}\0{table.sha256}".encode())
    for relative, sha in sorted(documents.items()):
        content.update(f"\0document\0{relative}\0{sha}".encode())
    return content.hexdigest()


def read_registry_file(path: Path) -> bytes:
    """The registry file's bytes through the one guarded reader (files.read_regular): a named pipe, a device
    or a folder in its place is a problem at once, never a read that waits. The file itself may be a link."""
    try:
        return files.read_regular(path, max_bytes=MAX_BYTES, name=path.name)
    except files.FileRefused as exc:
        if exc.too_big:
            raise RegistryError([_too_big(path.name)]) from None
        raise RegistryError([Problem(path.name, 0, 0, "", f"cannot read the registry: {exc.message}", exc.hint)]) from None


def load_registry(path: str | Path, require: Sequence[str] = ()) -> Registry:
    """Load indicators.yaml. Relative paths inside it resolve against its folder; `require`: see parse_registry."""
    path = Path(path)
    data = read_registry_file(path)
    return parse_registry(data, path.name, path.parent, require, str(path))
