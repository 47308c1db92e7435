"""Keeping the message catalogue in step with the code (Babel's extraction, no compiled .mo files).

    python -m dashboard.i18n_tools            # extract, then merge into every language's messages.po
    python -m dashboard.i18n_tools check      # exit 1 listing what is missing, stale, fuzzy or untranslated

`extract` reads every `_()`, `ngettext()`, `N_()`, `pgettext()` and `npgettext()` in `dashboard/**.py`
(as `dashboard/locale/babel.cfg` says) into `dashboard/locale/messages.pot`; `update` merges that
template into `dashboard/locale/<lang>/LC_MESSAGES/messages.po`: new messages arrive untranslated
(never guessed from a similar one), messages gone from the code are dropped. Translate the empty
`msgstr ""` entries, run `check` (tests/test_i18n.py runs it too), commit the .pot and the .po.
Extraction reads the syntax tree (`extract_python_ast`), so a `_()` inside an f-string is found
too; `pybabel extract -F dashboard/locale/babel.cfg` would miss those on Python 3.11, so use this.
"""

from __future__ import annotations

import ast
import io
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from .i18n import DEFAULT, LANGUAGES, LOCALE_DIR
from .registry.files import write_atomic

ROOT = LOCALE_DIR.parent.parent  # the checkout: babel.cfg's patterns are relative to it
MAPPING = LOCALE_DIR / "babel.cfg"
TEMPLATE = LOCALE_DIR / "messages.pot"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "N_": None,
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
COMMENT_TAGS = ("TRANSLATORS:",)
PROJECT = "crime-indicator-dashboard"
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_DATES = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date): .*\\n"\n', re.M)


def extract_python_ast(fileobj, keywords, comment_tags, options):
    """A Babel extraction method that reads the syntax tree, so that a `_()` inside an f-string's braces
    (`f"<b>{_('Latest:')}</b>"`) is found too: Babel's own Python extractor skips those before Python 3.12,
    and a message it skips would stay English with no test noticing.

    Yields (line, function, message or messages, comments) as Babel's extractors do; an argument that is not
    a string literal is None (Babel then skips the call if the message itself is not literal).
    """
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in keywords:
            args = tuple(a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args)
            if not args:
                continue
            comments = []
            at = node.lineno - 2  # translator comments: the comment lines right above the call, starting with a tag
            while at >= 0 and lines[at].strip().startswith("#"):
                comments.insert(0, lines[at].strip().lstrip("#").strip())
                at -= 1
            tagged = [c for c in comments if c.startswith(tuple(comment_tags))] if comment_tags else []
            found.append((node.lineno, node.col_offset, node.func.id, args if len(args) > 1 else args[0], tagged))
    for lineno, _col, name, messages, comments in sorted(found, key=lambda f: (f[0], f[1])):
        yield lineno, name, messages, comments


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


def extract() -> Catalog:
    """Every message in the code, as a fresh template (nothing is written)."""
    with MAPPING.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    # Babel's "python" extractor skips a _() inside an f-string before Python 3.12: read the syntax tree instead
    method_map = [(pattern, f"{__name__}:extract_python_ast" if method == "python" else method) for pattern, method in method_map]
    catalog = Catalog(project=PROJECT, charset="utf-8", fuzzy=False)
    found = extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS, comment_tags=COMMENT_TAGS, strip_comment_tags=True)
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(str(Path(filename).as_posix()), lineno)], auto_comments=comments, context=context)
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    # files without line numbers, messages sorted: a moved line changes nothing, two branches merge cleanly
    write_po(out, catalog, width=100, sort_output=True, ignore_obsolete=True, include_lineno=False)
    return out.getvalue()


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write unless only the header's dates would change; True when written."""
    if path.is_file() and _DATES.sub(b"", path.read_bytes()) == _DATES.sub(b"", data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return True


def read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def update(template: Catalog, lang: str) -> Catalog:
    """`lang`'s catalogue merged with `template`: new messages untranslated, gone ones dropped, translations kept."""
    path = po_path(lang)
    catalog = read(path, lang) if path.is_file() else Catalog(locale=lang, project=PROJECT, charset="utf-8", fuzzy=False)
    catalog.update(template, no_fuzzy_matching=True)
    _write_if_changed(path, _po_bytes(catalog))
    return catalog


def _key(message) -> tuple:
    return (message.context, message.id)


def problems(lang: str, template: Catalog | None = None) -> list[str]:
    """What keeps `lang`'s catalogue from being complete: messages in the code but not in it (or the reverse),
    untranslated or fuzzy ones, translations whose {placeholders} differ from the English."""
    template = template if template is not None else extract()
    path = po_path(lang)
    if not path.is_file():
        return [f"{path}: missing; run python -m dashboard.i18n_tools"]
    catalog = read(path, lang)
    wanted = {_key(m) for m in template if m.id}
    have = {_key(m): m for m in catalog if m.id}
    out = [f"not in {lang} catalogue (run python -m dashboard.i18n_tools): {k[1]!r}" for k in sorted(wanted - set(have), key=str)]
    out += [f"in {lang} catalogue but no longer in the code: {k[1]!r}" for k in sorted(set(have) - wanted, key=str)]
    for _found, message in sorted(have.items(), key=lambda kv: str(kv[0])):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            out.append(f"fuzzy in {lang}: {ids[0]!r}")
        if not all(forms):
            out.append(f"untranslated in {lang}: {ids[0]!r}")
            continue
        expected = set(_PLACEHOLDER.findall(ids[-1]))
        for form in forms:
            if set(_PLACEHOLDER.findall(form)) != expected:
                out.append(
                    f"placeholders differ in {lang}: {ids[0]!r} has {sorted(expected)}, {form!r} has "
                    f"{sorted(set(_PLACEHOLDER.findall(form)))}"
                )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "extract"
    if command not in ("extract", "check"):
        print("usage: python -m dashboard.i18n_tools [extract|check]", file=sys.stderr)
        return 2
    template = extract()
    if command == "extract":
        written = _write_if_changed(TEMPLATE, _po_bytes(template))
        print(f"{TEMPLATE.relative_to(ROOT)}: {len(template)} messages{'' if written else ' (unchanged)'}")
        for lang in LANGUAGES:
            if lang != DEFAULT:
                catalog = update(template, lang)
                missing = sum(1 for m in catalog if m.id and not all(m.string if isinstance(m.string, tuple) else (m.string,)))
                print(f"{po_path(lang).relative_to(ROOT)}: {len(catalog)} messages, {missing} to translate")
        return 0
    found = [p for lang in LANGUAGES if lang != DEFAULT for p in problems(lang, template)]
    for line in found:
        print(line)
    print(f"{len(found)} problem{'s' if len(found) != 1 else ''}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
