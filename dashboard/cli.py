"""Command line: `python -m dashboard validate|summary|schema|run|export|report|package|set|import|record|history|diff`.

The top of the house: every subcommand and its arguments are declared here, and the module that
carries it out is imported only when that command runs, so `validate` loads neither pandas, plotly
nor Dash. The only place that turns a RegistryError into an exit code.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .i18n import DEFAULT, LANGUAGES, _, ngettext, use_language

DEFAULT_REGISTRY = Path("indicators.yaml")
FORMATS = ("png", "svg", "pdf")  # export formats, as dashboard.outputs.export.FORMATS (tested alike)
PRESETS = {"report": "1200x675 @2 (default)", "slide": "1280x720 @1.5", "social": "1200x675 @1"}


def load_or_report(path: Path, require: Sequence[str] = ()):
    """The registry at `path`, or None after printing every problem (stdout) and their count (stderr)."""
    from .registry import RegistryError, load_registry

    try:
        return load_registry(path, require)
    except RegistryError as exc:
        for line in exc.lines():
            print(line)
        print(
            ngettext("{path}: {count} problem", "{path}: {count} problems", exc.count).format(path=path, count=exc.count), file=sys.stderr
        )
        return None


def cmd_validate(args: argparse.Namespace, registry) -> int:
    n_obs = sum(len(i.observations) for i in registry.indicators) + registry.series.rows
    n_targets = sum(len(i.targets) for i in registry.indicators)
    counts = ", ".join(
        (
            ngettext("{count} indicator", "{count} indicators", len(registry.indicators)).format(count=len(registry.indicators)),
            ngettext("{count} observation", "{count} observations", n_obs).format(count=n_obs),
            ngettext("{count} target", "{count} targets", n_targets).format(count=n_targets),
            ngettext("{count} claim", "{count} claims", len(registry.claims)).format(count=len(registry.claims)),
        )
    )
    print(_("{path}: OK ({counts})").format(path=args.path, counts=counts))
    for line in registry.warning_lines():  # "warning: FILE:LINE:COL: …" stays as it is, for editors and scripts to parse
        print(f"warning: {line}")
    if registry.warning_count:
        count = registry.warning_count
        print(ngettext("{path}: {count} warning", "{path}: {count} warnings", count).format(path=args.path, count=count), file=sys.stderr)
    return 0


def cmd_summary(args: argparse.Namespace, registry) -> int:
    from dashboard.engine.assessment import build
    from dashboard.outputs.summary import as_csv, as_json, as_table

    render = {"table": as_table, "csv": as_csv, "json": as_json}[args.format]
    sys.stdout.write(render(build(registry, args.lang)))
    if args.format == "json":
        sys.stdout.write("\n")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from .registry import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def _bounded(kind: type, low: float, high: float) -> Callable[[str], float]:
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {kind.__name__}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is outside {low:g}..{high:g}")
        return value

    return parse


def _validate_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", nargs="?", type=Path, default=DEFAULT_REGISTRY)
    p.add_argument(
        "--require-lang",
        action="append",
        choices=["en", "ru"],
        default=[],
        metavar="LANG",
        help="every display text must be given in LANG (en or ru; may be repeated): a missing one is an error",
    )


def _lang_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=DEFAULT,
        help="language of the texts, numbers and dates: en (default) or ru; registry texts missing in it are marked [en]/[ru]",
    )


def _summary_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY)
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    _lang_arg(p)


def _run_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY, help="registry file (default: indicators.yaml)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8050, help="port (default: 8050)")
    p.add_argument("--debug", action="store_true", help="Dash debug mode: dev tools and code reloading (never on a public address)")
    p.add_argument("--poll-ms", type=int, default=1000, help="how often an open page checks the registry for changes (default: 1000)")
    p.add_argument("--history", help="folder keeping a record of each version served (default: history/ beside the registry; off: none)")


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY, help="registry file (default: indicators.yaml)")
    p.add_argument("--ids", help="comma-separated indicator ids (default: all)")
    p.add_argument("--area", help="only the indicators of this area")
    p.add_argument("--format", choices=FORMATS, default="png")
    p.add_argument("--preset", choices=list(PRESETS), help=", ".join(f"{k} {v}" for k, v in PRESETS.items()))
    p.add_argument("--width", type=_bounded(int, 600, 4000), help="layout width in CSS pixels (instead of --preset)")
    p.add_argument("--height", type=_bounded(int, 400, 4000), help="layout height in CSS pixels")
    p.add_argument("--scale", type=_bounded(float, 0.5, 4), help="pixel multiplier: 2 gives a 2400x1350 file for 1200x675")
    p.add_argument("--out", type=Path, required=True, help="folder for the files and manifest.json (created if missing)")
    _lang_arg(p)


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY, help="registry file (default: indicators.yaml)")
    p.add_argument("--out", type=Path, required=True, help="the file to write, e.g. brief.html or brief.pdf")
    p.add_argument(
        "--format",
        choices=("html", "pdf"),
        help="html (self-contained, opens offline) or pdf (A4); default: from --out's suffix, else html",
    )
    p.add_argument("--ids", help="comma-separated indicator ids (default: all)")
    p.add_argument("--area", help="only the indicators of this area")
    _lang_arg(p)


def _package_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY, help="registry file (default: indicators.yaml)")
    p.add_argument("--out", type=Path, required=True, help="folder for datapackage.json and its CSV tables (created if missing)")
    p.add_argument("--zip", type=Path, metavar="FILE", help="also write the whole package as one zip file")


def _set_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("indicator", help="indicator id")
    p.add_argument("year", type=int)
    p.add_argument("value", help="a plain decimal number in the indicator's unit: 13900, 9.1")
    p.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY, help="registry file (default: indicators.yaml)")
    p.add_argument("--source", help="id of the source giving the value")
    p.add_argument("--quote", help="the source's exact words for the value")
    p.add_argument("--qualifier", default="=", choices=["=", "~", ">", "<", ">=", "<="], help="= exact (default), ~ about, > more than, …")
    p.add_argument("--note", help="a note for readers (English, or the only text)")
    p.add_argument("--note-ru", help="the note in Russian")
    p.add_argument("--period", help="months covered when not the full year: Jan-Sep")
    p.add_argument("--kind", choices=["level", "change"], default="level", help="change: a published percent change on the year before")
    p.add_argument("--replace", action="store_true", help="replace the value the registry gives for this year and source")
    p.add_argument("--dry-run", action="store_true", help="only print the diff; write nothing")
    p.add_argument("--add-source", metavar="ID,PUBLISHER,URL,TITLE[,DATE]", help="register a new source in the same edit")


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="CSV with columns indicator,year,value,qualifier,unit,source_url,quote,note (optionally period)")
    p.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY, help="registry file (default: indicators.yaml)")
    p.add_argument("--map", action="append", metavar="FROM=TO[:change]", help="put the file's indicator FROM into TO (may be repeated)")
    p.add_argument("--replace", action="store_true", help="replace a value the registry gives for the same year and source")
    p.add_argument("--dry-run", action="store_true", help="only print the report and the diff; write nothing")


def _history_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY, help="registry file (default: indicators.yaml)")
    p.add_argument("--history", type=Path, help="history folder (default: history/ beside the registry)")


def _history_args(p: argparse.ArgumentParser) -> None:
    _history_arg(p)
    p.add_argument("--format", choices=["table", "json"], default="table")


def _diff_args(p: argparse.ArgumentParser) -> None:
    for side in ("old", "new"):
        p.add_argument(side, help="a registry file, a version from the history folder, or REV:PATH / REV (a git revision of --registry)")
    _history_arg(p)
    p.add_argument("--format", choices=["table", "json"], default="table")


@dataclass(frozen=True)
class Command:
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    handler: str | Callable[..., int]  # "module:function" is imported when the command runs
    loads: str | None = None  # the argument naming a registry: loaded here, handed to the handler as its second argument
    example: str = ""  # shown under --help
    brief: bool = False  # over in a moment: the cyclic collector stays off, as `python -m dashboard` starts it (__main__.py)


COMMANDS: dict[str, Command] = {
    "validate": Command("check a registry; exit 1 listing every problem", _validate_args, cmd_validate, loads="path", brief=True),
    "summary": Command("latest values, targets, statuses and claim checks", _summary_args, cmd_summary, loads="registry", brief=True),
    "schema": Command("print the JSON Schema of indicators.yaml", lambda p: None, cmd_schema, brief=True),
    "run": Command("serve the dashboard at http://HOST:PORT, reloading the registry when it changes", _run_args, "dashboard.web.serve:run"),
    "export": Command(
        "write figure files (PNG, SVG or PDF) with their provenance, and a manifest",
        _export_args,
        "dashboard.outputs.export.command:run",
        loads="registry",
    ),
    "report": Command(
        "write a briefing (targets, claims, a section per indicator) as one self-contained HTML or PDF file",
        _report_args,
        "dashboard.outputs.report.command:run",
        loads="registry",
    ),
    "package": Command(
        "write the results as a Frictionless Data Package: datapackage.json and six CSV tables with their schemas",
        _package_args,
        "dashboard.outputs.package_command:run",
        loads="registry",
        example="python -m dashboard package --out results/ --zip results.zip",
    ),
    "set": Command(
        "add or correct one value in place, keeping every comment; validated before it is written",
        _set_args,
        "dashboard.outputs.updating:run_set",
        example='python -m dashboard set road_death_rate 2026 9.1 --source news-mail --quote "9,1 погибших на 100 тысяч" --dry-run',
    ),
    "import": Command(
        "add the sourced values of a CSV; reports each row as added, already present, conflicting or refused",
        _import_args,
        "dashboard.outputs.updating.importing:run",
        example="python -m dashboard import figures.csv --map road_deaths_change=road_deaths:change --dry-run",
    ),
    "record": Command(
        "keep the registry's version in the history folder (the publishing step, when several hosts serve it)",
        _history_arg,
        "dashboard.outputs.history.command:record",
        loads="registry",
        example="python -m dashboard record --registry indicators.yaml --history /srv/dashboard/history",
    ),
    "history": Command(
        "list the versions kept in the history folder, oldest first",
        _history_args,
        "dashboard.outputs.history.command:listing",
        example="python -m dashboard history --format json",
    ),
    "diff": Command(
        "what changed between two versions: values, target statuses under each method, claim verdicts",
        _diff_args,
        "dashboard.outputs.history.command:diff_command",
        example="python -m dashboard diff HEAD~1 indicators.yaml   # or two registry files, or two versions from `history`",
    ),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard", description="Crime-statistics indicator registry, progress and claim checks."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, command in COMMANDS.items():
        epilog = f"example:\n  {command.example}" if command.example else None
        p = sub.add_parser(
            name, help=command.help, description=command.help, epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter
        )
        command.arguments(p)
        p.set_defaults(command_spec=command)
    return parser


def _resolve(handler: str | Callable[..., int]) -> Callable[..., int]:
    if callable(handler):
        return handler
    module, _, name = handler.partition(":")
    return getattr(importlib.import_module(module), name)


def _dispatch(args: argparse.Namespace) -> int:
    command: Command = args.command_spec
    if command.loads is None:
        return _resolve(command.handler)(args)
    registry = load_or_report(getattr(args, command.loads), getattr(args, "require_lang", ()))
    if registry is None:
        return 1
    return _resolve(command.handler)(args, registry)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.command_spec.brief:
        gc.enable()  # a command that runs on makes garbage of its own: the collector is back for it
    try:
        with use_language(getattr(args, "lang", DEFAULT)):  # every message of the command in its language
            return _dispatch(args)
    except BrokenPipeError:  # `python -m dashboard schema | head`: the reader left early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
