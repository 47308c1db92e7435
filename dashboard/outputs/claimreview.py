"""schema.org `ClaimReview`s of the claims: the markup fact-checkers publish and search engines read.

One review a claim, every verdict included (unverifiable too), in one language (an argument): its words
(the verdict's, the ruling's, the publisher's name) are that language's; `claimReviewed` is the quote as
said. Pure: the address of the dashboard (`root`, e.g. "https://example.org/") comes in, as does the
assessment; nothing here sees a request.

- `claimReviewed`: the quote in its original language, Russian: the claim's quote when it is Russian, else the
  same words in Russian as another source quotes them (`also_quoted`); only where no Russian version was found,
  the words as their source published them (a translation of ours is never given as the speaker's words).
- `itemReviewed`: a `Claim` by its speaker (the claim's `said_by`, else the registry's `meta.speaker`), dated
  the day of the speech, whose `appearance` is the page the quote was read on (the claim's source).
- `reviewRating`: the verdict in words (`wording.verdict`) and its place on the one scale
  (`engine.vocabulary.RATINGS`, explained on /methods#rating).
- `author`: the registry's `meta.publisher`; `datePublished`: `meta.as_of`, the day the data the rulings stand
  on were last checked. The version is a hash of the files, with no date of its own, and the time a server
  loaded it differs between servers and restarts: `as_of` is the one date the registry gives its rulings.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dashboard.engine.assessment import Assessment, localize
from dashboard.engine.vocabulary import RATING_BEST, RATING_WORST, rating_of
from dashboard.i18n import _, use_language
from dashboard.outputs.quotes import ORIGINAL_LANGUAGE
from dashboard.outputs.rulings import ruling_text
from dashboard.outputs.wording import verdict
from dashboard.registry.texts import written_in

CONTEXT = "https://schema.org"


def claim_url(root: str, claim_id: str, lang: str) -> str:
    """The absolute address of a claim's page in `lang`: 'https://example.org/claim/street_crime_down?lang=ru'."""
    return f"{root.rstrip('/')}/claim/{claim_id}" + ("" if lang == "en" else f"?lang={lang}")


def claimed_words(claim: Any) -> str:
    """The quote in its original language where the registry has it; else the words as their source published them."""
    originals = [claim.quote, *(other.quote for other in getattr(claim, "also_quoted", ()))]
    return next((text for text in originals if written_in(text) == ORIGINAL_LANGUAGE), claim.quote)


def _publisher(registry: Any) -> dict[str, Any]:
    publisher = registry.meta.publisher
    name = str(publisher.name) if publisher is not None else _("Crime statistics: claims and targets")
    out: dict[str, Any] = {"@type": "Organization", "name": name}
    if publisher is not None and publisher.url:
        out["url"] = publisher.url
    return out


def _speaker(registry: Any, claim: Any) -> dict[str, Any] | None:
    name = claim.said_by or registry.meta.speaker
    return {"@type": "Person", "name": name} if name else None


def _item(registry: Any, claim: Any, check: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    speaker = _speaker(registry, claim)
    if speaker is not None:
        item["author"] = speaker
    if check.said_on:
        item["datePublished"] = check.said_on
    source = registry.source(claim.source)
    if source is not None:
        # `appearance`, not `firstAppearance`: a press report is one place the words appeared, not necessarily the first
        publisher = {"@type": "Organization", "name": source.publisher}
        item["appearance"] = {"@type": "CreativeWork", "url": source.url, "name": str(source.title), "publisher": publisher}
    if check.text:
        item["name"] = check.text
    return item


def review(assessment: Assessment, claim_id: str, root: str) -> dict[str, Any]:
    """One claim's ClaimReview, in the language of the (localized) `assessment`."""
    registry, check = assessment.registry, assessment.checks[claim_id]
    claim = next(c for c in registry.claims if c.id == claim_id)
    rating = {
        "@type": "Rating",
        "ratingValue": rating_of(check.result, check.course),
        "bestRating": RATING_BEST,
        "worstRating": RATING_WORST,
        "alternateName": verdict(check),
    }
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": claim_url(root, claim_id, assessment.lang),
        "inLanguage": assessment.lang,
        "claimReviewed": claimed_words(claim),
        "itemReviewed": _item(registry, claim, check),
        "reviewRating": rating,
        "reviewBody": ruling_text(assessment, claim),
        "author": _publisher(registry),
        "datePublished": registry.meta.as_of.isoformat(),
    }


def by_claim(assessment: Assessment, lang: str, root: str) -> dict[str, dict[str, Any]]:
    """Every claim's ClaimReview in `lang`, by claim id, in the registry's order."""
    shown = localize(assessment, lang)
    with use_language(lang):
        return {c.id: review(shown, c.id, root) for c in shown.registry.claims if c.id in shown.checks}


def reviews(assessment: Assessment, lang: str, root: str, claim_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The ClaimReviews of `claim_ids` (every claim, in the registry's order, by default) in `lang`."""
    everything = by_claim(assessment, lang, root)
    wanted = set(claim_ids) if claim_ids is not None else set(everything)
    return [r for cid, r in everything.items() if cid in wanted]


def feed(assessment: Assessment, lang: str, root: str) -> dict[str, Any]:
    """Every review as a schema.org `DataFeed` in `lang`, dated and versioned like the registry."""
    registry = localize(assessment, lang).registry
    elements = [{k: v for k, v in r.items() if k != "@context"} for r in reviews(assessment, lang, root)]
    with use_language(lang):
        name = _("Claim reviews: {title}").format(title=str(registry.meta.title))
    return {
        "@context": CONTEXT,
        "@type": "DataFeed",
        "name": name,
        "inLanguage": lang,
        "url": f"{root.rstrip('/')}/download/claimreview.json" + ("" if lang == "en" else f"?lang={lang}"),
        "dateModified": registry.meta.as_of.isoformat(),
        "version": registry.version,
        "publisher": _publisher(registry),
        "dataFeedElement": elements,
    }


__all__ = ["CONTEXT", "by_claim", "claim_url", "claimed_words", "feed", "review", "reviews"]
