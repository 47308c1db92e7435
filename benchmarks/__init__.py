"""Benchmarks: synthetic registries and a runner that prints one table of ratios.

Run `python -m benchmarks` (or `--quick` for a tiny smoke run). Timings are
medians over repeats, every figure of a table measured in the same run.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Row:
    figure: str
    measured: str
    budget: str
    passed: bool | None  # None: not measured (a missing module, chromium absent)
    note: str = ""
    share: float | None = None  # the part of the budget's room used (budgets.Budget.share); 1.0 is on the budget

    @property
    def held(self) -> bool | None:
        """Within HOLD (80%) of the room: what `python -m benchmarks` requires (budgets.py)."""
        from .budgets import HOLD

        if self.passed is None or self.share is None:
            return self.passed
        return self.passed and self.share <= HOLD

    @property
    def verdict(self) -> str:
        if self.passed is None:
            return "n/a"
        word = "FAIL" if not self.passed else "pass" if self.held else "tight"
        return word if self.share is None else f"{word} ({max(self.share, 0):.0%} of its room)"


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_time(fn: Callable[[], object], repeats: int, warmup: int = 0) -> float:
    for _ in range(warmup):
        fn()
    return statistics.median(timed(fn) for _ in range(repeats))


def interleaved(fns: dict[str, Callable[[], object]], repeats: int) -> dict[str, list[float]]:
    """Seconds per run of each function, the functions taking turns in every round.

    Taking turns lets every side share whatever else the machine is doing at the time.
    """
    runs: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            runs[name].append(timed(fn))
    return runs


def ratio(runs: dict[str, list[float]], ours: str, floor: str) -> float:
    """Median of the per-round ratios."""
    return statistics.median(a / b for a, b in zip(runs[ours], runs[floor]))


def seconds(value: float) -> str:
    if value < 0.001:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def table(rows: list[Row]) -> str:
    lines = ["| figure | measured | budget | result |", "|---|---|---|---|"]
    for row in rows:
        measured = row.measured + (f" ({row.note})" if row.note else "")
        lines.append(f"| {row.figure} | {measured} | {row.budget} | {row.verdict} |")
    return "\n".join(lines)
