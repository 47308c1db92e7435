"""`python -m dashboard record`, `history` and `diff`: keep a version, list the kept ones, compare two."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from dashboard.engine.assessment import build
from dashboard.engine.changes import Changes, diff, record_of
from dashboard.i18n import _, ngettext
from dashboard.outputs.history import History, default_folder
from dashboard.outputs.history.text import changes_table
from dashboard.registry import RegistryError, load_registry
from dashboard.registry.loader import MAX_BYTES
from dashboard.registry.models import Registry

GIT_TIMEOUT_SECONDS = 20
_REVISION = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./~^@{}-]{0,199}$")


class SideError(Exception):
    """A side of `diff` that cannot be read; the message says why."""


def _folder(args: argparse.Namespace) -> History:
    return History(args.history or default_folder(args.registry))


def record(args: argparse.Namespace, registry: Registry, now: dt.datetime | None = None) -> int:
    """Keep the registry's version in the history folder (once; a second run of one version writes nothing)."""
    history = _folder(args)
    written = history.record(build(registry), now or dt.datetime.now(dt.UTC))
    if written is None:
        print(_("{version}: already the newest record in {folder}").format(version=registry.version, folder=history.folder))
    else:
        print(_("{version}: recorded in {file}").format(version=registry.version, file=written))
    return 0


def listing(args: argparse.Namespace) -> int:
    history = _folder(args)
    found = history.listing()
    for problem in found.problems:
        print(f"warning: {problem}", file=sys.stderr)
    if args.format == "json":
        rows = [
            {"version": r["version"], "time": r["time"], "file": r["file"], "claims": len(r["claims"]), "targets": len(r["targets"])}
            for r in found.records
        ]
        print(json.dumps({"folder": str(history.folder), "records": rows, "problems": [str(p) for p in found.problems]}, indent=2))
        return 0
    for r in found.records:
        print(f"{r['version']}  {r['time']}  {len(r['claims'])} claims  {len(r['targets'])} targets  {r['file']}")
    count = len(found.records)
    print(ngettext("{count} version in {folder}", "{count} versions in {folder}", count).format(count=count, folder=history.folder))
    return 0


def _record_of_registry(path: Path) -> dict[str, Any]:
    try:
        return record_of(build(load_registry(path)))
    except RegistryError as exc:
        raise SideError("\n".join(exc.lines())) from None


def _git_show(repo: Path, revision: str, relative: str) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), "show", f"{revision}:./{relative}"],
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SideError(f"git show {revision}:{relative}: {exc}") from None
    if done.returncode != 0:
        raise SideError(f"git show {revision}:{relative}: {done.stderr.decode('utf-8', 'replace').strip()[:300]}")
    if len(done.stdout) > MAX_BYTES:
        raise SideError(f"{revision}:{relative} is over {MAX_BYTES // 2**20} MB")
    return done.stdout


def _record_at_revision(revision: str, registry: Path) -> dict[str, Any]:
    """The record of the registry as git revision `revision` holds it, with the series files and documents of that revision."""
    if not _REVISION.match(revision):  # never an option: the first character is no "-"
        raise SideError(f"{revision!r} is not a git revision")
    repo = registry.parent
    tmp = Path(tempfile.mkdtemp(prefix="dashboard-diff-"))
    try:
        data = _git_show(repo, revision, registry.name)
        (tmp / registry.name).write_bytes(data)
        declared = re.findall(rb"""(?:series_file|document)["']?[ \t]*:[ \t]*["']?(data/[A-Za-z0-9._/-]+)""", data)
        for relative in sorted({d.decode() for d in declared if b".." not in d}):
            target = tmp / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("xb") as handle:
                handle.write(_git_show(repo, revision, relative))
        return _record_of_registry(tmp / registry.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def resolve_side(side: str, registry: Path, history: History) -> dict[str, Any]:
    """A registry file; else a version (or a unique prefix of one) kept in the history folder; else a git revision."""
    path = Path(side)
    try:
        is_file = path.is_file()
    except OSError:  # a name too long for the file system
        is_file = False
    if is_file:
        return _record_of_registry(path)
    if re.fullmatch(r"[0-9a-f]{4,64}", side):
        found = [r for r in history.listing().records if r["version"].startswith(side)]
        if len({r["version"] for r in found}) == 1:
            return found[-1]
        if found:
            raise SideError(f"{side!r} names several versions in {history.folder}: give more digits")
    return _record_at_revision(side, registry)


def diff_records(args: argparse.Namespace) -> Changes:
    history = _folder(args)
    return diff(resolve_side(args.old, args.registry, history), resolve_side(args.new, args.registry, history))


def diff_command(args: argparse.Namespace) -> int:
    try:
        changes = diff_records(args)
    except SideError as exc:
        print(_("refused: {reason}").format(reason=exc), file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(changes.as_json(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(changes_table(changes))
    return 0
