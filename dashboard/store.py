"""Live-reload registry store: the last good registry and its assessment, per process.

`RegistryStore.state()` is cheap: it stats the YAML and every series file and
only reads and hashes them when a stat changed. Content that hashes the same
is not parsed again. A bad edit keeps the last good snapshot and exposes the
problems. Each process (each gunicorn worker) keeps its own store; the version
is a hash of the content, so every worker names the same content alike.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .assessment import Assessment, build
from .registry import Problem, Registry, RegistryError, parse_registry
from .registry.loader import MAX_BYTES

log = logging.getLogger(__name__)

# A file whose mtime is this close to the moment it was stat'ed may still be
# written to within the same timestamp tick: hash it again next time (git's "racy" rule).
RACY_SECONDS = 1.0

Signature = tuple[tuple[str, int, int, int], ...]


@dataclass(frozen=True, eq=False)
class Snapshot:
    """One good version of the registry, with everything computed from it once."""

    registry: Registry
    assessment: Assessment
    version: str
    loaded_at: dt.datetime
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def cached(self, key: Any, build: Callable[[], Any]) -> Any:
        """A value computed once per snapshot (figures, tables); racing builders do the same work."""
        try:
            return self._cache[key]
        except KeyError:
            return self._cache.setdefault(key, build())


@dataclass(frozen=True)
class State:
    """What a page shows: the last good snapshot and the problems of the file on disk now."""

    snapshot: Snapshot | None
    problems: tuple[Problem, ...] = ()
    published_at: float = 0.0

    @property
    def version(self) -> str:
        return self.snapshot.version[:16] if self.snapshot else "none"

    @property
    def problems_token(self) -> str:
        if not self.problems:
            return "ok"
        return hashlib.sha256("\n".join(map(str, self.problems)).encode()).hexdigest()[:16]

    @property
    def token(self) -> str:
        """Changes whenever what a page shows changes."""
        return f"{self.version}:{self.problems_token}"


class RegistryStore:
    """Thread-safe holder of the current registry state for one process."""

    def __init__(self, path: str | Path, *, settle_seconds: float = 0.3, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.settle_seconds = settle_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._state = State(None)
        self._signature: Signature | None = None
        self._digest: str | None = None
        self._declared: set[str] = set()  # files the YAML on disk names, even when it does not load
        self._loads = 0

    @property
    def loads(self) -> int:
        """How many times the registry was parsed (for tests and diagnostics)."""
        return self._loads

    def state(self) -> State:
        """The current state, reloading first when a watched file changed. Never raises."""
        with self._lock:
            try:
                self._refresh()
            except Exception:  # a page must never crash on a file being written
                log.exception("registry refresh failed; keeping the last state")
            return self._state

    def _watched(self) -> list[str]:
        """Relative paths to watch besides the YAML: series files and the sources' local documents (quotes are checked against them)."""
        snapshot = self._state.snapshot
        files = _dependencies(snapshot.registry) if snapshot is not None else []
        files += [p.file for p in self._state.problems if p.file != self.path.name]
        return sorted(set(files) | self._declared)

    def _stat(self, files: list[str]) -> tuple[Signature, float]:
        """(relative path, mtime_ns, size, inode) of the YAML and the given files (-1 when missing), and the newest mtime.

        The inode catches an editor's save-by-rename even within one timestamp tick.
        """
        entries, newest = [], 0.0
        for rel, full in [(self.path.name, self.path), *((f, self.path.parent / f) for f in files)]:
            try:
                st = full.stat()
            except OSError:
                entries.append((rel, -1, -1, -1))
                continue
            entries.append((rel, st.st_mtime_ns, st.st_size, st.st_ino))
            newest = max(newest, st.st_mtime_ns / 1e9)
        return tuple(entries), newest

    def _hash(self, files: list[str], parsed: bytes | None = None) -> tuple[str, bytes | None]:
        """`parsed`: the registry bytes to hash instead of re-reading the file, which a save may have changed since."""
        digest = hashlib.sha256()
        data = None
        for rel, full in [(self.path.name, self.path), *((f, self.path.parent / f) for f in files)]:
            try:
                if parsed is not None and full == self.path:
                    content = parsed
                else:
                    with full.open("rb") as handle:
                        content = handle.read(MAX_BYTES + 1)
            except OSError:
                content = b"\0missing"
            else:
                if full == self.path:
                    data = content
            digest.update(rel.encode() + b"\0" + hashlib.sha256(content).digest())
        return digest.hexdigest(), data

    def _refresh(self) -> None:
        files = self._watched()
        signature, newest = self._stat(files)
        if signature == self._signature:
            return
        digest, data = self._hash(files)
        # a save that began after the stat is as young as its new mtime, not as old as the stat says
        age = self._clock() - max(newest, self._stat(files)[1])
        if digest == self._digest:
            # same content under a new stat; within the racy window a write may still hide under this stat
            self._signature = signature if age >= RACY_SECONDS else None
            return
        started = self._clock()
        self._declared = _declared_files(data)
        # the version is read before the parse, so it never names content newer than what the parse reads
        label, _ = self._hash(sorted(self._declared), data)
        if not self._load(data, age, label):
            self._signature = self._digest = None  # look again on the next call
            return
        # the reference for the next call: the files the new state watches, stat'ed before they are hashed
        files = self._watched()
        signature, newest = self._stat(files)
        digest, _ = self._hash(files)
        if newest > started - RACY_SECONDS:
            # a file was written just before or during the load: what was parsed may not be what was hashed
            self._signature = self._digest = None
        else:
            self._signature, self._digest = signature, digest

    def _load(self, data: bytes | None, age: float, label: str) -> bool:
        """Parse and publish; False when a failure looks like a save in progress and was not published."""
        self._loads += 1
        now = self._clock()
        try:
            if data is None:
                raise RegistryError([Problem(self.path.name, 0, 0, "", "cannot read the registry: the file is missing or unreadable")])
            registry = parse_registry(data, self.path.name, self.path.parent)
            registry._path = str(self.path)
            assessment = build(registry)
        except RegistryError as exc:
            if age < self.settle_seconds and self._state.snapshot is not None:
                return False  # probably an editor half-way through saving
            self._state = State(self._state.snapshot, tuple(exc.problems), now)
        except Exception as exc:  # a bug in the core must not take the page down
            log.exception("assessing the registry failed")
            problem = Problem(self.path.name, 0, 0, "", f"internal error while loading: {type(exc).__name__}: {exc}")
            self._state = State(self._state.snapshot, (problem,), now)
        else:
            deps = set(_dependencies(registry))
            version = label if deps <= self._declared else self._hash(sorted(deps | self._declared), data)[0]
            old = self._state.snapshot
            if old is not None and old.version == version:
                snapshot = old  # same content parsed again: keep what was computed from it
            else:
                snapshot = Snapshot(registry, assessment, version, dt.datetime.now(dt.UTC).replace(microsecond=0))
            self._state = State(snapshot, (), now)
        return True


_DECLARED = re.compile(r"""(?:series_file|document)["']?[ \t]*:[ \t]*["']?([A-Za-z0-9._/-]+)""")


def _declared_files(data: bytes | None) -> set[str]:
    """Series files and documents the YAML names, read with a pattern so a broken file still tells what to watch."""
    if not data:
        return set()
    return {m for m in _DECLARED.findall(data.decode("utf-8", "replace")) if ".." not in m}


def _dependencies(registry: Registry) -> list[str]:
    return [i.series_file for i in registry.indicators if i.series_file] + [s.document for s in registry.sources if s.document]
