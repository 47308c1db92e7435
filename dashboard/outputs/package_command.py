"""`python -m dashboard package`: the data package into a folder (and a zip), the same files `/download/` serves."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.engine.assessment import build
from dashboard.i18n import _
from dashboard.outputs.package import FILES, write_package
from dashboard.registry.models import Registry


class PackageError(Exception):
    """A refused --out or --zip: said in one line, exit code 1."""


def _check(out: Path, zip_path: Path | None) -> None:
    # a link is refused rather than followed: the files land where the command line names, nowhere else
    if out.is_symlink():
        raise PackageError(_("--out {path} is a symbolic link; give the folder itself").format(path=out))
    if out.exists() and not out.is_dir():
        raise PackageError(_("--out {path} is a file, not a folder").format(path=out))
    if zip_path is not None:
        if zip_path.is_symlink():
            raise PackageError(_("--zip {path} is a symbolic link; give the file itself").format(path=zip_path))
        if zip_path.is_dir():
            raise PackageError(_("--zip {path} is a folder, not a file").format(path=zip_path))


def run(args: argparse.Namespace, registry: Registry) -> int:
    """`python -m dashboard package`: the arguments are declared in `dashboard.cli`, which loads the registry."""
    out: Path = args.out
    zip_path: Path | None = args.zip
    try:
        _check(out, zip_path)
        assessment = build(registry)  # the data files are English, like their column names
        out.mkdir(parents=True, exist_ok=True)
        written = write_package(out, assessment, zip_path)
    except KeyboardInterrupt:
        print(_("package: interrupted"), file=sys.stderr)
        return 130
    except PackageError as exc:
        print(_("package: {error}").format(error=exc), file=sys.stderr)
        return 1
    except OSError as exc:
        where = exc.filename or out
        print(_("package: cannot write to {path}: {error}").format(path=where, error=exc.strerror or exc), file=sys.stderr)
        return 1
    print(
        _("datapackage.json and {count} CSV tables written to {path} (version {version})").format(
            count=len(FILES), path=out, version=registry.version
        )
    )
    if zip_path is not None:
        print(_("the whole package in one file: {path}").format(path=written[-1]))
    return 0
