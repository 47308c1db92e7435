"""`python -m dashboard report`: the briefing as one self-contained HTML or A4 PDF file."""

from __future__ import annotations

import argparse
import sys
import time

from dashboard.engine.assessment import build
from dashboard.formatting import number
from dashboard.i18n import _, ngettext
from dashboard.outputs.export.command import _select  # the same --ids/--area validation as `export`
from dashboard.outputs.export.errors import ExportError
from dashboard.outputs.export.renderer import Renderer
from dashboard.outputs.report import briefing_html, briefing_pdf
from dashboard.registry.files import write_atomic
from dashboard.registry.models import Registry


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    return "pdf" if args.out.suffix.lower() == ".pdf" else "html"


def _selection(args: argparse.Namespace) -> str:
    if args.area and args.ids:
        return _("area {area} and chosen indicators").format(area=args.area)
    if args.area:
        return _("area {area}").format(area=args.area)
    return _("chosen indicators") if args.ids else _("all indicators")


def run(args: argparse.Namespace, registry: Registry) -> int:
    """The arguments are declared in `dashboard.cli`, which loads the registry."""
    started = time.monotonic()
    try:
        ids = _select(registry, args)
        fmt = _format(args)
        if args.out.is_dir():
            raise ExportError(
                _("--out {path} is a folder; give a file name, e.g. {example}").format(
                    path=args.out, example=args.out / ("briefing." + fmt)
                )
            )
        assessment = build(registry, getattr(args, "lang", "en"))
        with Renderer() as renderer:
            if fmt == "pdf":
                data = briefing_pdf(assessment, ids, renderer=renderer, selection=_selection(args))
            else:
                data = briefing_html(assessment, ids, renderer=renderer, selection=_selection(args)).encode("utf-8")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(args.out, data)
    except KeyboardInterrupt:
        print(_("report: interrupted"), file=sys.stderr)
        return 130
    except ExportError as exc:
        print(_("report: {error}").format(error=exc), file=sys.stderr)
        return 1
    except OSError as exc:
        print(_("report: cannot write {path}: {error}").format(path=args.out, error=exc.strerror or exc), file=sys.stderr)
        return 1
    claims = sum(1 for c in registry.claims if c.indicator in set(ids))
    print(
        ngettext(
            "{path}: {format} briefing on {count} indicator and {claims} claims, {size} KB, in {seconds} s",
            "{path}: {format} briefing on {count} indicators and {claims} claims, {size} KB, in {seconds} s",
            len(ids),
        ).format(
            path=args.out,
            format=fmt.upper(),
            count=len(ids),
            claims=claims,
            size=number(len(data) / 1024),
            seconds=number(time.monotonic() - started, 1),
        )
    )
    return 0
