"""`python -m dashboard report`: the briefing as one self-contained HTML or A4 PDF file."""

from __future__ import annotations

import argparse
import sys
import time

from ..assessment import build
from ..export.batch import write_atomic
from ..export.command import _select  # the same --ids/--area validation as `export`
from ..export.errors import ExportError
from ..export.renderer import Renderer
from ..registry.models import Registry
from . import briefing_html, briefing_pdf


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    return "pdf" if args.out.suffix.lower() == ".pdf" else "html"


def _selection(args: argparse.Namespace) -> str:
    parts = []
    if args.area:
        parts.append(f"area {args.area}")
    if args.ids:
        parts.append("chosen indicators")
    return " and ".join(parts) or "all indicators"


def run(args: argparse.Namespace, registry: Registry) -> int:
    """The arguments are declared in `dashboard.cli`, which loads the registry."""
    started = time.monotonic()
    try:
        ids = _select(registry, args)
        fmt = _format(args)
        if args.out.is_dir():
            raise ExportError(f"--out {args.out} is a folder; give a file name, e.g. {args.out / ('briefing.' + fmt)}")
        assessment = build(registry)
        with Renderer() as renderer:
            if fmt == "pdf":
                data = briefing_pdf(assessment, ids, renderer=renderer, selection=_selection(args))
            else:
                data = briefing_html(assessment, ids, renderer=renderer, selection=_selection(args)).encode("utf-8")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(args.out, data)
    except KeyboardInterrupt:
        print("report: interrupted", file=sys.stderr)
        return 130
    except ExportError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"report: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    claims = sum(1 for c in registry.claims if c.indicator in set(ids))
    print(f"{args.out}: {fmt.upper()} briefing on {len(ids)} indicator{'s' if len(ids) != 1 else ''} and {claims} claims, "
          f"{len(data) / 1024:,.0f} KB, in {time.monotonic() - started:.1f} s")
    return 0
