"""Verbatim quote lookup in a source document, all quotes of a load at once.

A quote is found when its normalised text is a substring of the normalised document. A few quotes
against a small document: one `in` each. Many quotes against a large document: the document's words
are counted once, each quote is anchored on its rarest inner word (a whole word in any match) and
only the places of those anchors are compared, in one pass over the words.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

_WS = re.compile(r"\s+")
_SCAN_BUDGET = 64 * 2**20  # characters scanned by plain `in` before the word index pays off
_MAX_ANCHOR = 1_000  # an inner word this frequent anchors nothing; the quote is scanned for instead


def normalise_text(text: str) -> str:
    """Quotes are matched verbatim, except that any run of whitespace counts as one space."""
    return _WS.sub(" ", text).strip()


def _matches_at(words: list[str], start: int, parts: list[str]) -> bool:
    """`parts` at word `start`: the first part ends a word, the inner ones are words, the last starts one."""
    end = start + len(parts) - 1
    return (
        start >= 0
        and end < len(words)
        and words[start].endswith(parts[0])
        and words[start + 1 : end] == parts[1:-1]
        and words[end].startswith(parts[-1])
    )


class QuoteIndex:
    """One normalised document."""

    def __init__(self, text: str) -> None:
        self.text = normalise_text(text)

    def found(self, quotes: Iterable[str]) -> set[str]:
        """The normalised quotes (of those given) that occur in the document."""
        wanted = {q for q in quotes if q}
        if len(wanted) * len(self.text) <= _SCAN_BUDGET:
            return {q for q in wanted if q in self.text}
        words = self.text.split(" ")
        counts = Counter(words)
        hits: set[str] = set()
        anchors: dict[str, list[tuple[str, list[str], int]]] = defaultdict(list)
        for quote in wanted:
            parts = quote.split(" ")
            if len(parts) < 3:
                if quote in self.text:
                    hits.add(quote)
                continue
            inner = min(range(1, len(parts) - 1), key=lambda k: counts.get(parts[k], 0))
            seen = counts.get(parts[inner], 0)
            if seen > _MAX_ANCHOR:
                if quote in self.text:
                    hits.add(quote)
            elif seen:
                anchors[parts[inner]].append((quote, parts, inner))
        if anchors:
            for i, word in enumerate(words):
                for quote, parts, inner in anchors.get(word, ()):
                    if quote not in hits and _matches_at(words, i - inner, parts):
                        hits.add(quote)
        return hits
