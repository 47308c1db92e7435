"""Every budget of the benchmarks, each with the sentence that says why it is that number.

A budget is held when a row uses at most HOLD (80%) of the room it allows: the room is what lies between
the row's floor (what "nothing added" reads: 0 s or 0 bytes for an amount, 1× for a ratio against a peer or
a growth, the imports plus the live objects for resident memory) and the budget. For an amount that is 80% of
the budget itself (a 0.5 s budget is held at 0.4 s); for a ratio it is 80% of the excess it allows (a budget
of 1.3× is held at 1.24×), since no ratio of the same work can fall below 1× for long.

The margin is there so that a row which passes on a quiet machine still passes on a busy one, shared with
other work: `python -m benchmarks` exits 1 unless every row is held. `python -m benchmarks.browser` exits 1
when a row is over its budget. No test enforces a budget; the benchmark commands do (benchmarks/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass

HOLD = 0.8


@dataclass(frozen=True)
class Budget:
    limit: float
    floor: float  # what the figure reads when nothing is added: 0 for an amount, 1 for a ratio
    why: str

    def passed(self, value: float) -> bool:
        return value <= self.limit

    def share(self, value: float, limit: float | None = None, floor: float | None = None) -> float:
        """The part of the room the value uses (1.0: on the budget); `limit`, `floor` for a budget computed per run."""
        low = self.floor if floor is None else floor
        high = self.limit if limit is None else limit
        return (value - low) / (high - low) if high > low else float("inf")

    def held(self, value: float) -> bool:
        return self.share(value) <= HOLD


# ---------------------------------------------------------------- python -m benchmarks: the registry and its files

LOAD = Budget(1.3, 1.0, "A registry is read, validated and assessed in not much more than libyaml's own parse of the same file.")
RELOAD = Budget(0.050, 0.0, "The server checks the registry on every poll (each second): an unchanged file must cost a stat, not a parse.")
SERIES = Budget(0.5, 0.0, "A 100,000-row series file (a century of monthly values for a hundred regions) loads within half a second.")
LINEAR = Budget(1.3, 1.0, "Loading grows linearly with the number of indicators: five times the indicators, five times the time.")
UNKNOWN_KEYS = Budget(
    2.0, 1.0, "A file full of mistakes is placed and reported at most twice as slowly per MB as a valid one is read: no quadratic path."
)
STARTUP = Budget(
    3.0, 1.0, "`validate` and `summary` start within three times a bare `import yaml, pydantic` and parse: an editor runs them often."
)

# ---------------------------------------------------------------- python -m benchmarks: outputs and the app

EXPORT = Budget(1.15, 1.0, "The batch export adds its figure building and provenance to kaleido's own rendering, and little else.")
PNG = Budget(0.5, 0.0, "A reader clicking the PNG download with the browser already running waits half a second at most.")
INDICATOR_CALLBACKS = Budget(0.100, 0.0, "An indicator page's callbacks answer within a tenth of a second: the chart waits on them.")
OVERVIEW_CALLBACK = Budget(0.200, 0.0, "The overview's callback answers within a fifth of a second at 1,000 indicators.")
INDICATOR_FLAT = Budget(1.2, 1.0, "An indicator page costs the same at 5,000 indicators as at 1,000: it reads its own indicator only.")
PEAK_MEMORY_MB = Budget(300, 0.0, "One server process fits 300 MB, so two workers and Chromium fit a small machine.")
BROWSER_BACK = Budget(1.1, 1.0, "Once the idle Chromium is closed, the server's memory is back within 10% of what it was before the PNG.")
RESIDENT = Budget(2.0, 1.0, "After a load a process holds its imports and at most twice the objects it keeps alive: no stray copies.")
REPORT = Budget(1.5, 1.0, "The briefing report renders its charts in not much more than the batch export of the same charts takes.")

# ---------------------------------------------------------------- python -m benchmarks.browser: what a person waits for
# (ratios against the static full-plotly peer below 1x: their floor is 0, the room is the whole budget)

BROWSER_COLD = Budget(
    0.8, 0.0, "The indicator page reaches its chart cold in 0.8x the time of a static page with the same figure and full plotly.min.js."
)
BROWSER_WARM = Budget(0.8, 0.0, "On a second visit the app reaches its chart in 0.8x the static full-plotly page's time as well.")
BROWSER_THIRD = Budget(1.0, 0.0, "On a third visit (V8's code cache), the app is no slower than the static full-plotly page.")
BROWSER_BYTES = Budget(
    0.7 * 2**20, 0.0, "The indicator page transfers at most 0.7 MB cold: its plotly bundle leaves 3D, maps and finance out."
)
OVERVIEW_VS_PEER = Budget(
    0.9, 0.0, "The overview at the shipped registry reaches its chart cold in 0.9x a static full-plotly page of the same chart."
)
OVERVIEW_GROWTH = Budget(1.2, 1.0, "The overview at 5,000 indicators shows its first page as fast and as small as at 1,000: it is paged.")
OVERVIEW_VS_SHIPPED = Budget(1.5, 1.0, "The overview at 1,000 indicators is within 1.5x of the shipped registry's few dozen, cold or warm.")
