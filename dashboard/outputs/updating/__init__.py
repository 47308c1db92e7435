"""`python -m dashboard set` and `import`: add or correct values in the registry's own files.

The edit is planned on the text (registry/editing), shown as a diff, validated in a temporary copy by the
normal loader and only then written, file by file, with the one safe writer. A refusal writes nothing.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from dashboard.i18n import _
from dashboard.outputs.export.batch import write_atomic
from dashboard.registry import RegistryError
from dashboard.registry.editing import CONFLICT, PRESENT, EditError, Editor, NewSource, NewValue, diff_text


def open_editor(path: Path) -> Editor | None:
    """The editor of the registry at `path`, or None after printing why it cannot be edited."""
    try:
        return Editor(path)
    except RegistryError as exc:
        for line in exc.lines():
            print(line)
        print(_("{path}: fix these problems first, then run this again").format(path=path), file=sys.stderr)
    except (EditError, OSError, UnicodeDecodeError) as exc:
        print(f"{path}: {exc}", file=sys.stderr)
    return None


def parse_source(spec: str) -> NewSource:
    """`id,publisher,url,title[,date]` (csv quoting for a comma inside a field) as a NewSource."""
    try:
        fields = next(csv.reader(io.StringIO(spec)))
    except (StopIteration, csv.Error):
        fields = []
    if len(fields) not in (4, 5):
        raise EditError("--add-source takes id,publisher,url,title[,date] (quote a field that holds a comma)")
    return NewSource(*[f.strip() for f in fields[:4]], date=fields[4].strip() if len(fields) == 5 and fields[4].strip() else None)


def finish(editor: Editor, *, dry_run: bool, hints: list[str] = ()) -> int:
    """Show the diff; unless `dry_run`, validate the result and write it. 0, or 1 when the result is refused."""
    try:
        changes = editor.changes()
    except EditError as exc:
        print(_("refused: {reason}").format(reason=exc), file=sys.stderr)
        return 1
    sys.stdout.write(diff_text(changes))
    if not changes:
        print(_("Nothing to change."), file=sys.stderr)
        return 0
    try:
        editor.validate(changes)
    except RegistryError as exc:
        for line in exc.lines():
            print(line)
        for hint in hints:
            print(hint)
        print(_("Nothing was written: the edit would make the registry invalid."), file=sys.stderr)
        return 1
    if dry_run:
        print(_("Dry run: the edit is valid; nothing was written."), file=sys.stderr)
        return 0
    base = editor.path.parent
    for relative, (old, _new) in changes.items():  # another editor may have saved meanwhile: refuse rather than lose it
        target = editor.path if relative == editor.path.name else base / relative
        if target.read_bytes() != old.encode("utf-8"):
            print(_("{file} changed while this ran; nothing was written: run it again").format(file=relative), file=sys.stderr)
            return 1
    for relative, (_old, new) in changes.items():  # the registry first: a new source is there before a row cites it
        write_atomic(editor.path if relative == editor.path.name else base / relative, new.encode("utf-8"))
    print(_("Written: {files}").format(files=", ".join(changes)), file=sys.stderr)
    return 0


def run_set(args: argparse.Namespace) -> int:
    """`python -m dashboard set`: the arguments are declared in `dashboard.cli`."""
    editor = open_editor(args.registry)
    if editor is None:
        return 1
    try:
        source = parse_source(args.add_source) if args.add_source else None
        if source is not None:
            editor.add_source(source)
        source_id = args.source or (source.id if source else None)
        if not source_id:
            raise EditError("give --source ID (or --add-source to register a new one)")
        value = NewValue(
            args.indicator,
            args.year,
            args.value,
            source_id,
            args.qualifier,
            args.quote,
            args.note,
            args.note_ru,
            args.period,
            args.kind,
        )
        outcome = editor.put(value, replace=args.replace)
    except EditError as exc:
        print(_("refused: {reason}").format(reason=exc), file=sys.stderr)
        return 1
    if outcome == PRESENT:
        print(_("{indicator} {year} from {source}: already present with this value; nothing to do").format(**_names(value)))
        return 0
    if outcome == CONFLICT:
        found = editor.existing(value)
        print(
            _("{indicator} {year} from {source}: the registry gives {old}; add --replace to change it to {new}").format(
                **_names(value),
                old=f"{found[1] if found[1] != '=' else ''}{found[0]}",
                new=f"{'' if value.qualifier == '=' else value.qualifier}{value.value}",
            ),
            file=sys.stderr,
        )
        return 1
    hint = editor.source_hint(value.source)
    return finish(editor, dry_run=args.dry_run, hints=[hint] if hint else [])


def _names(value: NewValue) -> dict[str, object]:
    return {"indicator": value.indicator, "year": value.year, "source": value.source}
