"""Resident memory of one server process after a registry load, against what it holds alive.

    python -m benchmarks.memory REGISTRY [--live]

Prints one JSON line. Without `--live`: `base_mb`, the resident size once the app's modules are
imported (an app on an empty registry folder, so nothing is parsed), and `after_mb`, the resident size
once the app has loaded REGISTRY (`store.refresh()`: parse, validate, assess, as the server does) and
the collector has run. With `--live`: `live_mb`, what tracemalloc counts as still allocated after the
load, traced from after the imports (a separate run: tracing itself costs memory and time).
"""

from __future__ import annotations

import gc
import json
import sys
import tempfile
from pathlib import Path


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(argv: list[str]) -> int:
    from dashboard.web.app import create_app

    registry, live = Path(argv[0]), "--live" in argv
    with tempfile.TemporaryDirectory() as tmp:  # warm every import path once, on a registry that is not there
        create_app(Path(tmp) / "absent.yaml").server.extensions["dashboard"].store.refresh()
    gc.collect()
    base = rss_mb()
    if live:
        import tracemalloc

        tracemalloc.start()
    app = create_app(registry)
    state = app.server.extensions["dashboard"].store.refresh(timeout=600)
    if state.snapshot is None:
        raise SystemExit(f"{registry}: not loaded: {state.problems[:3]}")
    gc.collect()
    out = {"base_mb": base, "after_mb": rss_mb(), "peak_mb": rss_mb("VmHWM")}
    if live:
        out["live_mb"] = tracemalloc.get_traced_memory()[0] / 2**20
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


def _run(path: Path, *flags: str) -> dict:
    import subprocess

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.memory", str(path), *flags], cwd=root, capture_output=True, text=True, timeout=1200
    )
    if done.returncode != 0:
        raise RuntimeError(f"the memory workload failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def resident_row(path: Path, n: int):
    """Resident size after a load against the import baseline plus twice the live objects."""
    from . import Row
    from .budgets import RESIDENT

    plain, traced = _run(path), _run(path, "--live")
    base, after, live = plain["base_mb"], plain["after_mb"], traced["live_mb"]
    budget = base + RESIDENT.limit * live
    factor = (after - base) / live if live > 0 else float("inf")  # resident beyond the imports, in live objects
    return Row(
        f"resident memory of a server process after loading N={n:,}, against imports + {RESIDENT.limit:g}× live objects",
        f"{after:.0f} MB (imports {base:.0f} MB, live objects {live:.0f} MB: budget {budget:.0f} MB)",
        f"≤ imports + {RESIDENT.limit:g}× live",
        after <= budget,
        f"peak {plain['peak_mb']:.0f} MB; `python -m benchmarks.memory REGISTRY [--live]`",
        RESIDENT.share(factor),
    )
