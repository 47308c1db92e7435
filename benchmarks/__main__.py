"""`python -m benchmarks [--quick] [--n N] [--m M] [--repeats R]`: print the budget table."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from dashboard.engine.assessment import build
from dashboard.registry import load_registry

from . import Row, core, edges, memory, report_bench, startup, table
from .budgets import HOLD
from .generate import write_registry


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in ("pyyaml", "pydantic", "pandas", "plotly", "kaleido"))
    import yaml

    libyaml = yaml._yaml.get_version_string() if yaml.__with_libyaml__ else "absent"  # type: ignore[attr-defined]
    return f"{cpus} CPUs ({model}), Python {platform.python_version()}, libyaml {libyaml}; {versions}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one repeat: checks that the benchmark runs, not speed")
    parser.add_argument("--n", type=int, help="indicators in the main registry (default 1000)")
    parser.add_argument("--m", type=int, help="yearly observations per indicator (default 30)")
    parser.add_argument("--repeats", type=int, help="repeats per figure; medians are reported (default 5)")
    parser.add_argument("--core-only", action="store_true", help="skip export, app and memory (no Chromium needed)")
    args = parser.parse_args(argv)
    quick = args.quick
    args.n = args.n or (20 if quick else 1000)
    args.m = args.m or (5 if quick else 30)
    args.repeats = args.repeats or (1 if quick else 5)
    args.repeats_cli = 1 if quick else 7
    args.rows = 2_000 if quick else 100_000
    args.figures = 3 if quick else 20
    args.pages = 3 if quick else 20
    args.keys = 2_000 if quick else 40_000
    args.sizes = sorted({max(1, args.n // 10), args.n, args.n * 5})
    return args


def run(args: argparse.Namespace, folder: Path) -> tuple[list[Row], str]:
    rows: list[Row] = []
    main_path = write_registry(folder / "main", args.n, args.m)
    rows.append(core.load_row(main_path, args.n, args.m, args.repeats))
    rows.append(core.reload_row(main_path, args.n, args.repeats))
    rows.append(core.series_row(folder / "series", args.rows, args.repeats))
    rows.append(core.unknown_keys_row(folder / "keys", args.keys, args.repeats))
    results, growth, paths = core.scaling(folder / "scaling", args.sizes, args.m, args.repeats, {args.n: main_path})
    rows.append(growth)
    small = write_registry(folder / "small", 20, 5)  # no series file: validate needs no pandas
    registries = {"shipped registry": Path(__file__).resolve().parent.parent / "indicators.yaml", "20 indicators, no series file": small}
    rows += startup.cli_rows(args.repeats_cli, {"20 indicators, no series file": small} if args.quick else registries)
    if not args.core_only:
        registry = load_registry(main_path)
        rows.append(edges.export_row(build(registry), args.figures, args.repeats))
        rows += edges.app_rows(main_path, [i.id for i in registry.indicators[1 : 1 + args.pages]], args.n, args.repeats)
        rows += edges.memory_row(main_path, args.n)
        rows.append(edges.indicator_scaling_row(paths[args.n], paths[args.n * 5], args.n, args.n * 5, args.pages))
        for size in (args.n,) if args.quick else (args.n, args.n * 5):
            rows.append(memory.resident_row(paths[size], size))
        rows.append(report_bench.report_row(args.quick, args.repeats))
    return rows, core.scaling_table(results, args.m)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = "python -m benchmarks " + " ".join(sys.argv[1:] if argv is None else argv)
    print(f"$ {command.strip()}")
    print(f"machine: {machine()}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (other work on the machine shows here)")
    print(f"medians of {args.repeats} repeat(s) or more; a ratio is the median of per-round ratios, the sides taking turns\n", flush=True)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as tmp:
        rows, scaling = run(args, Path(tmp))
    print(table(rows))
    print()
    print(scaling)
    print(f"\ntotal {time.perf_counter() - start:.0f} s")
    if args.quick:
        print("--quick: sizes too small for the budgets to mean anything; the exit status ignores them")
        return 0
    held = [r for r in rows if r.held is not False]
    print(f"held (at most {HOLD:.0%} of each budget's room, benchmarks/budgets.py): {len(held)} of {len(rows)} rows")
    return 0 if len(held) == len(rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
