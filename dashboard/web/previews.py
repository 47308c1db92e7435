"""Link previews: the OpenGraph and Twitter-card `<meta>` tags of every page, in the request's language.

A chat or a post that is given a page's address shows its title, a one-line description (the verdict counts,
an indicator's headline status, a claim's verdict) and its card (web/cards.py): an indicator's chart, a claim's
verdict, a speech's scorecard; a page without a card of its own shows the latest speech's. `meta_tags()` is
called once per page load from the app's index (app.interpolate_index); every value is escaped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

import flask

from dashboard.i18n import DEFAULT, LANGUAGES, N_, _, current
from dashboard.outputs.cards import CARD, card_path, counts_line, dated_scorecards, lead_quote, overall_line, scorecard_of, speaker_of
from dashboard.outputs.cards.words import speech_title
from dashboard.outputs.wording import status_line, verdict
from dashboard.web.components import current_state

LOCALES = {"en": "en_GB", "ru": "ru_RU"}
MAX_DESCRIPTION = 200  # characters: what the common networks show of a description before they cut it
PAGE_NAMES = {
    "claims": N_("Claims"),
    "sources": N_("Sources"),
    "speeches": N_("Speeches"),
    "methods": N_("Methods"),
    "changes": N_("What changed"),
}
_PAGE = re.compile(r"^/(claims|sources|speeches|methods|changes)?$")
_INDICATOR = re.compile(r"^/indicator/([^/]+)$")
_SPEECH = re.compile(r"^/speech/(\d{4}-\d{2}-\d{2})$")
_CLAIM = re.compile(r"^/claim/([^/]+)$")


@dataclass(frozen=True)
class Preview:
    title: str
    description: str
    image: str | None  # the card's address in the app, without the host
    image_alt: str
    path: str  # the page's canonical address in the app, without the host and the language
    kind: str = "website"


def one_line(text: str, limit: int = MAX_DESCRIPTION) -> str:
    """Text on one line, cut at a word with an ellipsis past `limit` characters."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:") + "…"


def site_name() -> str:
    return _("Crime statistics: claims and targets")


def _titled(page: str) -> str:
    return _("{page} · {site}").format(page=page, site=site_name())


def _site_card(assessment: Any, lang: str) -> tuple[str | None, str]:
    """The latest speech's scorecard, else the first indicator's chart: the card of a page without one of its own."""
    speeches = dated_scorecards(assessment)
    if speeches:
        latest = speeches[-1].said_on
        return card_path("speech", latest, lang), _("Scorecard: {speech}").format(speech=speech_title(latest))
    first = next(iter(assessment.views), None)
    return (card_path("indicator", first, lang), assessment.views[first].indicator.title) if first else (None, site_name())


def preview_of(assessment: Any, path: str, lang: str) -> Preview:
    """The preview of the page at `path` (its address without the query) for a reader of `lang`."""
    image, alt = _site_card(assessment, lang)
    if found := _INDICATOR.match(path):
        view = assessment.view(found.group(1))
        if view is not None:
            name = view.indicator.title
            headline = status_line(view)
            alt = _("Chart: {indicator}").format(indicator=name) + ". " + headline
            return Preview(_titled(name), one_line(headline), card_path("indicator", view.id, lang), one_line(alt, 420), path, "article")
    if found := _SPEECH.match(path):
        card = scorecard_of(assessment, found.group(1))
        if card is not None:
            title = speech_title(card.said_on)
            line = counts_line(card)
            return Preview(_titled(title), one_line(line), card_path("speech", card.said_on, lang), one_line(f"{title}. {line}", 420), path)
    if found := _CLAIM.match(path):
        preview = _claim(assessment, found.group(1), lang, path)
        if preview is not None:
            return preview
    found = _PAGE.match(path)
    if found is None:
        return Preview(_titled(_("Page not found")), one_line(overall_line(assessment)), image, alt, path)
    page = found.group(1)
    if page in (None, "claims", "speeches"):
        description = overall_line(assessment)
    else:
        description = assessment.registry.meta.description or overall_line(assessment)
    title = site_name() if page is None else _titled(_(PAGE_NAMES[page]))
    return Preview(title, one_line(description), image, one_line(alt, 420), path)


def _claim(assessment: Any, claim_id: str, lang: str, path: str) -> Preview | None:
    check = assessment.checks.get(claim_id)
    claim = next((c for c in assessment.registry.claims if c.id == claim_id), None)
    if check is None or claim is None:
        return None
    words = _("Verdict: {verdict}").format(verdict=verdict(check))
    quote, _lang, _label = lead_quote(assessment.registry, claim, lang)
    who = speaker_of(assessment.registry, claim)
    said = speech_title(check.said_on) if check.said_on else ""
    description = " · ".join(p for p in (words, who, said) if p)
    alt = f"{words}. “{quote}” — {who}"
    return Preview(
        _titled(one_line(check.text or claim_id, 90)),
        one_line(description),
        card_path("claim", claim_id, lang),
        one_line(alt, 420),
        path,
        "article",
    )


def _no_registry(path: str) -> Preview:
    return Preview(
        site_name(),
        _("The registry could not be loaded; the banner above lists why. This page updates when the file is fixed."),
        None,
        "",
        path,
    )


def tags(preview: Preview, base_url: str, lang: str) -> str:
    """The `<meta>` tags of a preview, each value escaped; `base_url` makes the addresses absolute."""
    base = base_url.rstrip("/")
    url = base + preview.path + (f"?lang={lang}" if lang != DEFAULT else "")
    pairs: list[tuple[str, str, str]] = [
        ("name", "description", preview.description),
        ("property", "og:type", preview.kind),
        ("property", "og:site_name", site_name()),
        ("property", "og:title", preview.title),
        ("property", "og:description", preview.description),
        ("property", "og:url", url),
        ("property", "og:locale", LOCALES.get(lang, LOCALES[DEFAULT])),
        *[("property", "og:locale:alternate", LOCALES[other]) for other in LANGUAGES if other != lang and other in LOCALES],
        ("name", "twitter:card", "summary_large_image" if preview.image else "summary"),
        ("name", "twitter:title", preview.title),
        ("name", "twitter:description", preview.description),
    ]
    if preview.image:
        image = base + preview.image
        pairs += [
            ("property", "og:image", image),
            ("property", "og:image:type", "image/png"),
            ("property", "og:image:width", str(CARD.width)),
            ("property", "og:image:height", str(CARD.height)),
            ("property", "og:image:alt", preview.image_alt),
            ("name", "twitter:image", image),
            ("name", "twitter:image:alt", preview.image_alt),
        ]
    return "\n        ".join(
        f'<meta {attr}="{html.escape(key, quote=True)}" content="{html.escape(value, quote=True)}">' for attr, key, value in pairs
    )


def meta_tags() -> str:
    """This request's page's preview tags (empty outside a request)."""
    if not flask.has_request_context():
        return ""
    path, lang = flask.request.path, current()
    snapshot = current_state().snapshot
    preview = _no_registry(path) if snapshot is None else preview_of(snapshot.localized(), path, lang)
    return tags(preview, flask.request.host_url, lang)


__all__ = ["LOCALES", "Preview", "meta_tags", "one_line", "preview_of", "tags"]
