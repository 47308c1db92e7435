"""Command line: `python -m dashboard validate|summary|schema|run|export`.

The only place that turns a RegistryError into an exit code.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .registry import Registry, RegistryError, json_schema, load_registry

DEFAULT_REGISTRY = Path("indicators.yaml")


def _load(path: Path) -> Registry | None:
    try:
        return load_registry(path)
    except RegistryError as exc:
        for line in exc.lines():
            print(line)
        count = exc.count
        print(f"{path}: {count} problem{'s' if count != 1 else ''}", file=sys.stderr)
        return None


def cmd_validate(args: argparse.Namespace) -> int:
    registry = _load(args.path)
    if registry is None:
        return 1
    n_obs = sum(len(i.observations) for i in registry.indicators) + sum(len(f) for f in registry.series.values())
    n_targets = sum(len(i.targets) for i in registry.indicators)
    print(f"{args.path}: OK ({len(registry.indicators)} indicators, {n_obs} observations, {n_targets} targets, {len(registry.claims)} claims)")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from .frames import build_frames
    from .summary import as_csv, as_json, as_table

    registry = _load(args.registry)
    if registry is None:
        return 1
    render = {"table": as_table, "csv": as_csv, "json": as_json}[args.format]
    sys.stdout.write(render(registry, build_frames(registry)))
    if args.format == "json":
        sys.stdout.write("\n")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


# Edge commands (the app, the exporter) register themselves here: name -> (configure, run).
EXTRA_COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]] = {}


def _extra_commands() -> None:
    for module in ("dashboard.serve", "dashboard.export_cli"):
        try:
            __import__(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Crime-statistics indicator registry, progress and claim checks.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("validate", help="check a registry; exit 1 listing every problem")
    p.add_argument("path", nargs="?", type=Path, default=DEFAULT_REGISTRY)
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("summary", help="latest values, targets, statuses and claim checks")
    p.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY)
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.set_defaults(func=cmd_summary)
    p = sub.add_parser("schema", help="print the JSON Schema of indicators.yaml")
    p.set_defaults(func=cmd_schema)
    _extra_commands()
    for name, (configure, run) in EXTRA_COMMANDS.items():
        p = sub.add_parser(name, help=(run.__doc__ or "").strip().splitlines()[0] if run.__doc__ else None)
        configure(p)
        p.set_defaults(func=run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # `python -m dashboard schema | head`: the reader left early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
