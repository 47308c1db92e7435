"""`python -m dashboard export`: every figure through one headless Chromium, a progress bar, a manifest."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

from dashboard.engine.assessment import build
from dashboard.i18n import _, ngettext
from dashboard.outputs.export.batch import export_batch, safe_path, write_manifest
from dashboard.outputs.export.errors import ExportError
from dashboard.outputs.export.layout import PRESETS, Preset
from dashboard.outputs.export.renderer import Renderer
from dashboard.registry.models import Registry


class ProgressBar:
    """On a terminal a redrawn bar; in a log one line per figure. Hand-written: tqdm would be a dependency for 20 lines."""

    def __init__(self, stream: TextIO, width: int = 28) -> None:
        self.stream, self.width, self.tty = stream, width, stream.isatty()
        self.started = time.monotonic()

    def __call__(self, done: int, total: int, current: str) -> None:
        if self.tty:
            filled = self.width * done // max(total, 1)
            line = f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {current:<40.40}"
            self.stream.write(line + ("\n" if done == total else ""))
        elif done < total:
            self.stream.write(f"[{done + 1}/{total}] {current}\n")
        self.stream.flush()


def _size(args: argparse.Namespace) -> Preset | str:
    custom = (args.width, args.height, args.scale)
    if args.preset and any(v is not None for v in custom):
        raise ExportError(_("give either --preset or --width/--height/--scale, not both"))
    if args.preset or all(v is None for v in custom):
        return args.preset or "report"
    base = PRESETS["report"]
    return Preset(args.width or base.width, args.height or base.height, args.scale or base.scale)


def _select(registry: Registry, args: argparse.Namespace) -> list[str]:
    chosen = [i.id for i in registry.indicators]
    if args.ids:
        wanted = [w.strip() for w in args.ids.split(",") if w.strip()]
        if not wanted:
            raise ExportError(
                _("--ids {ids} names no indicator; give ids separated by commas, e.g. --ids {example}").format(
                    ids=repr(args.ids), example=chosen[0] if chosen else "road_deaths"
                )
            )
        unknown = [w for w in wanted if registry.indicator(w) is None]
        if unknown:
            raise ExportError(
                _("unknown indicator id(s): {unknown}; known ids: {known}").format(
                    unknown=", ".join(map(repr, unknown)), known=", ".join(chosen)
                )
            )
        chosen = list(dict.fromkeys(wanted))
    if args.area:
        if not any(a.id == args.area for a in registry.areas):
            raise ExportError(
                _("unknown area {area}; known areas: {known}").format(area=repr(args.area), known=", ".join(a.id for a in registry.areas))
            )
        chosen = [i for i in chosen if registry.indicator(i).area == args.area]
        if not chosen:
            raise ExportError(_("no indicator selected in area {area}").format(area=repr(args.area)))
    return chosen


def run(args: argparse.Namespace, registry: Registry) -> int:
    """`python -m dashboard export`: the arguments are declared in `dashboard.cli`, which loads the registry."""
    try:
        size = _size(args)
        ids = _select(registry, args)
        if args.out.exists() and not args.out.is_dir():
            raise ExportError(_("--out {path} is a file, not a folder").format(path=args.out))
        for i in ids:
            safe_path(args.out, f"{i}.{args.format}")
        assessment = build(registry, getattr(args, "lang", "en"))
        skipped = [i for i in ids if not assessment.views[i].chartable]  # a blank chart says nothing: listed, not drawn
        ids = [i for i in ids if i not in skipped]
        if not ids:
            raise ExportError(
                ngettext(
                    "nothing to draw: {ids} has no values to chart yet", "nothing to draw: {ids} have no values to chart yet", len(skipped)
                ).format(ids=", ".join(skipped))
            )
        with Renderer() as renderer:  # the browser first: without one, nothing is created
            args.out.mkdir(parents=True, exist_ok=True)
            entries = export_batch(
                assessment, ids, args.out, fmt=args.format, preset=size, renderer=renderer, progress=ProgressBar(sys.stderr)
            )
        manifest = write_manifest(args.out, assessment, entries, skipped=skipped)
    except KeyboardInterrupt:
        print(_("export: interrupted"), file=sys.stderr)
        return 130
    except ExportError as exc:
        print(_("export: {error}").format(error=exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(_("export: cannot write to {path}: {error}").format(path=args.out, error=exc.strerror or exc), file=sys.stderr)
        return 1
    print(
        ngettext(
            "{count} {format} file and {manifest} written to {path}",
            "{count} {format} files and {manifest} written to {path}",
            len(entries),
        ).format(count=len(entries), format=args.format.upper(), manifest=manifest.name, path=args.out)
    )
    if skipped:
        print(_("skipped, no values to chart yet: {ids} (listed in {manifest})").format(ids=", ".join(skipped), manifest=manifest.name))
    keep_record(registry, assessment)
    return 0


def keep_record(registry: Registry, assessment) -> None:
    """An exported version is published too: keep its record in the history folder ($DASHBOARD_HISTORY; "off": none)."""
    import datetime as dt

    from dashboard.outputs.history import History, history_folder

    folder = history_folder(registry.path)
    if folder is None:
        return
    try:
        History(folder).record(assessment, dt.datetime.now(dt.UTC))
    except OSError as exc:  # the files are written: a history folder that cannot be written is only reported
        print(_("export: the history record was not kept: {error}").format(error=exc.strerror or exc), file=sys.stderr)
