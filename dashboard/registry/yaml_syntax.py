"""YAML syntax errors in plain words, placed where the fix is: an unclosed quote, a tab, a line out of line.

libyaml reports where its parser stopped, in its own terms; an editor needs the line to change and what to do.
"""

from __future__ import annotations

import yaml

from .errors import Problem

try:  # libyaml's C scanner when present, pure Python otherwise; scanning resolves nothing
    from yaml import CSafeLoader as _Scanner
except ImportError:  # pragma: no cover - depends on the platform build
    from yaml import SafeLoader as _Scanner  # type: ignore[assignment]


def where(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``, counting \\n, \\r\\n and \\r as line breaks, as YAML does."""
    offset = min(offset, len(text))
    breaks = text.count("\n", 0, offset) + text.count("\r", 0, offset) - text.count("\r\n", 0, offset)
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    return breaks + 1, offset - start + 1


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, filename: str) -> Problem:
    """A syntax error as one actionable line, placed where the fix is when that is clear."""
    mark, context_mark = exc.problem_mark or exc.context_mark, exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if context_mark is not None and (exc.context or "").startswith("while scanning a quoted scalar"):
        return Problem(
            filename, context_mark.line + 1, context_mark.column + 1, "", "YAML syntax error: this quote is never closed", "close the quote"
        )
    opened = _quote_running_to(text, line)
    if opened is not None:
        message = f"YAML syntax error: the quoted text opened here runs on to line {line}, where the parser stopped"
        return Problem(filename, *opened, "", message, "close the quote on this line")
    lines = text.splitlines()
    at = lines[line - 1][col - 1 : col] if line <= len(lines) else ""
    if at == "\t" or "tab" in (exc.problem or ""):
        return Problem(filename, line, col, "", "YAML syntax error: a tab character in the indentation", "indent with spaces, not tabs")
    since = f"line {context_mark.line + 1}" if context_mark is not None else "above"
    for fragment, (message, hint, at_start) in _PLAIN_WORDS.items():
        if fragment in f"{exc.context} {exc.problem}":
            if at_start and context_mark is not None:
                line, col = context_mark.line + 1, context_mark.column + 1
            return Problem(filename, line, col, "", "YAML syntax error: " + message.format(since=since), hint)
    context = exc.context or ""
    if context and context_mark is not None and context_mark.line != mark.line:
        context += f" (from line {context_mark.line + 1}, column {context_mark.column + 1})"
    message = " ".join(filter(None, [context, exc.problem])) or "syntax error"
    return Problem(filename, line, col, "", f"YAML syntax error: {message}", "check quotes, brackets and indentation")


_QUOTE_IT = "put the value in quotes"
# libyaml's wording -> (what it means here, what to do, place it at the start of the construct)
_PLAIN_WORDS: dict[str, tuple[str, str, bool]] = {
    "did not find expected key": (
        "this line does not line up with the fields that start on {since}",
        "check its indentation, or a quote left open above",
        False,
    ),
    "expected '-' indicator": (
        "this line does not line up with the list that starts on {since}",
        "list items start with '- ' at one indentation",
        False,
    ),
    "<document start>": (
        "this line does not fit under anything above it",
        "indent it under its field, or remove stray text at the start of the line",
        False,
    ),
    "mapping values are not allowed": (
        "a ':' that YAML cannot read here",
        "put text holding ': ' in quotes, or check the indentation",
        False,
    ),
    "could not find expected ':'": ("a field name with no ':' after it", "write `name: value`, or " + _QUOTE_IT, True),
    "cannot start any token": ("a value cannot start with this character", _QUOTE_IT, False),
    "unknown escape character": ("an unknown backslash escape in double quotes", "write \\\\ for a backslash, or use single quotes", False),
    "alias": ("'*' starts a YAML alias, which the registry does not use", _QUOTE_IT, True),
    "anchor": ("'&' starts a YAML anchor, which the registry does not use", _QUOTE_IT, True),
    "block scalar": ("'|' or '>' starts a YAML block of text here", _QUOTE_IT, True),
    "directive": ("'%' at the start of a line starts a YAML directive", _QUOTE_IT, True),
    "scanning a tag": ("'!' starts a YAML tag, which the registry does not use", _QUOTE_IT, True),
    "parsing a tag": ("'!' starts a YAML tag, which the registry does not use", _QUOTE_IT, True),
    "expected node content": ("a value is missing here", "write the value, or put text starting with a special character in quotes", False),
    "block sequence entries are not allowed": (
        "a '- ' list item where a value belongs",
        "start the list on the next line, indented under its field",
        False,
    ),
    "maximum nesting depth": (
        "nested deeper than YAML allows (1000 levels)",
        "a registry needs a few levels; is this the right file?",
        False,
    ),
    "flow mapping": ("the '{{' opened on {since} is not closed, or lacks a ','", "check the braces and commas", False),
    "flow sequence": ("the '[' opened on {since} is not closed, or lacks a ','", "check the brackets and commas", False),
}


def _quote_running_to(text: str, line: int) -> tuple[int, int] | None:
    """Start of a quoted text that spans lines and ends on ``line``: the usual trace of a missing quote.

    Scans the text a second time, but only after a syntax error.
    """
    found = None
    try:
        for token in yaml.scan(text, Loader=_Scanner):
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.start_mark.line < token.end_mark.line == line - 1
            ):
                found = (token.start_mark.line + 1, token.start_mark.column + 1)
    except yaml.YAMLError:
        pass
    return found
