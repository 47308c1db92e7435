"""No file can hang the server or the CLI, and no output folder can be turned against its owner (issue 27, findings 1 and 2).

The one guarded reader (registry.files.read_regular) refuses a named pipe, a device and a folder at once;
the store's look, the loader and `validate` read through it. The one safe writer (registry.files.write_atomic)
never opens a planted `.<name>.part` file or link. Each hazard is one fixture; every wait below is a bound
on a thread that would otherwise hang for good, never a timed assertion.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from argparse import Namespace
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import dashboard.web.store as store_module
from dashboard.registry import RegistryError, files, load_registry
from dashboard.web.store import RegistryStore

ROOT = Path(__file__).resolve().parent.parent
BOUND = 20.0  # seconds a call may take before it counts as hung (each of them takes milliseconds)


def finishes(call: Callable[[], Any]) -> Any:
    """`call()` in a daemon thread; fails the test (instead of hanging it) when the call does not return within BOUND."""
    result: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(call())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(BOUND)
    assert not thread.is_alive(), f"{call} hung"
    if errors:
        raise errors[0]
    return result[0]


def aged(path: Path) -> None:
    os.utime(path, (os.stat(path).st_atime - 3600, os.stat(path).st_mtime - 3600), follow_symlinks=False)


@pytest.fixture
def series(registry_copy: Path) -> Path:
    for path in [registry_copy, *(registry_copy.parent / "data").rglob("*")]:
        aged(path)  # out of the store's racy window: a settled state is not looked at again
    return registry_copy.parent / "data" / "road_deaths.csv"


# ---------------------------------------------------------------- the guarded reader


@pytest.mark.parametrize("hazard", ["fifo", "dev_zero_link", "folder"])
def test_the_guarded_reader_refuses_anything_but_a_regular_file_at_once(tmp_path: Path, hazard: str) -> None:
    path = tmp_path / "file.csv"
    if hazard == "fifo":
        os.mkfifo(path)
    elif hazard == "dev_zero_link":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    with pytest.raises(files.FileRefused, match="not a regular file|a folder"):
        finishes(lambda: files.read_regular(path))


def test_the_guarded_reader_refuses_a_link_where_none_is_allowed(tmp_path: Path) -> None:
    (tmp_path / "real.csv").write_text("year,value\n")
    (tmp_path / "link.csv").symlink_to(tmp_path / "real.csv")
    assert files.read_regular(tmp_path / "link.csv") == b"year,value\n"
    with pytest.raises(files.FileRefused, match="cannot be read"):
        files.read_regular(tmp_path / "link.csv", follow_links=False)


def test_the_guarded_reader_bounds_the_size(tmp_path: Path) -> None:
    (tmp_path / "big.csv").write_bytes(b"x" * 101)
    with pytest.raises(files.FileRefused, match="over 100 bytes") as caught:
        files.read_regular(tmp_path / "big.csv", max_bytes=100)
    assert caught.value.too_big


def test_the_stores_look_reads_a_link_to_dev_zero_as_missing(series: Path) -> None:
    series.unlink()
    series.symlink_to("/dev/zero")
    assert finishes(lambda: store_module._read(series)) is None


# ---------------------------------------------------------------- a named pipe in a watched file's place


def test_a_fifo_in_place_of_a_series_file_at_start_is_a_problem_and_recovers(registry_copy: Path, series: Path) -> None:
    kept = series.read_bytes()
    series.unlink()
    os.mkfifo(series)
    aged(series)
    store = RegistryStore(registry_copy, settle_seconds=0.01)
    state = finishes(store.refresh)
    assert state.snapshot is None and not state.checking
    assert any("road_deaths.csv" in str(p) and "not a regular file" in str(p) for p in state.problems), state.problems
    series.unlink()
    series.write_bytes(kept)
    aged(series)
    back = finishes(store.refresh)
    assert back.snapshot is not None and back.problems == ()


def test_a_fifo_mid_run_keeps_the_last_version_and_a_valid_edit_then_shows(registry_copy: Path, series: Path) -> None:
    store = RegistryStore(registry_copy, settle_seconds=0.01)
    good = finishes(store.refresh)
    assert good.snapshot is not None and not good.problems
    kept = series.read_bytes()
    series.unlink()
    os.mkfifo(series)
    aged(series)
    during = finishes(store.refresh)
    assert during.snapshot is good.snapshot and during.problems  # the last good version, with the problem
    series.unlink()
    series.write_bytes(kept.replace(b"\n", b"\r\n"))  # a valid edit: the same rows, another content version
    aged(series)
    after = finishes(store.refresh)
    assert after.problems == () and after.snapshot is not None and after.version != good.version


def test_a_check_that_cannot_finish_is_abandoned_and_reported(registry_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    store = RegistryStore(registry_copy, settle_seconds=0.01, clock=lambda: now[0], check_timeout_seconds=30, first_wait_seconds=0)
    release, entered = threading.Event(), threading.Event()
    real = store_module._read

    def stuck(path: Path) -> bytes | None:
        if not release.is_set():
            entered.set()
            release.wait(BOUND)
        return real(path)

    monkeypatch.setattr(store_module, "_read", stuck)
    first = store.state()
    assert entered.wait(BOUND) and first.checking and first.snapshot is None
    now[0] += 31  # the check has run for longer than check_timeout_seconds
    abandoned = store.state()
    assert any("abandoned" in p.message for p in abandoned.problems), abandoned.problems
    release.set()  # the file system answers again: a new check publishes
    monkeypatch.setattr(store_module, "_read", real)
    now[0] += 1
    assert finishes(store.refresh).snapshot is not None


def test_validate_on_a_fifo_registry_exits_1(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "indicators.yaml")
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "validate", str(tmp_path / "indicators.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 1
    assert "not a regular file" in done.stdout + done.stderr and "Traceback" not in done.stderr


def test_load_registry_refuses_a_fifo_series_file(registry_copy: Path, series: Path) -> None:
    series.unlink()
    os.mkfifo(series)
    aged(series)
    with pytest.raises(RegistryError, match="road_deaths.csv' is not a regular file"):
        finishes(lambda: load_registry(registry_copy))


# ---------------------------------------------------------------- a planted `.<name>.part` link


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim"
    path.write_bytes(b"the analyst's own file")
    return path


def plant(out: Path, name: str, victim: Path) -> Path:
    out.mkdir(exist_ok=True)
    link = out / f".{name}.part"
    link.symlink_to(victim)
    return link


def test_the_safe_writer_never_follows_a_planted_link(tmp_path: Path, victim: Path) -> None:
    plant(tmp_path / "out", "file.svg", victim)
    files.write_atomic(tmp_path / "out" / "file.svg", b"<svg/>")
    assert victim.read_bytes() == b"the analyst's own file"
    assert not (tmp_path / "out" / "file.svg").is_symlink() and (tmp_path / "out" / "file.svg").read_bytes() == b"<svg/>"


def test_the_safe_writer_replaces_a_link_in_the_targets_place_not_its_target(tmp_path: Path, victim: Path) -> None:
    (tmp_path / "file.svg").symlink_to(victim)
    files.write_atomic(tmp_path / "file.svg", b"<svg/>")
    assert victim.read_bytes() == b"the analyst's own file" and not (tmp_path / "file.svg").is_symlink()


def test_a_planted_part_link_leaves_its_target_untouched_on_export_and_manifest(
    tmp_path: Path, victim: Path, frozen_assessment, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.outputs.export import batch

    out = tmp_path / "out"
    links = [plant(out, f"{i.id}.svg", victim) for i in frozen_assessment.registry.indicators] + [plant(out, "manifest.json", victim)]
    monkeypatch.setattr(batch, "render_indicator", lambda assessment, indicator_id, **_: b"<svg>" + indicator_id.encode() + b"</svg>")
    entries = batch.export_batch(frozen_assessment, [i.id for i in frozen_assessment.registry.indicators], out, fmt="svg", renderer=None)  # type: ignore[arg-type]
    manifest = batch.write_manifest(out, frozen_assessment, entries)
    assert victim.read_bytes() == b"the analyst's own file"
    assert not manifest.is_symlink() and b"registry_version" in manifest.read_bytes()
    assert all(link.is_symlink() for link in links)  # left as found: never opened, never renamed
    assert not any((out / e.file).is_symlink() for e in entries)


def test_a_planted_part_link_leaves_its_target_untouched_on_report(
    tmp_path: Path, victim: Path, frozen_registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.outputs.report import command

    class NoBrowser:
        def __enter__(self) -> NoBrowser:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

    monkeypatch.setattr(command, "Renderer", NoBrowser)
    monkeypatch.setattr(command, "briefing_html", lambda *a, **k: "<html>briefing</html>")
    plant(tmp_path / "out", "brief.html", victim)
    args = Namespace(out=tmp_path / "out" / "brief.html", format=None, ids=None, area=None, lang="en")
    assert command.run(args, frozen_registry) == 0
    assert victim.read_bytes() == b"the analyst's own file"
    assert (tmp_path / "out" / "brief.html").read_bytes() == b"<html>briefing</html>"


# ---------------------------------------------------------------- the production server, with a FIFO at start and mid-run


def _until(call: Callable[[], bool], seconds: float = 60.0) -> float:
    """Seconds until `call()` holds, asking every 0.1 s; fails after `seconds` (a bound on a hang, not a speed test)."""
    import time

    started = time.monotonic()
    while not call():
        assert time.monotonic() - started < seconds, f"{call} never held"
        time.sleep(0.1)
    return time.monotonic() - started


@pytest.mark.slow
def test_the_server_with_a_fifo_at_start_and_mid_run_recovers(registry_copy: Path, series: Path, tmp_path: Path) -> None:
    import json
    import urllib.error
    import urllib.request

    from benchmarks.load import free_port, stop

    kept = series.read_bytes()
    series.unlink()
    os.mkfifo(series)
    port = free_port()
    env = {**os.environ, "DASHBOARD_REGISTRY": str(registry_copy), "DASHBOARD_WORKERS": "2"}
    conf = str(ROOT / "dashboard" / "web" / "gunicorn_conf.py")
    command = [sys.executable, "-m", "gunicorn", "-c", conf, "--bind", f"127.0.0.1:{port}", "dashboard.web.wsgi:server"]
    log = tmp_path / "gunicorn.log"

    def get(path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except OSError:
            return 0, b""

    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _until(lambda: get("/healthz")[0] == 503 and b"problem" in get("/healthz")[1])  # reported, not "checking" for good
        series.unlink()
        series.write_bytes(kept)
        # both workers: a worker checks its files only when asked, so four answers from one of them prove nothing of the other
        serving: set[int] = set()

        def both_serve() -> bool:
            answer = json.loads(get("/api/registry")[1] or b"{}")
            if answer.get("ok"):
                serving.add(answer["pid"])
            return len(serving) == 2 and get("/healthz")[0] == 200

        back = _until(both_serve)
        version = json.loads(get("/api/registry")[1])["version"]
        series.unlink()
        os.mkfifo(series)  # mid-run
        _until(lambda: not json.loads(get("/api/registry")[1])["ok"])
        assert get("/healthz")[0] == 200  # the last good version is still served
        series.unlink()
        series.write_bytes(kept.replace(b"\n", b"\r\n"))  # a valid edit
        edited: set[int] = set()

        def both_edited() -> bool:  # each worker, by its pid, serves the edit and finds it valid
            answer = json.loads(get("/api/registry")[1] or b"{}")
            if answer.get("ok") and answer.get("version") not in (None, "none", version):
                edited.add(answer["pid"])
            return len(edited) == 2

        edit = _until(both_edited)
        assert all(json.loads(get("/api/registry")[1])["ok"] for _ in range(4))
        print(f"\nFIFO at start: /healthz 200 {back:.1f} s after the file returned; mid-run: the edit shown after {edit:.1f} s")
    finally:
        stop(proc)
    assert "Traceback" not in log.read_text(errors="replace")
