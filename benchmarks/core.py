"""Core figures: load against the libyaml floor, reload, long CSV series, scaling with N."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import statistics
from collections.abc import Callable
from pathlib import Path

import yaml

from dashboard.engine.assessment import build
from dashboard.outputs.frames import build_frames
from dashboard.registry import RegistryError, load_registry
from dashboard.registry.gc_pause import paused_gc

from . import Row, interleaved, median_time, ratio, seconds
from .budgets import LINEAR, LOAD, RELOAD, SERIES, UNKNOWN_KEYS
from .generate import registry_text, write_registry, write_series_registry, write_unknown_keys_registry


def full_load(path: Path) -> Callable[[], object]:
    """What the dashboard does on start: load, validate, cross-check, build frames."""
    return lambda: build_frames(load_registry(path))


def assessed_load(path: Path) -> Callable[[], object]:
    """What the server does on a load (store: parse, validate, assess); pandas frames are built lazily, later."""
    return lambda: build(load_registry(path))


def raw_load(path: Path) -> Callable[[], object]:
    """The floor: libyaml's C parser building plain Python values, nothing checked."""
    return lambda: yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def raw_load_paused(path: Path) -> Callable[[], object]:
    """The floor with the cyclic collector paused, as our loader does: the stricter reference."""

    def run() -> object:
        with paused_gc():
            return raw_load(path)()

    return run


def load_row(path: Path, n: int, m: int, repeats: int) -> Row:
    """Against `yaml.load` with the collector paused, as our loader pauses it: the fair floor."""
    runs = interleaved(
        {"paused": raw_load_paused(path), "ours": assessed_load(path), "floor": raw_load(path), "frames": full_load(path)}, repeats
    )
    ours, floor, paused, frames = (statistics.median(runs[k]) for k in ("ours", "floor", "paused", "frames"))
    per_round = [a / b for a, b in zip(runs["ours"], runs["paused"])]
    r = statistics.median(per_round)
    return Row(
        f"load + validate + assessment, N={n:,} M={m}, against `yaml.load(CSafeLoader)` with the collector paused as ours",
        f"{r:.2f}× (min–max {min(per_round):.2f}–{max(per_round):.2f}×, n = {len(per_round)}; {seconds(ours)} vs {seconds(paused)})",
        f"≤ {LOAD.limit}×",
        LOAD.passed(r),
        f"against plain `yaml.load`, collector running: {ratio(runs, 'ours', 'floor'):.2f}× ({seconds(floor)}), "
        "not a fair floor: ours pauses the collector; "
        f"with the pandas frames too (built lazily, not on a load): {seconds(frames)}, {ratio(runs, 'frames', 'paused'):.2f}×",
        LOAD.share(r),
    )


def _stat_sha_reload(path: Path) -> tuple[Callable[[], object], Callable[[], object], str]:
    """Without dashboard.web.store: the check that lets a reload skip `load_registry`."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    st = path.stat()
    known = (st.st_mtime_ns, st.st_size)

    def check(rehash: bool) -> bool:
        st = path.stat()
        if (st.st_mtime_ns, st.st_size) == known and not rehash:
            return True
        return hashlib.sha256(path.read_bytes()).hexdigest() == digest

    return (lambda: check(False)), (lambda: check(True)), "stat + sha256 check (no dashboard/web/store.py yet)"


def _store_reload(path: Path) -> tuple[Callable[[], object], Callable[[], object], str] | None:
    if importlib.util.find_spec("dashboard.web.store") is None:
        return None
    from dashboard.web.store import RegistryStore

    for file in [path, *path.parent.rglob("data/**/*")]:
        os.utime(file, (1_000_000_000, 1_000_000_000))  # old mtimes: out of the store's racy window
    store = RegistryStore(path)
    store.state()

    def touched() -> object:
        os.utime(path)  # same bytes, new mtime: the store must hash, not parse
        return store.state()

    def unchanged() -> object:
        state = store.state()
        if store.loads != 1:
            raise RuntimeError(f"the store parsed an unchanged file again ({store.loads} loads)")
        return state

    return unchanged, touched, "`RegistryStore.state()`, no second parse"


def reload_row(path: Path, n: int, repeats: int) -> Row:
    found = _store_reload(path) or _stat_sha_reload(path)
    unchanged, touched, what = found
    same = median_time(unchanged, repeats * 4, warmup=1)
    rehash = median_time(touched, repeats * 4, warmup=1)
    unchanged()
    worst = max(same, rehash)
    return Row(
        f"reload of an unchanged file, N={n:,} (worst of: same stat / touched, same bytes)",
        f"{seconds(worst)} (same stat {seconds(same)}, touched {seconds(rehash)})",
        f"≤ {RELOAD.limit * 1000:.0f} ms",
        RELOAD.passed(worst),
        what,
        RELOAD.share(worst),
    )


def series_row(folder: Path, rows: int, repeats: int) -> Row:
    path = write_series_registry(folder, rows)
    spent = median_time(full_load(path), max(5, repeats), warmup=1)
    return Row(
        f"CSV series of {rows:,} rows: load + validate + build frames",
        seconds(spent),
        f"≤ {SERIES.limit} s",
        SERIES.passed(spent),
        share=SERIES.share(spent),
    )


def scaling(
    folder: Path,
    sizes: list[int],
    m: int,
    repeats: int,
    known: dict[int, Path],
) -> tuple[list[tuple[int, int, float]], Row, dict[int, Path]]:
    """(N, file bytes, median seconds) for each N, the sizes taking turns in every round; `known`: files already written."""
    paths = {n: known.get(n) or write_registry(folder / f"n{n}", n, m) for n in sizes}
    runs = interleaved({str(n): full_load(paths[n]) for n in sizes}, repeats)
    out = [(n, paths[n].stat().st_size, statistics.median(runs[str(n)])) for n in sizes]
    top, mid = sizes[-1], sizes[len(sizes) // 2]
    # per round: time per indicator at the largest N over that at the middle N
    growth = statistics.median((a / top) / (b / mid) for a, b in zip(runs[str(top)], runs[str(mid)])) if top != mid else 1.0
    row = Row(
        f"load time per indicator, N={top:,} against N={mid:,} (linear growth is 1×)",
        f"{growth:.2f}× ({statistics.median(runs[str(top)]) / top * 1000:.2f} ms vs {statistics.median(runs[str(mid)]) / mid * 1000:.2f} "
        f"ms)",
        f"≤ {LINEAR.limit}×",
        LINEAR.passed(growth),
        share=LINEAR.share(growth),
    )
    return out, row, paths


def scaling_table(results: list[tuple[int, int, float]], m: int) -> str:
    lines = [f"| N (M={m}) | file | load + validate + frames | per indicator |", "|---|---|---|---|"]
    for n, size, spent in results:
        lines.append(f"| {n:,} | {size / 2**20:.1f} MB | {seconds(spent)} | {spent / n * 1000:.2f} ms |")
    return "\n".join(lines)


def validate(path: Path) -> Callable[[], object]:
    """Load and validate only; a file with problems ends in its RegistryError, as `validate` does."""

    def run() -> object:
        try:
            return load_registry(path)
        except RegistryError as exc:
            return exc

    return run


def unknown_keys_row(folder: Path, keys: int, repeats: int) -> Row:
    """Validation time per MB: one mapping of `keys` unknown fields against a valid file of the same size."""
    bad = write_unknown_keys_registry(folder / "unknown", keys)
    per_indicator = len(registry_text(10, 30)[0]) / 10
    good = write_registry(folder / "valid", max(1, round(bad.stat().st_size / per_indicator)), 30)
    runs = interleaved({"bad": validate(bad), "good": validate(good)}, repeats)
    mb = {name: path.stat().st_size / 2**20 for name, path in (("bad", bad), ("good", good))}
    per_mb = {name: [t / mb[name] for t in times] for name, times in runs.items()}
    r = ratio(per_mb, "bad", "good")
    return Row(
        f"validation per MB, {keys:,} unknown keys in one mapping ({mb['bad']:.2f} MB) against a valid file ({mb['good']:.2f} MB)",
        f"{r:.2f}× ({seconds(statistics.median(per_mb['bad']))}/MB vs {seconds(statistics.median(per_mb['good']))}/MB)",
        f"≤ {UNKNOWN_KEYS.limit}×",
        UNKNOWN_KEYS.passed(r),
        f"{seconds(statistics.median(runs['bad']))} for the whole file",
        UNKNOWN_KEYS.share(r),
    )
