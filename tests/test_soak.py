"""Live-edit soak: `python -m dashboard run` in a subprocess while its registry is rewritten 100 times.

The rewrites cycle through invalid, truncated (half written, a pause, then the rest), emptied and
valid content, in place, as editors save. Two browser-like clients keep opening pages and calling
the callbacks meanwhile. Every valid version carries a marker in its title; the writer waits until
the server shows each valid version (and each banner) before the next rewrite, so that "the last good
one" is always the newest valid one. Each answer is then checked against what was on disk while it
was in flight: the version it shows, and its banner.
"""

from __future__ import annotations

import inspect
import itertools
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import dashboard.web.store as store_module
from benchmarks import generate, load, wire
from dashboard.registry import RegistryError, parse_registry
from dashboard.web.app import create_app

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
REWRITES = 100
CYCLE = ("invalid", "truncated", "empty", "valid")  # the 100th rewrite is valid
SETTLE = inspect.signature(create_app).parameters["settle_seconds"].default  # what `run` serves with
PAUSE = 0.1  # between the halves of a truncated write: shorter than SETTLE, as an editor's save
ACK_SECONDS = 15.0  # bound on waiting for the server to show a state
MARKER = re.compile(r"^Soak registry v(\d{3})$")
ANY = "any located banner"  # what a half-written file may show
LOCATED = re.compile(r"^indicators\.yaml:\d+:\d+: \S")


# ---------------------------------------------------------------- the contents


def soak_text(shipped: str, title: str) -> str:
    """The shipped registry with `meta` moved to the end and its quoted title last.

    Every proper prefix of it is then invalid (no `meta`, no title, or an unclosed quote), so a
    half-written file can never pass for a version.
    """
    lines = shipped.splitlines(keepends=True)
    start = lines.index("meta:\n")
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() and not lines[i].startswith((" ", "#")))
    meta, skipping = [], False
    for line in lines[start + 1 : end]:
        if line.startswith("  title:"):
            skipping = True  # the title and its `en:`/`ru:` lines
        elif not line.startswith("    "):
            skipping = False
        if line.strip() and not skipping:
            meta.append(line)
    assert any(line.startswith("  as_of:") for line in meta) and len(meta) < end - start - 1
    rest = lines[:start] + lines[end:]
    return "".join(rest).rstrip("\n") + "\n\nmeta:\n" + "".join(meta) + f'  title: {{ru: "{title}", en: "{title}"}}\n'


@dataclass(frozen=True)
class Contents:
    shipped: str
    base: Path

    def valid(self, version: int) -> bytes:
        return soak_text(self.shipped, f"Soak registry v{version:03d}").encode()

    def invalid(self) -> bytes:
        source = soak_text(self.shipped, "Soak registry broken")
        broken, count = re.subn(r"(\n    direction: )\w+", r"\1sideways", source, count=1)
        assert count == 1
        return broken.encode()

    def problems(self, data: bytes) -> tuple[str, ...]:
        """The banner lines the server must show for `data`, as the loader words them."""
        with pytest.raises(RegistryError) as caught:
            parse_registry(data, "indicators.yaml", self.base)
        return tuple(str(p) for p in caught.value.problems)


@pytest.fixture
def contents(frozen_path: Path, registry_copy: Path) -> Contents:
    """The contents to cycle through; the registry copy starts as version 1, before the server does."""
    contents = Contents(frozen_path.read_text(encoding="utf-8"), registry_copy.parent)
    registry_copy.write_bytes(contents.valid(1))
    return contents


def test_every_prefix_of_a_version_is_invalid(frozen_path: Path) -> None:
    contents = Contents(frozen_path.read_text(encoding="utf-8"), frozen_path.parent)
    data = contents.valid(7)
    assert parse_registry(data, "indicators.yaml", frozen_path.parent).meta.title == "Soak registry v007"
    tail = data.rindex(b"\nmeta:\n")
    rng = random.Random(6)
    cuts = {0, len(data) // 2, *range(tail, len(data) - 1, 3), *(rng.randrange(1, len(data)) for _ in range(10))}
    for cut in sorted(cuts):
        contents.problems(data[:cut])


def test_a_save_landing_during_a_load_is_not_lost(contents: Contents, registry_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The race the soak found: a version must name the bytes that were parsed; a save during the parse is what shows next."""
    store = store_module.RegistryStore(registry_copy, settle_seconds=0)
    assert store.state().snapshot.registry.meta.title == "Soak registry v001"
    parse = store_module.parse_registry
    parsed: list[bytes] = []

    def parse_while_the_next_save_lands(data: bytes, *args, **kwargs):
        parsed.append(data)
        registry = parse(data, *args, **kwargs)
        if b"v002" in data:
            registry_copy.write_bytes(contents.valid(3))
        return registry

    monkeypatch.setattr(store_module, "parse_registry", parse_while_the_next_save_lands)
    registry_copy.write_bytes(contents.valid(2))
    assert store.state().snapshot.registry.meta.title == "Soak registry v003"
    assert parsed == [contents.valid(2), contents.valid(3)]  # v2 was parsed, but the file moved on before it could be shown


def test_a_save_starting_during_a_check_is_not_published_half_way(
    contents: Contents, registry_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other race the soak found: a save that starts between the store's stat and its read (truncate, then write)."""
    saved = time.time() - (SETTLE + store_module.RACY_SECONDS) / 2  # older than the settle time, within the racy window
    os.utime(registry_copy, (saved, saved))
    store = store_module.RegistryStore(registry_copy, settle_seconds=SETTLE)
    assert store.state().snapshot.registry.meta.title == "Soak registry v001"
    stat, parse = store._stat, store_module.parse_registry
    calls: list[list[str]] = []
    parsed: list[bytes] = []

    def stat_while_an_editor_saves(files: list[str]):
        found = stat(files)
        calls.append(files)
        if len(calls) == 1:
            registry_copy.write_bytes(b"")  # the save opens the file: emptied
        elif len(calls) == 3:
            registry_copy.write_bytes(contents.valid(2))  # and writes it whole, within the settle time
        return found

    monkeypatch.setattr(store, "_stat", stat_while_an_editor_saves)
    monkeypatch.setattr(store_module, "parse_registry", lambda data, *a, **k: parsed.append(data) or parse(data, *a, **k))
    registry_copy.write_bytes(contents.valid(1) + b"\n")
    state = store.refresh()
    assert len(calls) >= 3 and b"" not in parsed, "a file emptied a moment ago was parsed as the registry"
    assert state.problems == () and state.snapshot.registry.meta.title == "Soak registry v002"


# ---------------------------------------------------------------- the timeline of the file


@dataclass
class Write:
    kind: str
    started: float  # monotonic, before open()
    ended: float  # after close()
    good: int  # the newest valid version before this write
    version: int | None = None  # the valid version it leaves on disk
    problems: tuple[str, ...] = ()  # the banner for the invalid content it leaves
    acked: float = float("-inf")  # when an answer showing its state had come back to the writer


def allowed(writes: list[Write], t0: float, t1: float) -> set[tuple[int, tuple[str, ...] | str]]:
    """(version, banner lines) an answer in flight from t0 to t1 may show.

    A write's state may show from the moment the write ended (the store publishes only what held
    still for the settle time) until the writer saw the next write's state shown. A part of a write
    may show (as a located banner) only when the write took longer than the settle time, so that a
    stalled writer left a part holding still long enough.
    """
    out: set = set()
    for w, after in zip(writes, [*writes[1:], None]):
        superseded = after.acked if after is not None else float("inf")
        if superseded <= t0:
            continue
        if w.ended < t1:
            out.add((w.version, ()) if w.version is not None else (w.good, w.problems))
        if w.started < t1 and w.ended - w.started >= SETTLE:
            out.add((w.good, ANY))
    return out


def accepted(shown: tuple[int, tuple[str, ...]], options: set) -> bool:
    version, lines = shown
    return (version, lines) in options or ((version, ANY) in options and all(LOCATED.match(line) for line in lines))


# ---------------------------------------------------------------- the clients


@dataclass
class Seen:
    """One answer: what it showed, checked after the run (hashes map to versions only then)."""

    kind: str
    reply: load.Reply
    version_hash: str | None = None  # from the shell or the poll
    marker: int | None = None  # from the overview's title
    banner: tuple[str, ...] | None = None


@dataclass
class Log:
    lock: threading.Lock = field(default_factory=threading.Lock)
    seen: list[Seen] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def add(self, seen: Seen) -> None:
        with self.lock:
            self.seen.append(seen)


def banner_of(tree: object) -> tuple[str, ...]:
    codes = [c["props"]["children"] for c in wire.components(tree) if c["type"] == "Code"]
    assert all(isinstance(c, str) for c in codes)
    return tuple(codes)


def title_marker(tree: object) -> int:
    """The version marker of the overview's heading; anything else is a failure."""
    heading = next(wire.text(c)[0] for c in wire.components(tree) if c["type"] == "H1")
    match = MARKER.match(heading)
    if not match:
        raise AssertionError(f"the overview shows {heading!r}, not a valid version")
    return int(match.group(1))


class Browser(threading.Thread):
    """Opens the pages in turn and polls like the page does, keeping the page's state from the answers."""

    def __init__(self, http: load.Http, deps: list[dict], log: Log, stop_event: threading.Event, first: int) -> None:
        super().__init__(daemon=True)
        self.http, self.deps, self.log, self.stop_event = http, deps, log, stop_event
        self.pages = itertools.islice(itertools.cycle(["/", "/indicator/road_deaths", "/claims", "/sources"]), first, None)
        self.version: str | None = None
        self.token: str | None = None
        self.banner: tuple[str, ...] = ()
        self.n = 0

    def call(self, kind: str, method: str, path: str, body: object = None) -> Seen | None:
        if self.stop_event.is_set():
            return None
        seen = Seen(kind, self.http.request(method, path, body))
        self.log.add(seen)
        return seen

    def version_callbacks(self, path: str) -> list[dict]:
        """The callbacks a new registry version fires on `path`, with this page's values."""
        values = {
            "registry-version.data": self.version,
            "indicator-id.data": path.rsplit("/", 1)[-1],
            "area-filter.value": "all",
            "title-search.value": "",
            "claim-filter.value": "all",
            "speech-filter.value": "all",
        }
        outputs = {"/": ["overview-body", "overview-cards"], "/claims": ["claims-list"], "/sources": ["sources-body"]}.get(
            path, ["indicator-body"]
        )
        return [wire.callback_payload(wire.dependency(self.deps, o), values, ["registry-version.data"]) for o in outputs]

    def open(self, path: str) -> None:
        self.call("page", "GET", path)
        seen = self.call("layout", "GET", "/_dash-layout")
        if seen is not None and seen.reply.status == 200:
            tree = seen.reply.json()
            self.version = wire.by_id(tree, "registry-version")["props"]["data"]
            self.token = wire.by_id(tree, "registry-problems-token")["props"]["data"]
            self.banner = banner_of(wire.by_id(tree, "registry-banner"))
            seen.version_hash, seen.banner = self.version, self.banner
        seen = self.call("page callback", "POST", wire.UPDATE, wire.page_payload(path))
        if seen is not None and seen.reply.status == 200 and path == "/":
            seen.marker = title_marker(seen.reply.json())
        if path.startswith("/indicator/"):
            seen = self.call("csv", "GET", path + ".csv")
            assert seen is None or seen.reply.status != 200 or b"\r\n20" in seen.reply.body

    def poll(self, path: str) -> None:
        self.n += 1
        seen = self.call("poll", "POST", wire.UPDATE, wire.poll_payload(self.version, self.token, self.n))
        if seen is None or seen.reply.status not in (200, 204):
            return
        changed = False
        if seen.reply.status == 200:  # 204: nothing changed, the page still shows what it showed
            update = seen.reply.json()["response"]
            changed = "registry-version" in update
            self.version = update["registry-version"]["data"] if changed else self.version
            self.token = update["registry-problems-token"]["data"] if "registry-problems-token" in update else self.token
            self.banner = banner_of(update["registry-banner"]["children"]) if "registry-banner" in update else self.banner
        seen.version_hash, seen.banner = self.version, self.banner
        if changed:
            for body in self.version_callbacks(path):
                seen = self.call("version callback", "POST", wire.UPDATE, body)
                if seen is not None and seen.reply.status == 200 and body["output"].startswith("..overview-body"):
                    seen.marker = title_marker(seen.reply.json())

    def run(self) -> None:
        try:
            while not self.stop_event.is_set():
                path = next(self.pages)
                self.open(path)
                for _ in range(3):
                    self.poll(path)
        except Exception as exc:  # reported by the test
            self.log.failures.append(f"{type(exc).__name__}: {exc}")


# ---------------------------------------------------------------- the server and the writer


@pytest.fixture
def server(contents: Contents, registry_copy: Path, tmp_path: Path):
    port = load.free_port()
    log = tmp_path / "server.log"
    command = [sys.executable, "-m", "dashboard", "run", "--registry", str(registry_copy), "--port", str(port)]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        http = load.Http(f"http://127.0.0.1:{port}", timeout=15)
        http.wait_ready(30, proc)
        yield http, log
    finally:
        load.stop(proc)


class Writer:
    def __init__(self, path: Path, http: load.Http, contents: Contents, log: Log) -> None:
        self.path, self.http, self.contents, self.log = path, http, contents, log
        self.writes = [Write("valid", float("-inf"), float("-inf"), 1, version=1)]
        self.hashes: dict[str, int] = {}
        self.version = 1

    def wait_for(self, what: str, condition) -> None:
        deadline = time.monotonic() + ACK_SECONDS
        while True:
            reply = self.http.get("/api/registry")
            self.log.add(Seen("writer api", reply))
            if reply.status == 200 and condition(reply.json()):
                self.writes[-1].acked = reply.finished
                return
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not show {what} within {ACK_SECONDS:.0f} s: {reply.body[:300]!r}")
            time.sleep(0.02)

    def acknowledge(self) -> None:
        """Until the server shows the version on disk; remembers its hash."""
        deadline = time.monotonic() + ACK_SECONDS
        while True:
            seen = Seen("writer page callback", self.http.post(wire.UPDATE, wire.page_payload("/")))
            self.log.add(seen)
            if seen.reply.status == 200:
                seen.marker = title_marker(seen.reply.json())
                if seen.marker == self.version:
                    self.writes[-1].acked = seen.reply.finished
                    break
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not show version {self.version} within {ACK_SECONDS:.0f} s")
            time.sleep(0.02)
        seen = Seen("writer api", self.http.get("/api/registry"))
        self.log.add(seen)
        status = seen.reply.json()
        assert status["ok"], status["problems"]
        self.hashes[status["version"]] = self.version

    def rewrite(self, kind: str) -> None:
        good = self.version
        started = time.monotonic()
        with self.path.open("wb") as handle:
            if kind == "valid":
                self.version += 1
                handle.write(self.contents.valid(self.version))
            elif kind == "truncated":
                self.version += 1
                data = self.contents.valid(self.version)
                handle.write(data[: len(data) // 2])
                handle.flush()
                time.sleep(PAUSE)
                handle.write(data[len(data) // 2 :])
            elif kind == "invalid":
                handle.write(self.contents.invalid())
        ended = time.monotonic()
        if kind in ("valid", "truncated"):
            self.writes.append(Write(kind, started, ended, good, version=self.version))
            self.acknowledge()
        else:
            problems = self.contents.problems(self.contents.invalid() if kind == "invalid" else b"")
            self.writes.append(Write(kind, started, ended, good, problems=problems))
            self.wait_for(f"the banner for the {kind} file", lambda s: not s["ok"] and tuple(s["problems"]) == problems)


def test_live_edits_lose_nothing(server, contents: Contents, registry_copy: Path) -> None:
    http, server_log = server
    log = Log()
    writer = Writer(registry_copy, http, contents, log)
    writer.acknowledge()
    deps = http.get("/_dash-dependencies").json()

    stop_event = threading.Event()
    browsers = [Browser(http, deps, log, stop_event, first) for first in (0, 2)]
    for browser in browsers:
        browser.start()
    try:
        for i in range(REWRITES):
            writer.rewrite(CYCLE[i % len(CYCLE)])
            time.sleep(0.03)  # let the clients see each state
    finally:
        stop_event.set()
        for browser in browsers:
            browser.join(30)
    assert not any(b.is_alive() for b in browsers), "a client did not stop"
    assert not log.failures, log.failures

    # the final valid state, everywhere
    final = writer.version
    assert writer.writes[-1].version == final == 1 + REWRITES // 2
    tree = http.get("/_dash-layout").json()
    assert writer.hashes[wire.by_id(tree, "registry-version")["props"]["data"]] == final
    assert banner_of(wire.by_id(tree, "registry-banner")) == ()
    assert title_marker(http.post(wire.UPDATE, wire.page_payload("/")).json()) == final
    for path in ("/claims", "/sources", "/indicator/road_deaths"):
        reply = http.post(wire.UPDATE, wire.page_payload(path))
        assert reply.status == 200 and b"No registry loaded" not in reply.body

    statuses = Counter(s.reply.status for s in log.seen)
    kinds = Counter(s.kind for s in log.seen)
    print(f"\nsoak: {REWRITES} rewrites, {len(log.seen)} requests {dict(kinds)}, statuses {dict(statuses)}")
    assert not [s for s in log.seen if s.reply.status >= 500]
    assert set(statuses) <= {200, 204}, statuses

    # every answer shows the newest valid version, or the last good one with its banner
    wrong = []
    shown = Counter()
    for s in log.seen:
        options = allowed(writer.writes, s.reply.started, s.reply.finished)
        if s.marker is not None and s.marker not in {v for v, _ in options}:
            wrong.append(f"{s.kind} showed v{s.marker}; allowed {sorted(options, key=str)}")
        if s.version_hash is not None:
            version = writer.hashes.get(s.version_hash)
            if version is None:
                wrong.append(f"{s.kind} showed version {s.version_hash}, which no valid write produced")
            elif not accepted((version, s.banner), options):
                wrong.append(f"{s.kind} showed v{version} with banner {s.banner}; allowed {sorted(options, key=str)}")
            shown["with banner" if s.banner else "without banner"] += 1
    assert not wrong, f"{len(wrong)} answers showed the wrong state, e.g. {wrong[:3]}"
    markers = {s.marker for s in log.seen if s.marker is not None and not s.kind.startswith("writer")}
    print(f"soak: states checked {dict(shown)}, {len(markers)} versions seen by title")
    assert shown["with banner"] and shown["without banner"], shown  # the clients did meet both
    assert len(markers) > REWRITES // 4

    server_text = server_log.read_text(errors="replace")
    assert "Debug mode: off" in server_text and "Traceback" not in server_text


# ---------------------------------------------------------------- a large registry, saved slowly and not atomically

LARGE = (2000, 20)  # indicators x years: about 4.6 MB of YAML
LARGE_REWRITES = 4
CHUNK_INDICATORS = 40  # each chunk ends where an indicator begins: every partial file is a whole, smaller registry
CHUNK_PAUSE = 0.05  # between chunks: about 1.5 MB/s


def test_a_large_registry_saved_slowly_is_never_shown_in_part(tmp_path: Path) -> None:
    """Every answer while a 4.6 MB registry is rewritten in place, in chunks, shows the old or the new version whole."""
    path = generate.write_registry(tmp_path, *LARGE)
    first = path.read_bytes()
    versions = [first, first.replace(b'title: "Synthetic benchmark registry', b'title: "Synthetic benchmark registry, rewritten', 1)]
    assert versions[1] != first
    cuts = [m.start() + 1 for m in re.finditer(rb"\n  - id: syn_ind_", first)][::CHUNK_INDICATORS]
    port = load.free_port()
    with (tmp_path / "server.log").open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "run", "--registry", str(path), "--port", str(port)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    answers: list[tuple[load.Reply, dict]] = []
    windows: list[tuple[float, float]] = []  # rewrites during which the writer stalled for the settle time: a part may have held still
    stop_event = threading.Event()
    clients: list[threading.Thread] = []

    def client() -> None:
        while not stop_event.is_set():
            reply = http.get("/api/registry")
            answers.append((reply, reply.json() if reply.status == 200 else {}))

    try:
        http = load.Http(f"http://127.0.0.1:{port}", timeout=30)
        http.wait_ready(60, proc)
        shown = [http.get("/api/registry").json()["version"]]
        clients = [threading.Thread(target=client, daemon=True) for _ in range(2)]
        for thread in clients:
            thread.start()
        for k in range(1, LARGE_REWRITES + 1):
            data = versions[k % 2]
            started = last = time.monotonic()
            gap = 0.0
            with path.open("wb") as handle:
                for a, b in zip([0, *cuts], [*cuts, len(data)]):
                    handle.write(data[a:b])
                    handle.flush()
                    now = time.monotonic()
                    gap, last = max(gap, now - last), now
                    time.sleep(CHUNK_PAUSE)
            deadline = time.monotonic() + 60
            while (status := http.get("/api/registry").json())["version"] == shown[-1]:
                assert time.monotonic() < deadline, "the server never showed the rewritten registry"
                time.sleep(0.05)
            shown.append(status["version"])
            if gap + CHUNK_PAUSE >= SETTLE:
                windows.append((started, time.monotonic()))
    finally:
        stop_event.set()
        for thread in clients:  # each finishes its request before the server stops
            thread.join(timeout=60)
        load.stop(proc)
    assert len(set(shown)) == 2 and shown[0::2] == [shown[0]] * len(shown[0::2]), shown  # old, new, old, new: whole versions only
    assert len(windows) <= LARGE_REWRITES // 2, f"the writer stalled in {len(windows)} rewrites; the check is too weak"
    checked = [(r, a) for r, a in answers if not any(r.started < end and r.finished > start for start, end in windows)]
    counts = Counter(len(a.get("indicators", [])) for _, a in checked)
    print(
        f"\nlarge soak: {LARGE_REWRITES} rewrites of {len(first) / 1e6:.1f} MB in {len(cuts) + 1} chunks; {len(answers)} answers, "
        f"indicator counts {dict(counts)}, slowest answer {max(r.seconds for r, _ in answers):.3f} s, {len(windows)} stalled rewrites"
    )
    assert counts == {LARGE[0]: len(checked)}, counts
    assert {a["version"] for _, a in checked} <= set(shown)
    assert not [a for _, a in checked if a["warning"] or not a["ok"]]
    assert "Traceback" not in (tmp_path / "server.log").read_text(errors="replace")
