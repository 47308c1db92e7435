"""Share cards for link previews: what they say (`words`), how they look (`figures`), and their finished bytes.

`render_card` turns a card's figure into a 1200×630 PNG through a warm export renderer, with the same
provenance in its text chunks as an exported chart (export.embed).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import quote

import plotly.graph_objects as go

from dashboard.i18n import DEFAULT, current
from dashboard.outputs.cards.figures import CARD, claim_card, fit, indicator_card, speech_card
from dashboard.outputs.cards.words import counts_line, dated_scorecards, lead_quote, overall_line, scorecard_of, speaker_of
from dashboard.outputs.export.embed import embed_png
from dashboard.outputs.export.layout import software

CARD_PATH = "/card/"


def card_path(kind: str, key: str, lang: str = DEFAULT) -> str:
    """A card's address in the app: `/card/<kind>/<key>.png`, with `?lang=` for a language other than the default."""
    return f"{CARD_PATH}{kind}/{quote(key, safe='')}.png" + (f"?lang={lang}" if lang != DEFAULT else "")


def card_metadata(assessment: Any, title: str, generated: dt.datetime | None = None) -> dict[str, str]:
    """What a card's PNG says about itself: its title, language, registry and version, when it was made and by what."""
    registry = assessment.registry
    generated = (generated or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    return {
        "Title": title,
        "Language": current(),
        "Registry": f"{registry.meta.title} ({Path(registry.path).name})",
        "Registry-Version": registry.version,
        "Data-As-Of": registry.meta.as_of.isoformat(),
        "Creation Time": generated.isoformat().replace("+00:00", "Z"),
        "Software": software(),
    }


def render_card(fig: go.Figure, meta: dict[str, str], renderer: Any) -> bytes:
    """The card's PNG of exactly 1200×630 pixels, `meta` in its text chunks."""
    raw = renderer.render(fig, fmt="png", width=CARD.width, height=CARD.height, scale=CARD.scale)
    return embed_png(raw, meta)


__all__ = [
    "CARD",
    "CARD_PATH",
    "card_path",
    "card_metadata",
    "claim_card",
    "counts_line",
    "dated_scorecards",
    "fit",
    "indicator_card",
    "lead_quote",
    "overall_line",
    "render_card",
    "scorecard_of",
    "speaker_of",
    "speech_card",
]
