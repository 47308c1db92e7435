"""A quote in its original words and in translation, each version marked, the reader's language first.

Every speech and decree the registry quotes was given in Russian, so a Russian quote is the original wording
(or a Russian report of it) and an English one is a translation by whoever published it. A translation made
for this dashboard is marked as ours: it is never presented as the speaker's words. Where only an English
version was found, the reader is told that the Russian original is not available here, rather than being
given a back-translation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashboard.i18n import _
from dashboard.outputs.wording import publishers
from dashboard.registry.texts import written_in

ORIGINAL_LANGUAGE = "ru"  # the language the Board speeches and the decrees were given in


@dataclass(frozen=True)
class Version:
    """One wording of a quote: its text, its language and what it is ("Original, in Russian, as quoted by RT")."""

    text: str
    lang: str
    label: str
    original: bool


@dataclass(frozen=True)
class Quote:
    versions: tuple[Version, ...]  # the reader's language first
    note: str  # "The Russian original is not available here.", or ""

    @property
    def lead(self) -> Version:
        return self.versions[0]


def _as_published(text: str, publisher: str, found_in: str | None) -> Version:
    lang = written_in(text)
    if lang == ORIGINAL_LANGUAGE and found_in != "paraphrase":
        label = _("Original, in Russian, as quoted by {publisher}").format(publisher=publisher)
    elif lang == ORIGINAL_LANGUAGE:
        label = _("In Russian, as reported by {publisher}").format(publisher=publisher)
    elif found_in == "paraphrase":
        label = _("In English, as reported by {publisher}").format(publisher=publisher)
    else:
        label = _("In English, as published by {publisher}").format(publisher=publisher)
    return Version(text, lang, label, original=lang == ORIGINAL_LANGUAGE)


def _translated(translation: Any, lang: str, names: dict[str, str]) -> Version:
    # one whole sentence per language: a language's name changes its case inside a Russian sentence
    if translation.by == "official":
        publisher = names.get(translation.source, _("its publisher"))
        label = (
            _("Official English translation by {publisher}") if lang == "en" else _("Official Russian translation by {publisher}")
        ).format(publisher=publisher)
    elif lang == "en":
        label = _("Our English translation, not the speaker's words")
    else:
        label = _("Our Russian translation, not the speaker's words")
    return Version(translation.text, lang, label, original=False)


def quote_of(registry: Any, item: Any, lang: str, *, found_in: str | None = None) -> Quote | None:
    """The quote of a claim or target (`item.quote`, `item.source`, `item.translation`) for a reader of `lang`."""
    text = getattr(item, "quote", None)
    if not text:
        return None
    names = publishers(registry)
    published = _as_published(text, names.get(item.source, _("the source")), found_in)
    versions = [published]
    translation = getattr(item, "translation", None)
    if translation is not None:
        versions.append(_translated(translation, "en" if published.lang == "ru" else "ru", names))
    versions.sort(key=lambda v: v.lang != lang)  # stable: the published words lead when neither is in `lang`
    note = "" if any(v.original for v in versions) else _("The Russian original is not available here.")
    return Quote(tuple(versions), note)


__all__ = ["ORIGINAL_LANGUAGE", "Quote", "Version", "quote_of"]
