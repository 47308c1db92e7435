"""The live-reload store: cheap checks, reloads on edits, last good registry on bad edits, per process."""

from __future__ import annotations

import itertools
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dashboard.web.store as store_module
from benchmarks import generate
from dashboard.registry import RegistryError, load_registry
from dashboard.web.store import RACY_SECONDS, RegistryStore, shrink_warning

PROBLEM_LINE = re.compile(r"^[^:\s]+:\d+:\d+: ")
HOUR = 3600.0


_TICK = itertools.count(1)


def age(path: Path, seconds: float = HOUR) -> None:
    """Date a file back, out of the racy window; each call gives a distinct time."""
    stamp = time.time() - seconds + next(_TICK) * 1e-3
    os.utime(path, (stamp, stamp))


def write(path: Path, data: str | bytes, seconds: float = HOUR) -> None:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    age(path, seconds)


@pytest.fixture
def copy(registry_copy: Path) -> Path:
    for path in [registry_copy, *registry_copy.parent.joinpath("data").rglob("*")]:
        if path.is_file():
            age(path)
    return registry_copy


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Callable[[RegistryStore], list[int]]:
    """Counts how often a store reads the files (hashes them)."""

    def attach(store: RegistryStore) -> list[int]:
        calls = [0]
        original = store._look

        def counting(extra: set[str]):
            calls[0] += 1
            return original(extra)

        monkeypatch.setattr(store, "_look", counting)
        return calls

    return attach


def test_first_state_is_the_registry_with_its_assessment(copy: Path) -> None:
    state = RegistryStore(copy).state()
    expected = load_registry(copy)
    assert state.problems == ()
    assert [i.id for i in state.snapshot.registry.indicators] == [i.id for i in expected.indicators]
    assert set(state.snapshot.assessment.views) == {i.id for i in expected.indicators}
    assert re.fullmatch(r"[0-9a-f]{12}", state.snapshot.version) and state.snapshot.version == expected.version
    assert state.token == f"{state.snapshot.version[:16]}:ok"


def test_unchanged_files_are_only_stat_ed(copy: Path, counted) -> None:
    store = RegistryStore(copy)
    first = store.state()
    reads = counted(store)
    for _ in range(5):
        assert store.state() is first
    assert reads == [0]
    assert store.loads == 1


def test_a_touch_without_a_change_is_hashed_but_not_parsed(copy: Path, counted) -> None:
    store = RegistryStore(copy)
    first = store.state()
    reads = counted(store)
    age(copy, 100)
    assert store.state().snapshot is first.snapshot
    assert reads == [1]
    assert store.loads == 1


@pytest.mark.parametrize(
    ("edit", "check"),
    [
        pytest.param(
            lambda p: write(p, p.read_text().replace('en: "Road traffic deaths"', 'en: "Road deaths, edited"', 1)),
            lambda s: s.snapshot.registry.indicator("road_deaths").title == "Road deaths, edited",
            id="yaml",
        ),
        pytest.param(
            lambda p: write(
                p.parent / "data" / "road_deaths.csv", (p.parent / "data" / "road_deaths.csv").read_text().replace(",13900,", ",13000,")
            ),
            lambda s: s.snapshot.assessment.views["road_deaths"].points[-1].value == 13000,
            id="series-file",
        ),
    ],
)
def test_an_edit_is_reloaded(copy: Path, edit: Callable[[Path], None], check: Callable) -> None:
    store = RegistryStore(copy)
    before = store.state()
    edit(copy)
    after = store.refresh()
    assert after.problems == ()
    assert after.snapshot.version != before.snapshot.version
    assert check(after)
    assert store.loads == 2


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    write(path, text.replace(old, new, 1))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    write(path, data[: data.index(b'en: "Road traffic deaths"') + 12])  # stops inside a quoted string


BAD_EDITS = [
    pytest.param(lambda p: write(p, p.read_text() + "  - [unclosed\n"), "indicators.yaml", id="yaml-syntax"),
    pytest.param(lambda p: _replace(p, "source: tver\n", "source: tver_typo\n"), "indicators.yaml", id="unknown-source"),
    pytest.param(lambda p: write(p, b""), "indicators.yaml", id="emptied"),
    pytest.param(_truncate, "indicators.yaml", id="half-written"),
    pytest.param(lambda p: write(p, b"\x00\xff\xfe garbage \x81"), "indicators.yaml", id="binary"),
    pytest.param(lambda p: _replace(p.parent / "data" / "road_deaths.csv", ",13900,", ",lots,"), "data/road_deaths.csv", id="series-value"),
    pytest.param(lambda p: (p.parent / "data" / "road_deaths.csv").unlink(), "indicators.yaml", id="series-deleted"),
    pytest.param(
        lambda p: _replace(
            p.parent / "data" / "sources" / "kremlin-2025-03-05.en.txt", "Street crime is decreasing too.", "Street crime is down."
        ),
        "indicators.yaml",
        id="source-document-changed",
    ),
]


@pytest.mark.parametrize(("edit", "problem_file"), BAD_EDITS)
def test_a_bad_edit_keeps_the_last_good_registry_and_lists_every_problem(
    copy: Path, edit: Callable[[Path], None], problem_file: str
) -> None:
    originals = {p: p.read_bytes() for p in [copy, *copy.parent.joinpath("data").rglob("*")] if p.is_file()}
    store = RegistryStore(copy)
    good = store.state()
    edit(copy)
    bad = store.refresh()
    assert bad.snapshot is good.snapshot
    assert bad.problems
    assert all(PROBLEM_LINE.match(str(p)) for p in bad.problems)
    assert problem_file in {p.file for p in bad.problems}
    assert bad.token != good.token

    for path, data in originals.items():
        write(path, data)
    fixed = store.refresh()
    assert fixed.problems == ()
    assert fixed.snapshot.version == good.snapshot.version
    assert fixed.token == good.token


def test_a_series_file_named_by_a_broken_registry_is_watched_until_it_appears(copy: Path) -> None:
    store = RegistryStore(copy)
    store.state()
    _replace(copy, "series_file: data/road_deaths.csv", "series_file: data/road_deaths_v2.csv")
    assert any("road_deaths_v2.csv" in str(p) for p in store.refresh().problems)
    write(copy.parent / "data" / "road_deaths_v2.csv", (copy.parent / "data" / "road_deaths.csv").read_bytes())
    assert store.refresh().problems == ()


class FakeTime:
    """An injected clock whose sleeps pass at once, each letting a slow save make one step."""

    def __init__(self) -> None:
        self.now = float(int(time.time()))  # whole seconds: sums of binary fractions stay exact
        self.steps: list[Callable[[], None]] = []
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        if self.steps:
            self.steps.pop(0)()


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every registry text the stores parse, in order."""
    seen: list[bytes] = []
    real = store_module.parse_registry

    def recording(data: bytes, *args: object, **kwargs: object):
        seen.append(data)
        return real(data, *args, **kwargs)

    monkeypatch.setattr(store_module, "parse_registry", recording)
    return seen


def test_a_file_still_being_written_is_never_published(copy: Path, parsed: list[bytes]) -> None:
    """A slow, non-atomic save: one more indicator lands per settle interval; many prefixes are whole registries."""
    new = copy.read_bytes().replace(b'en: "Road traffic deaths"', b'en: "Road deaths, saved slowly"', 1)
    cuts = [m.start() + 1 for m in re.finditer(rb"\n  - id: ", new)]
    assert sum(1 for cut in cuts if _parses(new[:cut], copy.parent)) >= 2  # prefixes that would pass for a version
    clock = FakeTime()
    store = RegistryStore(copy, settle_seconds=0.3, clock=clock.clock, sleep=clock.sleep)
    store.refresh()
    del parsed[:]
    write(copy, b"")  # the editor opened the file for writing
    clock.steps = [lambda cut=cut: write(copy, new[:cut]) for cut in cuts] + [lambda: write(copy, new)]
    state = store.refresh()
    assert parsed == [new]
    assert state.snapshot.registry.indicator("road_deaths").title == "Road deaths, saved slowly"
    assert state.problems == () and state.warning == ""


def test_a_version_is_published_only_after_two_equal_looks_settle_seconds_apart(copy: Path, parsed: list[bytes], counted) -> None:
    clock = FakeTime()
    store = RegistryStore(copy, settle_seconds=0.375, clock=clock.clock, sleep=lambda s: clock.sleep(0.125))
    store.refresh()
    looks = counted(store)
    _replace(copy, 'en: "Road traffic deaths"', 'en: "Road deaths, edited"')
    start = clock.now
    assert store.refresh().snapshot.registry.indicator("road_deaths").title == "Road deaths, edited"
    # four looks 0.125 s apart (the first and the last 0.375 s apart), the parse, then one look to check nothing moved
    assert clock.now - start == 0.375 and looks == [5] and len(parsed) == 2


def test_a_save_during_the_parse_is_not_published_and_the_settled_one_is(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The version must name what was parsed: what changed while it was parsed waits for the next look."""
    series = copy.parent / "data" / "road_deaths.csv"
    store = RegistryStore(copy, settle_seconds=0)
    store.state()
    real = store_module.parse_registry
    saves = [series.read_text(encoding="utf-8").replace(",13900,", ",12000,")]
    shown: list[float] = []

    def racing(*args: object, **kwargs: object):
        registry = real(*args, **kwargs)  # has read the series file as it was
        if saves:
            write(series, saves.pop())  # an editor saves while the parse runs
        shown.append(store._state.snapshot.assessment.views["road_deaths"].points[-1].value)
        return registry

    monkeypatch.setattr(store_module, "parse_registry", racing)
    write(series, series.read_text(encoding="utf-8").replace(",13900,", ",13000,"))
    assert store.state().snapshot.assessment.views["road_deaths"].points[-1].value == 12000
    assert store.loads == 3 and 13000 not in shown  # the 13000 parse was thrown away, never shown


def test_a_slow_reload_never_blocks_a_request(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = RegistryStore(copy, settle_seconds=0.01)
    good = store.refresh()
    entered, release = threading.Event(), threading.Event()
    real = store_module.parse_registry

    def slow(*args: object, **kwargs: object):
        entered.set()
        release.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(store_module, "parse_registry", slow)
    _replace(copy, 'en: "Road traffic deaths"', 'en: "Road deaths, edited"')
    store.state()
    assert entered.wait(30), "the check never started"
    answers = [store.state() for _ in range(200)]  # a request waiting on the check would stall here until release
    assert not release.is_set()
    assert all(a.snapshot is good.snapshot and a.checking and a.token == good.token for a in answers)
    release.set()
    after = store.refresh()
    assert after.snapshot.registry.indicator("road_deaths").title == "Road deaths, edited" and not after.checking


def test_before_the_first_load_a_request_waits_at_most_first_wait_seconds(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real = store_module.parse_registry
    monkeypatch.setattr(store_module, "parse_registry", lambda *a, **k: release.wait(60) and real(*a, **k))
    store = RegistryStore(copy, settle_seconds=0.01, first_wait_seconds=0)
    state = store.state()
    assert state.snapshot is None and state.problems == () and state.checking
    release.set()
    assert store.refresh().snapshot is not None


def _parses(data: bytes, base: Path) -> bool:
    try:
        store_module.parse_registry(data, "indicators.yaml", base)
    except RegistryError:
        return False
    return True


def _registry(indicators: int, claims: int) -> SimpleNamespace:
    return SimpleNamespace(indicators=[None] * indicators, claims=[None] * claims)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ((2000, 10), (34, 0), "This version has 34 indicators, down from 2,000, and 0 claims, down from 10 — was the file saved whole?"),
        ((40, 8), (30, 6), ""),  # a quarter less is an edit
        ((40, 8), (29, 8), "This version has 29 indicators, down from 40 — was the file saved whole?"),
        ((40, 8), (400, 5), "This version has 5 claims, down from 8 — was the file saved whole?"),
        ((0, 0), (0, 0), ""),
    ],
)
def test_the_shrink_warning_names_the_counts(old: tuple[int, int], new: tuple[int, int], expected: str) -> None:
    assert shrink_warning(_registry(*old), _registry(*new)) == expected
    assert shrink_warning(None, _registry(*new)) == ""


def test_a_version_that_drops_many_indicators_is_shown_with_a_warning_until_the_next_version(tmp_path: Path) -> None:
    path = generate.write_registry(tmp_path, 40, 3)
    full = path.read_bytes()
    small, _ = generate.registry_text(4, 3)
    store = RegistryStore(path, settle_seconds=0)
    before = store.state()
    assert before.warning == "" and before.problems_token == "ok"
    write(path, small)
    shrunk = store.state()
    count = len(shrunk.snapshot.registry.claims)
    assert len(shrunk.snapshot.registry.indicators) == 4 and shrunk.problems == ()
    assert (
        shrunk.warning
        == f"This version has 4 indicators, down from 40, and {count} claims, down from {len(before.snapshot.registry.claims)} — was the "
        f"file saved whole?"
    )
    assert shrunk.problems_token != "ok" and shrunk.token != before.token
    write(path, small + "  - [unclosed\n")
    broken = store.state()
    assert broken.snapshot is shrunk.snapshot and broken.problems and broken.warning == shrunk.warning
    write(path, full)
    again = store.state()
    assert again.warning == "" and again.token == before.token


def test_a_missing_registry_gives_a_problem_then_loads_when_it_appears(copy: Path, tmp_path: Path) -> None:
    path = copy.parent / "later.yaml"
    store = RegistryStore(path)
    state = store.state()
    assert state.snapshot is None
    assert [p.file for p in state.problems] == ["later.yaml"]
    assert "cannot read" in state.problems[0].message
    write(path, copy.read_bytes())
    assert store.refresh().snapshot is not None


def test_a_same_size_rewrite_within_the_racy_window_is_seen(copy: Path) -> None:
    text = copy.read_text(encoding="utf-8")
    one, two = (text.replace('en: "Road traffic deaths"', f'en: "Road traffic death{c}"', 1) for c in "AB")
    store = RegistryStore(copy, settle_seconds=0)
    write(copy, one, seconds=0)
    st1 = copy.stat()
    assert store.state().snapshot.registry.indicator("road_deaths").title.endswith("A")
    copy.write_text(two, encoding="utf-8")
    os.utime(copy, ns=(st1.st_atime_ns, st1.st_mtime_ns))  # same size and same mtime: the stat cannot tell
    assert copy.stat().st_mtime > time.time() - RACY_SECONDS
    assert store.state().snapshot.registry.indicator("road_deaths").title.endswith("B")


def test_a_save_by_rename_is_seen_even_with_the_same_size_and_mtime(copy: Path) -> None:
    store = RegistryStore(copy)
    store.state()
    before = copy.stat()
    tmp = copy.with_name("indicators.yaml.new")
    tmp.write_text(copy.read_text(encoding="utf-8").replace('en: "Road traffic deaths"', 'en: "Road traffic deathZ"', 1), encoding="utf-8")
    os.utime(tmp, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(tmp, copy)
    assert (copy.stat().st_size, copy.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert store.refresh().snapshot.registry.indicator("road_deaths").title == "Road traffic deathZ"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(min_value=0.0, max_value=1.0))
def test_any_half_written_registry_never_raises_nor_loses_the_last_good_one(copy: Path, cut: float) -> None:
    data = copy.read_bytes()
    store = RegistryStore(copy, settle_seconds=0)
    good = store.state()
    try:
        write(copy, data[: int(len(data) * cut)])
        state = store.state()
        assert state.snapshot is not None
        if not state.problems:  # a prefix can be a whole registry (cut between two items)
            assert [i.id for i in state.snapshot.registry.indicators] == [i.id for i in load_registry(copy).indicators]
    finally:
        write(copy, data)
    assert store.state().snapshot.version == good.snapshot.version


def test_concurrent_readers_during_rewrites_always_get_a_registry(copy: Path) -> None:
    good, bad = copy.read_bytes(), copy.read_bytes()[:5000]
    store = RegistryStore(copy, settle_seconds=0.01)
    store.refresh()
    errors: list[BaseException] = []
    empty: list[int] = []
    stop = threading.Event()

    def reader() -> None:
        try:
            while not stop.is_set():
                if store.state().snapshot is None:
                    empty.append(1)
        except BaseException as exc:  # noqa: BLE001 - the test reports any escape
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    for i in range(40):
        copy.write_bytes(bad if i % 2 else good)
    stop.set()
    for t in threads:
        t.join()
    assert errors == [] and empty == []


# ------------------------------------------------------------------ gunicorn, several workers


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def _until(url: str, accept: Callable[[dict], bool], what: str, *, workers: int = 2, timeout: float = 30.0) -> dict:
    """Poll until a run of answers, from at least `workers` processes, all pass `accept`."""
    deadline = time.monotonic() + timeout
    pids: set[int] = set()
    last: dict = {}
    while time.monotonic() < deadline:
        try:
            last = _get(url)
        except OSError:
            time.sleep(0.2)
            continue
        if accept(last):
            pids.add(last["pid"])
            if len(pids) >= workers:
                return last
        else:
            pids.clear()
        time.sleep(0.05)
    pytest.fail(f"gunicorn never showed {what} from {workers} workers; last answer {last}")


@pytest.mark.slow
def test_every_gunicorn_worker_reloads_on_its_own(copy: Path) -> None:
    port = _free_port()
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "DASHBOARD_REGISTRY": str(copy), "PYTHONPATH": str(root)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "dashboard.web.wsgi:server"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=root,
    )
    url = f"http://127.0.0.1:{port}/api/registry"
    try:
        first = _until(url, lambda a: a["ok"], "the registry")
        _replace(copy, 'en: "Road traffic deaths"', 'en: "Road deaths, edited"')
        edited = _until(url, lambda a: a["ok"] and a["version"] != first["version"], "the edit")
        _replace(copy, "source: tver\n", "source: tver_typo\n")
        broken = _until(url, lambda a: not a["ok"], "the problems")
        assert broken["version"] == edited["version"]  # the last good registry stays
        assert all(PROBLEM_LINE.match(line) for line in broken["problems"])
        _replace(copy, "source: tver_typo\n", "source: tver\n")
        assert _until(url, lambda a: a["ok"], "the fix")["version"] == edited["version"]
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_a_large_registry_is_parsed_in_a_child_process_with_the_same_result(copy: Path) -> None:
    """child_parse_bytes=0: every parse runs in a child process, which hands back the registry or its problems."""
    here, there = RegistryStore(copy, settle_seconds=0), RegistryStore(copy, settle_seconds=0, child_parse_bytes=0)
    good, child = here.state(), there.state()
    assert child.problems == () and child.snapshot.version == good.snapshot.version
    registry = child.snapshot.registry
    assert (registry.path, registry.sha256, registry.warnings) == (
        str(copy),
        good.snapshot.registry.sha256,
        good.snapshot.registry.warnings,
    )
    assert registry.series == good.snapshot.registry.series and registry.model_dump() == good.snapshot.registry.model_dump()
    assert (
        registry.in_language("ru").indicator("road_deaths").title == good.snapshot.registry.in_language("ru").indicator("road_deaths").title
    )
    _replace(copy, "direction: lower_is_better", "direction: lower_is_beter")
    bad_here, bad_there = here.refresh(), there.refresh()
    assert bad_there.snapshot is child.snapshot and bad_there.problems == bad_here.problems and bad_there.problems


def test_a_registry_error_pickles_with_its_count() -> None:
    import pickle

    from dashboard.registry import Problem

    error = RegistryError([Problem("f.yaml", line, 1, "", "bad") for line in range(1, 300)])
    again = pickle.loads(pickle.dumps(error))
    assert (again.count, again.problems, str(again)) == (error.count, error.problems, str(error))
