"""The history folder: one small record per registry version the dashboard published, kept for good.

Each record is its own JSON file, `<version>.json`, written whole through the safe writer under a name
of its own and then linked into place, which fails when the name exists: several workers or servers that
publish one version write it once, and a reader never sees part of a record. A version published again
after another one gets `<version>.<n>.json`. Records only grow in number with versions, never with
requests. A record that does not read (cut short, edited by hand) is reported with its line and left out.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import stat
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.engine.assessment import Assessment
from dashboard.engine.changes import Changes, diff, record_of
from dashboard.outputs.export.batch import write_atomic

DEFAULT_FOLDER = "history"
MAX_RECORD_BYTES = 16 * 1024 * 1024
MAX_RECORDS = 10_000  # the newest, by name order of time, when a folder holds more
_NAME = re.compile(r"^([0-9a-f]{6,64})(?:\.(\d{1,6}))?\.json$")
_VERSION = re.compile(r"^[0-9a-f]{6,64}$|^unknown$")


ENV_HISTORY = "DASHBOARD_HISTORY"  # the history folder; "off" keeps none
OFF = "off"


def default_folder(registry_path: str | Path) -> Path:
    """`history/` beside the registry file (never inside its data/ folder)."""
    return Path(registry_path).parent / DEFAULT_FOLDER


def history_folder(registry: str | Path, given: str | Path | None = None) -> Path | None:
    """The folder a server or an export keeps records in: `given`, else $DASHBOARD_HISTORY, else history/ beside
    the registry; None for "off"."""
    given = str(given or os.environ.get(ENV_HISTORY) or "") or None
    if given == OFF:
        return None
    return Path(given) if given else default_folder(registry)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.message}"


@dataclass(frozen=True)
class Listing:
    records: tuple[dict[str, Any], ...]  # oldest first, each with its "file"
    problems: tuple[Problem, ...]


def _check(record: Any) -> str:
    """Why `record` is not a record, or ''."""
    if not isinstance(record, dict):
        return "not a JSON object"
    if not isinstance(record.get("version"), str) or not _VERSION.match(record["version"]):
        return "no version"
    try:
        dt.datetime.fromisoformat(str(record.get("time")))
    except ValueError:
        return "no time (ISO 8601)"
    for key in ("claims", "targets"):
        if not isinstance(record.get(key), dict):
            return f"no {key}"
    if record.get("values") is not None and not isinstance(record.get("values"), dict):
        return "values is not an object"
    return ""


class History:
    """The records in `folder`; `listing()` is cached until a file in the folder changes."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._cached: tuple[tuple, Listing] | None = None
        self._changes: tuple[Listing, list] | None = None

    def _entries(self) -> list[os.DirEntry]:
        try:
            with os.scandir(self.folder) as it:
                return sorted((e for e in it if _NAME.match(e.name)), key=lambda e: e.name)
        except OSError:
            return []

    def listing(self) -> Listing:
        entries = self._entries()
        signature = tuple((e.name, *_stat_key(e)) for e in entries)
        with self._lock:
            if self._cached is not None and self._cached[0] == signature:
                return self._cached[1]
        found, problems = [], []
        for entry, key in zip(entries, signature):
            record, problem = self._read(entry)
            if problem is not None:
                problems.append(problem)
            elif record is not None:
                found.append((str(record["time"]), key[1], entry.name, record))
        # by time, then by when the file was made (two records within one second)
        records = [record for *_order, record in sorted(found, key=lambda f: f[:3])]
        listing = Listing(tuple(records[-MAX_RECORDS:]), tuple(problems))
        with self._lock:
            self._cached = (signature, listing)
        return listing

    def changes(self, newest: int = 50) -> list[tuple[dict[str, Any], Changes | None]]:
        """The `newest` records, newest first, each with its changes from the record before it (None for the first kept)."""
        found = self.listing()
        with self._lock:
            if self._changes is not None and self._changes[0] is found and len(self._changes[1]) >= min(newest, len(found.records)):
                return self._changes[1][:newest]
        records = found.records
        last = len(records) - 1
        out = [(records[n], diff(records[n - 1], records[n]) if n else None) for n in range(last, max(-1, last - newest), -1)]
        with self._lock:
            self._changes = (found, out)
        return out

    def _read(self, entry: os.DirEntry) -> tuple[dict | None, Problem | None]:
        name = f"{self.folder.name}/{entry.name}"
        try:
            fd = os.open(entry.path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        except OSError as exc:
            return None, Problem(name, 0, 0, f"cannot be read: {exc.strerror}")
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_RECORD_BYTES:
                return None, Problem(name, 0, 0, "not a regular file of at most 16 MB")
            data = handle.read(MAX_RECORD_BYTES + 1)
        try:
            record = json.loads(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            return None, Problem(name, 1, exc.start + 1, "not UTF-8")
        except json.JSONDecodeError as exc:
            return None, Problem(name, exc.lineno, exc.colno, f"not a whole record ({exc.msg}): left out")
        why = _check(record)
        if why:
            return None, Problem(name, 1, 1, f"{why}: left out")
        return {**record, "file": entry.name}, None

    def record(self, assessment: Assessment, when: dt.datetime) -> Path | None:
        """Keep `assessment`'s version unless the newest record is of it already; the file written, or None."""
        version = assessment.registry.version
        records = self.listing().records
        if records and records[-1]["version"] == version:
            return None
        record = {**record_of(assessment), "time": when.astimezone(dt.UTC).isoformat(timespec="seconds"), "registry": _name(assessment)}
        data = (json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
        self.folder.mkdir(parents=True, exist_ok=True)
        count = sum(1 for r in records if r["version"] == version)
        target = self.folder / (f"{version}.json" if count == 0 else f"{version}.{count + 1}.json")
        part = self.folder / f".{version}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            write_atomic(part, data)
            try:
                os.link(part, target)  # fails when another writer got there first: once per version
            except FileExistsError:
                return None
            except OSError:  # a file system without hard links: a rename, whole still, unless the record is there
                if target.exists():
                    return None
                os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)
        return target


def _stat_key(entry: os.DirEntry) -> tuple[int, int]:
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return (-1, -1)
    return (info.st_mtime_ns, info.st_size)


def _name(assessment: Assessment) -> str:
    return Path(assessment.registry.path).name
