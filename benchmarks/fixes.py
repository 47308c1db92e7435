"""`python -m benchmarks.fixes`: each speed fix, off and on, in one run.

"Off" puts the code as it was before the fix back for the duration of the measurement
(the old function, the collector left running), so that before and after share the
machine's state. Medians over repeats, rounds interleaved. Only fixes that do the same work
faster are here: the overview's pages of 30 cards send less (30 cards, not 1,000), so their
line says so and compares output sizes too; it is not a speed-up of the same output.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

from dashboard.outputs.frames import build_frames
from dashboard.registry import gc_pause, load_registry, yamlfile
from dashboard.registry.models import Registry

from . import interleaved, seconds
from .edges import Client
from .generate import write_registry, write_series_registry


@contextlib.contextmanager
def patched(target: object, name: str, value: object) -> Iterator[None]:
    old = getattr(target, name)
    setattr(target, name, value)
    try:
        yield
    finally:
        setattr(target, name, old)


@contextlib.contextmanager
def collector_running() -> Iterator[None]:
    """Before: the cyclic collector runs through parse, validation and frames."""
    with patched(gc_pause, "paused_gc", contextlib.nullcontext):  # the loader and the assessment look it up there when they run
        yield


def _scan(self: Registry, indicator_id: str) -> object:
    return next((i for i in self.indicators if i.id == indicator_id), None)


def compare(name: str, run: Callable[[], object], before: Callable[[], contextlib.AbstractContextManager], repeats: int) -> str:
    def off() -> object:
        with before():
            return run()

    runs = interleaved({"before": off, "after": run}, repeats)
    per = [a / b for a, b in zip(runs["after"], runs["before"])]
    return (
        f"| {name} | {_spread(runs['before'])} | {_spread(runs['after'])} | "
        f"{statistics.median(per):.2f}× (min–max {min(per):.2f}–{max(per):.2f}×, n = {len(per)}) |"
    )


def _spread(values: list[float]) -> str:
    return f"{seconds(statistics.median(values))} (min–max {seconds(min(values))}–{seconds(max(values))}, n = {len(values)})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fixes", description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    lines = ["| fix: figure | before | after | after/before |", "|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="bench-fixes-") as tmp:
        folder = Path(tmp)
        main_path = write_registry(folder / "n1000", 1000, 30)
        lines.append(
            compare(
                "collector paused while loading: load + frames, N=1,000",
                lambda: build_frames(load_registry(main_path)),
                collector_running,
                args.repeats,
            )
        )
        # before: libyaml's loader resolves every plain scalar while composing, and each is read afresh (no memo)
        lines.append(
            compare(
                "plain scalars resolved after composing, once per distinct text: load, N=1,000",
                lambda: load_registry(main_path),
                lambda: patched(yamlfile, "_Loader", yaml.CSafeLoader),
                args.repeats,
            )
        )
        big = load_registry(write_registry(folder / "n5000", 5000, 30))
        lines.append(
            compare(
                "lookup by id in O(1): build frames, N=5,000",
                lambda: build_frames(big),
                lambda: patched(Registry, "indicator", _scan),
                args.repeats,
            )
        )
        series = load_registry(write_series_registry(folder / "series", 100_000))
        # "series columns by tolist()" is no longer listed: measured 1.49 s before, 1.45 s after (0.97×, n = 3), no help shown
        series_path = Path(series.path)
        lines.append(
            compare(
                "collector paused: load + frames, 100,000-row CSV",
                lambda: build_frames(load_registry(series_path)),
                collector_running,
                args.repeats,
            )
        )
        lines += overview_lines(main_path)
    print("\n".join(lines))
    return 0


def overview_lines(path: Path) -> list[str]:
    from dashboard.web.pages import overview

    out = []
    for label, size in (("before", 10**9), ("after", overview.PAGE_SIZE)):
        with patched(overview, "PAGE_SIZE", size):
            client = Client(path)
            first, body = client.page("/")
            again = statistics.median(client.page("/")[0] for _ in range(3))
            out.append((label, first, again, len(body)))
    (_, b_first, b_again, b_size), (_, a_first, a_again, a_size) = out
    less = (
        f"less output, not the same work faster: 1,000 cards against {overview.PAGE_SIZE}, {b_size / 1024:,.0f} KB against "
        f"{a_size / 1024:,.0f} KB"
    )
    return [
        f"| overview in pages of {overview.PAGE_SIZE} ({less}): first visit after a load, N=1,000 | {seconds(b_first)} | "
        f"{seconds(a_first)} | {a_first / b_first:.2f}× |",
        f"| overview in pages of {overview.PAGE_SIZE} (the same): later visits (median), N=1,000 | {seconds(b_again)} | "
        f"{seconds(a_again)} | {a_again / b_again:.2f}× |",
    ]


if __name__ == "__main__":
    raise SystemExit(main())
