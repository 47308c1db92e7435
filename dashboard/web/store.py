"""Live-reload registry store: the last good registry and its assessment, per process.

`state()` is cheap and never waits for a reload: it stats the YAML and the files it names, and when
a stat changed it starts a check in a background thread (one at a time) and answers with the last
state meanwhile. Every file is read through the one guarded reader (registry.files): a named pipe or
a device in a file's place reads as missing at once; a check that still has not finished after
`check_timeout_seconds` is abandoned, reported as a problem, and never publishes. A check publishes
new content only once two looks at least `settle_seconds` apart saw the same size, mtime and content
hash, and the files did not change while they were parsed. A bad edit keeps the last good snapshot
and exposes the problems; a version that looks cut off is shown with a warning (web/shrink.py). Each
gunicorn worker keeps its own store; the version is a hash of the content, so workers name the same
content alike. A registry file over `CHILD_PARSE_BYTES` is parsed in a short-lived child process
(registry/child.py), so the YAML parser's peak does not stay resident; the assessment is built here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.engine.assessment import Assessment, build, localize
from dashboard.i18n import current
from dashboard.registry import Problem, Registry, RegistryError, parse_registry
from dashboard.registry.child import parse_in_child
from dashboard.registry.files import FileRefused, read_regular
from dashboard.registry.gc_pause import BUILD_THREAD
from dashboard.registry.loader import MAX_BYTES
from dashboard.web.cache import SnapshotCache
from dashboard.web.shrink import Note, count_note, english, notes_of

log = logging.getLogger(__name__)

# A file whose mtime is this close to the moment it was stat'ed may still be
# written to within the same timestamp tick: hash it again next time (git's "racy" rule).
RACY_SECONDS = 1.0
# How long requests wait, in all, for the very first check, when there is no last good state to answer with.
FIRST_WAIT_SECONDS = 10.0
# A check still running after this long is abandoned and reported: the next change starts a new one.
CHECK_TIMEOUT_SECONDS = 30.0
# Abandoned checks still alive (each a thread stuck on the file system); beyond this none is started.
MAX_ABANDONED = 4
# A registry file larger than this is parsed and validated in a short-lived child process, which hands
# back the validated Registry (or the RegistryError): the YAML node tree's peak, which Python's allocator
# would otherwise keep resident in the server for good, ends with the child (registry/child.py).
# Smaller files parse in-process: the shipped registry and the tests pay no process start.
CHILD_PARSE_BYTES = 2**20

Signature = tuple[tuple[str, int, int, int], ...]


@dataclass(frozen=True, eq=False)
class Snapshot:
    """One good version of the registry, with everything computed from it once."""

    registry: Registry
    assessment: Assessment
    loaded_at: dt.datetime
    cache: SnapshotCache = field(default_factory=SnapshotCache, compare=False, repr=False)

    @property
    def version(self) -> str:
        """The content version (`Registry.version`): the one every page, file and export shows."""
        return self.registry.version

    def localized(self, lang: str | None = None) -> Assessment:
        """The assessment in `lang` (the request's language when not given), built once per language and version."""
        lang = lang or current()
        if lang == self.assessment.lang:
            return self.assessment
        return self.cache.get("assessment", (lang,), lambda: localize(self.assessment, lang))


@dataclass(frozen=True)
class State:
    """What a page shows: the last good snapshot, the problems of the file on disk now, and a warning about the snapshot."""

    snapshot: Snapshot | None
    problems: tuple[Problem, ...] = ()
    published_at: float = 0.0
    warning: str = ""  # in English: set when the snapshot looks cut off (web/shrink.py); `notes` says it in any language
    checking: bool = False  # a check of changed files is running; not part of the token
    notes: tuple[Note, ...] = ()

    @property
    def version(self) -> str:
        return self.snapshot.version if self.snapshot else "none"

    @property
    def problems_token(self) -> str:
        """Changes whenever the banner (problems and warning) changes; "ok" when there is no banner."""
        if not self.problems and not self.warning:
            return "ok"
        return hashlib.sha256("\n".join([self.warning, *map(str, self.problems)]).encode()).hexdigest()[:16]

    @property
    def token(self) -> str:
        """Changes whenever what a page shows changes."""
        return f"{self.version}:{self.problems_token}"


@dataclass(frozen=True)
class Look:
    """The watched files at one moment: their stats, their content hashes and the registry's bytes."""

    at: float  # the store's clock, before the first stat
    files: tuple[str, ...]  # watched besides the YAML
    signature: Signature
    hashes: dict[str, bytes]  # relative path -> sha256 of the content
    data: bytes | None  # the YAML, None when missing
    newest: float  # newest mtime, seconds

    @property
    def digest(self) -> str:
        return _combine((rel, self.hashes[rel]) for rel in self.hashes)

    def same(self, other: Look) -> bool:
        return self.signature == other.signature and self.hashes == other.hashes


class RegistryStore:
    """Thread-safe holder of the current registry state for one process.

    `settle_seconds=0` publishes what two consecutive looks agree on and checks in the calling
    thread (for tests); otherwise checks run in a background thread.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        settle_seconds: float = 0.3,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        first_wait_seconds: float = FIRST_WAIT_SECONDS,
        child_parse_bytes: int = CHILD_PARSE_BYTES,
        on_publish: Callable[[Snapshot], None] | None = None,
        check_timeout_seconds: float = CHECK_TIMEOUT_SECONDS,
    ) -> None:
        self.path = Path(path)
        self._on_publish = on_publish  # told of each new snapshot once, in the thread that published it (the history record)
        self.child_parse_bytes = child_parse_bytes
        self.settle_seconds = settle_seconds
        self.first_wait_seconds = first_wait_seconds
        self.check_timeout_seconds = check_timeout_seconds
        self._clock = clock
        self._sleep = sleep
        self._state = State(None)
        self._signature: Signature | None = None  # the stat of the files when they last held what is published
        self._digest: str | None = None  # their content
        self._files: tuple[str, ...] = ()
        self._extra: set[str] = set()  # watched because the published state names them
        self._check_lock = threading.Lock()  # one check at a time; requests never take it in background mode
        self._start_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._checking = False
        self._first_done = threading.Event()
        self._first_deadline: float | None = None  # time.monotonic(): requests together wait no longer than this
        self._loads = 0
        self._generation = 0  # of the running check: an abandoned check publishes nothing
        self._check_started = 0.0  # the store's clock when the running check began
        self._abandoned: list[threading.Thread] = []
        self._publish_lock = threading.Lock()

    @property
    def loads(self) -> int:
        """How many times the registry was parsed (for tests and diagnostics)."""
        return self._loads

    def state(self) -> State:
        """The current state; starts a check when a watched file changed. Never raises, never waits for a reload.

        Only before the first check has finished, when there is nothing to answer with, does it wait
        for that check, at most `first_wait_seconds`.
        """
        if self.settle_seconds <= 0:
            if self._stale():
                with self._check_lock:
                    self._check_safely()
            return self._state
        if self._checking and self._clock() - self._check_started > self.check_timeout_seconds:
            self._abandon()
        if self._stale():
            self._start()
        if not self._first_done.is_set() and self._first_deadline is not None:
            self._first_done.wait(max(0.0, self._first_deadline - time.monotonic()))
        state = self._state
        return dataclasses.replace(state, checking=True) if self._checking else state

    def refresh(self, timeout: float = 60.0) -> State:
        """The state after a check of the files as they are now has finished (at most `timeout` seconds): for the CLI and tests."""
        deadline = time.monotonic() + timeout
        for _ in range(2):  # a check that was running may have begun before the last change
            thread = self._thread
            if thread is None or not thread.is_alive():
                if not self._stale():
                    break
                self.state()
                thread = self._thread
            if thread is not None:
                thread.join(max(0.0, deadline - time.monotonic()))
        return self.state()

    # ------------------------------------------------------------ checking

    def _stale(self) -> bool:
        try:
            return self._stat(self._files)[0] != self._signature
        except Exception:  # a page must never crash on a file being written; the check logs what fails
            return True

    def _start(self) -> None:
        with self._start_lock:
            if self._checking:
                return
            self._abandoned = [t for t in self._abandoned if t.is_alive()]
            if len(self._abandoned) >= MAX_ABANDONED:
                return  # the file system does not answer: starting more threads would not help
            self._checking = True
            self._generation += 1
            self._check_started = self._clock()
            if self._first_deadline is None:
                self._first_deadline = time.monotonic() + self.first_wait_seconds
            self._thread = threading.Thread(
                target=self._run, args=(self._generation,), name=f"{BUILD_THREAD} {self.path.name}", daemon=True
            )
            self._thread.start()

    def _abandon(self) -> None:
        """The running check has outlived `check_timeout_seconds`: report it, and let the next change start a new check."""
        with self._start_lock:
            if not self._checking or self._clock() - self._check_started <= self.check_timeout_seconds:
                return
            log.error("registry check did not finish within %.0f s; abandoned", self.check_timeout_seconds)
            if self._thread is not None:
                self._abandoned.append(self._thread)
            self._generation += 1  # what the abandoned check finds is never published
            problem = Problem(
                self.path.name,
                0,
                0,
                "",
                f"the check of the files did not finish within {self.check_timeout_seconds:.0f} s and was abandoned",
                "is a file a named pipe, or on a disk that does not answer?",
            )
            old = self._state
            self._state = State(old.snapshot, (problem,), self._clock(), old.warning, notes=old.notes)
            self._signature = None  # look again on the next call
            self._checking = False
            self._first_done.set()

    def _run(self, generation: int) -> None:
        # no _check_lock here: an abandoned check may hold on to it for good, and the generation keeps it from publishing
        try:
            self._check_safely(generation)
        finally:
            with self._start_lock:
                if generation == self._generation:
                    self._checking = False
                    self._first_done.set()

    def _check_safely(self, generation: int = 0) -> None:
        try:
            self._check(generation or self._generation)
        except Exception:
            log.exception("registry check failed; keeping the last state")
            self._signature = None  # look again on the next call

    def _current(self, generation: int) -> bool:
        return generation == self._generation

    def _check(self, generation: int) -> None:
        """Look until the files held still for `settle_seconds` and while they were parsed; then publish."""
        first: Look | None = None  # the first look of the current run of unchanged looks
        while self._current(generation):
            look = self._look(self._extra)
            if look.digest == self._digest:
                with self._publish_lock:
                    if self._current(generation):
                        self._remember(look)
                return
            if first is None or not look.same(first):
                first = look
            elif look.at - first.at >= self.settle_seconds:
                state = self._build(look)
                extra = {p.file for p in state.problems if p.file != self.path.name}
                if state.snapshot is not None and not state.problems:
                    extra |= set(_dependencies(state.snapshot.registry))
                after = self._look(extra)
                if all(look.hashes.get(rel, h) == h for rel, h in after.hashes.items()):
                    with self._publish_lock:
                        if not self._current(generation):
                            return
                        published = state.snapshot is not None and state.snapshot is not self._state.snapshot
                        self._state, self._extra = state, extra
                        self._remember(after)
                    if published:  # outside the lock: keeping a record writes a file
                        self._published(state.snapshot)
                    return
                first = after  # a file changed while it was parsed: not published
            self._sleep(self.settle_seconds)

    def _published(self, snapshot: Snapshot) -> None:
        if self._on_publish is None:
            return
        try:
            self._on_publish(snapshot)
        except Exception:  # keeping a record must never stop serving the version
            log.exception("recording version %s failed", snapshot.version)

    def _remember(self, look: Look) -> None:
        """`look` holds what is published; within the racy window a write may still hide under its stat."""
        self._files, self._digest = look.files, look.digest
        self._signature = look.signature if look.at - look.newest >= RACY_SECONDS else None

    def _stat(self, files: Iterable[str]) -> tuple[Signature, float]:
        """(relative path, mtime_ns, size, inode) of the YAML and the given files (-1 when missing), and the newest mtime.

        The inode catches an editor's save-by-rename even within one timestamp tick.
        """
        entries, newest = [], 0.0
        for rel in [self.path.name, *files]:
            try:
                st = (self.path if rel == self.path.name else self.path.parent / rel).stat()
            except OSError:
                entries.append((rel, -1, -1, -1))
                continue
            entries.append((rel, st.st_mtime_ns, st.st_size, st.st_ino))
            newest = max(newest, st.st_mtime_ns / 1e9)
        return tuple(entries), newest

    def _look(self, extra: set[str]) -> Look:
        """Stat, then read, the YAML and every file it names or `extra` lists."""
        at = self._clock()
        (yaml_entry,), newest = self._stat([])
        data = _read(self.path)
        files = tuple(sorted(_declared_files(data) | extra))
        signature, newest_files = self._stat(files)
        hashes = {self.path.name: _sha(data)}
        hashes.update((rel, _sha(_read(self.path.parent / rel))) for rel in files)
        return Look(at, files, (yaml_entry, *signature[1:]), hashes, data, max(newest, newest_files))

    def _build(self, look: Look) -> State:
        """The state `look`'s content gives: a new snapshot, or the last good one with the problems."""
        self._loads += 1
        now = self._clock()
        old = self._state.snapshot
        try:
            if look.data is None:
                raise RegistryError([Problem(self.path.name, 0, 0, "", "cannot read the registry: the file is missing or unreadable")])
            registry = self._parse(look.data)
            if old is not None and old.version == registry.version:
                return State(old, (), now, self._state.warning, notes=self._state.notes)  # same content: keep what was computed
            assessment = build(registry)
        except RegistryError as exc:
            return State(old, tuple(exc.problems), now, self._state.warning, notes=self._state.notes)
        except Exception as exc:  # a bug in the core must not take the page down
            log.exception("assessing the registry failed")
            problem = Problem(self.path.name, 0, 0, "", f"internal error while loading: {type(exc).__name__}: {exc}")
            return State(old, (problem,), now, self._state.warning, notes=self._state.notes)
        snapshot = Snapshot(registry, assessment, dt.datetime.fromtimestamp(int(now), dt.UTC))
        notes = notes_of(old.registry if old else None, registry)
        return State(snapshot, (), now, english(notes), notes=notes)

    def _parse(self, data: bytes) -> Registry:
        """Load and validate `data` (not the assessment): in a child process when it is larger than `child_parse_bytes`."""
        args = (data, self.path.name, self.path.parent, (), str(self.path))
        if len(data) <= self.child_parse_bytes:
            return parse_registry(*args)
        return parse_in_child(*args)


def shrink_warning(old: Registry | None, new: Registry) -> str:
    """A warning when `new` keeps less than three quarters of `old`'s indicators or claims, naming the counts (English)."""
    note = count_note(old, new)
    return english((note,)) if note else ""


def _read(path: Path) -> bytes | None:
    """The file's bytes through the one guarded reader (registry.files): a named pipe or a device in a watched
    file's place reads as missing at once, and its swap back for a real file is a change like any other."""
    try:
        return read_regular(path, max_bytes=MAX_BYTES)
    except FileRefused:
        return None


def _sha(content: bytes | None) -> bytes:
    return hashlib.sha256(b"\0missing" if content is None else content).digest()


def _combine(items: Iterable[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256()
    for rel, content_hash in items:
        digest.update(rel.encode() + b"\0" + content_hash)
    return digest.hexdigest()


_DECLARED = re.compile(r"""(?:series_file|document)["']?[ \t]*:[ \t]*["']?([A-Za-z0-9._/-]+)""")


def _declared_files(data: bytes | None) -> set[str]:
    """Series files and documents the YAML names, read with a pattern so a broken file still tells what to watch."""
    if not data:
        return set()
    return {m for m in _DECLARED.findall(data.decode("utf-8", "replace")) if ".." not in m and not os.path.isabs(m)}


def _dependencies(registry: Registry) -> list[str]:
    return [i.series_file for i in registry.indicators if i.series_file] + [s.document for s in registry.sources if s.document]
