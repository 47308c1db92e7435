"""CLI start-up: `validate` and `summary` against a bare libyaml parse of the same file, each a new process."""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
from pathlib import Path

from . import Row, interleaved, seconds
from .budgets import STARTUP

ROOT = Path(__file__).resolve().parent.parent
BARE = "import sys, yaml, pydantic; yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)"


def _process(*args: str) -> object:
    def run() -> object:
        return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, check=True)

    return run


def heavy_imports(*args: str) -> list[str]:
    """Which of pandas, numpy, plotly, dash, kaleido, babel the command imports (`python -X importtime`)."""
    err = subprocess.run([sys.executable, "-X", "importtime", *args], cwd=ROOT, capture_output=True, text=True).stderr
    found = {line.rsplit("|", 1)[-1].strip() for line in err.splitlines() if line.startswith("import time:")}
    return [m for m in ("pandas", "numpy", "plotly", "dash", "kaleido", "babel") if m in found]


def cli_rows(repeats: int, registries: dict[str, Path] | None = None) -> list[Row]:
    registries = registries or {"shipped registry": ROOT / "indicators.yaml"}
    # the package's bytecode up to date, as `make` keeps it (PYTHONDONTWRITEBYTECODE would leave each process compiling)
    compileall.compile_dir(ROOT / "dashboard", quiet=1)
    rows = []
    for label, path in registries.items():
        commands = {
            "bare": ("-c", BARE, str(path)),
            "validate": ("-m", "dashboard", "validate", str(path)),
            "summary": ("-m", "dashboard", "summary", "--registry", str(path)),
        }
        runs = interleaved({k: _process(*v) for k, v in commands.items()}, repeats)
        for name in ("validate", "summary"):
            per = [a / b for a, b in zip(runs[name], runs["bare"])]
            r = statistics.median(per)
            heavy = heavy_imports(*commands[name])
            rows.append(
                Row(
                    f'`python -m dashboard {name}`, {label}, whole process, against a bare `python -c "import yaml, pydantic; '
                    f'yaml.load(...)"`',
                    f"{r:.2f}× (min–max {min(per):.2f}–{max(per):.2f}×, n = {len(per)}; "
                    f"{seconds(statistics.median(runs[name]))} vs {seconds(statistics.median(runs['bare']))})",
                    f"≤ {STARTUP.limit:g}×",
                    STARTUP.passed(r),
                    "imports " + (", ".join(heavy) if heavy else "none of pandas, numpy, plotly, dash, babel"),
                    STARTUP.share(r),
                )
            )
    return rows
