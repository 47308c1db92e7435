"""Load benchmark with locust, headless, on the production server: `make run`'s gunicorn (2 gthread workers x 4 threads).

    python -m benchmarks.locust_load --clients 50 --duration 30     # starts gunicorn on 127.0.0.1, runs locust, stops both

The visitors are benchmarks/locust_mix.py: pages, layouts, callbacks, PNG, briefing and CSV downloads, half in
Russian. Locust runs in its own environment, `.venv-load` (made on first use from
benchmarks/requirements-load.txt), because it needs urllib3 2 and the app's environment pins urllib3 1.26
for selenium. Prints p50/p95/max and failures per kind, the load average before and after (the machine may
be shared), and any traceback in the server's log. Only loopback addresses are served and asked.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.load import ROOT, gunicorn, machine

LOAD_VENV = ROOT / ".venv-load"
REQUIREMENTS = ROOT / "benchmarks" / "requirements-load.txt"
KINDS = ("page", "layout", "callback", "png", "briefing", "csv")
# every client here is 127.0.0.1: the per-client briefing limit (6 a minute) would count them as one visitor
BRIEFINGS_PER_MINUTE = "600"


def locust_bin() -> Path:
    """`.venv-load/bin/locust`, made with this Python's venv and pip when missing."""
    binary = LOAD_VENV / "bin" / "locust"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(LOAD_VENV)], check=True)
        subprocess.run([str(LOAD_VENV / "bin" / "pip"), "install", "--quiet", "-r", str(REQUIREMENTS)], check=True)
    return binary


def _load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def read_stats(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def table(rows: list[dict[str, str]]) -> str:
    """p50, p95, max and failures per kind, as a markdown table, in KINDS order."""
    by_name = {r["Name"]: r for r in rows}
    lines = ["| kind | requests | failures | p50 ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|---:|"]
    for kind in (*KINDS, "Aggregated"):
        r = by_name.get(kind)
        if r is None:
            continue
        lines.append(
            f"| {kind} | {r['Request Count']} | {r['Failure Count']} | {r['50%']} | {r['95%']} | {float(r['Max Response Time']):.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.locust_load", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=50, help="concurrent visitors (default 50)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="visitors started a second (default 10)")
    parser.add_argument("--duration", type=int, default=30, help="seconds of load (default 30)")
    parser.add_argument("--registry", type=Path, default=ROOT / "indicators.yaml", help="registry to serve (copied with its data/)")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 500 or not 1 <= args.duration <= 3600:
        parser.error("clients must be 1..500 and duration 1..3600 s")
    binary = locust_bin()
    print(f"$ python -m benchmarks.locust_load {' '.join(sys.argv[1:] if argv is None else argv)}".strip())
    print(f"machine: {machine()}\nload average before: {_load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="dashboard-locust-") as tmp:
        registry = Path(tmp) / args.registry.name
        shutil.copy(args.registry, registry)
        if (args.registry.parent / "data").is_dir():
            shutil.copytree(args.registry.parent / "data", Path(tmp) / "data")
        os.environ["DASHBOARD_BRIEFINGS_PER_MINUTE"] = BRIEFINGS_PER_MINUTE
        log = Path(tmp) / "gunicorn.log"
        conf = ["-c", str(ROOT / "dashboard" / "web" / "gunicorn_conf.py")]
        workers = os.environ.get("DASHBOARD_WORKERS", "2")
        started = time.monotonic()
        with gunicorn(registry, int(workers), log, extra=conf) as url:
            command = [
                str(binary),
                "-f",
                str(ROOT / "benchmarks" / "locust_mix.py"),
                "--headless",
                "--users",
                str(args.clients),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.duration}s",
                "--host",
                url,
                "--csv",
                str(Path(tmp) / "stats"),
                "--only-summary",
                "--stop-timeout",
                "60",
                "--loglevel",
                "WARNING",
            ]
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=args.duration + 300)
        elapsed = time.monotonic() - started
        rows = read_stats(Path(tmp) / "stats_stats.csv")
        failures = Path(tmp) / "stats_failures.csv"
        failed = read_stats(failures) if failures.exists() else []
        server_log = log.read_text(errors="replace")
    print(f"load average after: {_load()} ({elapsed:.0f} s with start and stop)")
    print(f"server: gunicorn -c dashboard/web/gunicorn_conf.py ({workers} gthread workers x 4 threads), {url}\n")
    print(table(rows))
    for row in failed[:20]:
        print(f"failure: {row['Name']} x{row['Occurrences']}: {row['Error'][:200]}")
    tracebacks = server_log.count("Traceback")
    print(f"\ntracebacks in the server's log: {tracebacks}")
    if done.returncode not in (0, 1):
        print(done.stderr[-3000:])
    total = next((r for r in rows if r["Name"] == "Aggregated"), None)
    return 1 if total is None or int(total["Failure Count"]) or tracebacks else 0


if __name__ == "__main__":
    sys.exit(main())
