"""The "Share" control of a claim card and of an indicator page: copy the link, download the card image.

The button copies an absolute link to the clipboard (assets/clientside.js: a claim's `/claim/<claim_id>`, or
an indicator page's address as it is now, with the chart's and the status tile's state the page keeps in its
query) and says "Copied" in a polite live region; where the clipboard is refused, the link is shown in a
read-only field (made by the script), selected, to copy by hand. Beside it, a link downloads the share card (web/cards.py).
Each control's name says what it shares, in the reader's language.
"""

from __future__ import annotations

from dash import html

from dashboard.i18n import _, current
from dashboard.outputs.cards import card_path


def share_control(
    kind: str, key: str, *, link: str | None, copy_hint: str, card_hint: str, group: str, field: str, dom_id: str
) -> html.Div:
    """`link`: the address to copy, in the app (made absolute in the browser); None for the page's own address now.
    The hints finish the button's and the image link's names for screen readers ("Share" + " the link to this claim");
    `group` names the control, `field` the fallback's read-only field."""
    lang = current()
    return html.Div(
        [
            html.Button(
                [_("Share"), html.Span(" " + copy_hint, className="visually-hidden")],
                type="button",
                className="btn btn-outline-primary btn-sm share-copy",
                **{
                    "data-share-path": link or "",
                    "data-copied": _("Link copied"),
                    "data-refused": _("Copying was refused: select the link below and copy it."),
                    "data-field": field,
                },
            ),
            html.A(
                [_("Card image (PNG)"), html.Span(" " + card_hint, className="visually-hidden")],
                href=card_path(kind, key, lang),
                download=f"{kind}-{key}-{lang}.png",
                className="btn btn-link btn-sm share-card-link",
            ),
            html.Span(className="small share-status", role="status", **{"aria-live": "polite"}),
        ],
        className="share-control d-flex flex-wrap align-items-center gap-2 mt-2",
        role="group",
        id=dom_id,
        **{"aria-label": group},
    )


def claim_share(claim_id: str) -> html.Div:
    """A claim card's control: the link to the claim's own page, its card image."""
    link = f"/claim/{claim_id}" + (f"?lang={current()}" if current() != "en" else "")
    return share_control(
        "claim",
        claim_id,
        link=link,
        copy_hint=_("the link to this claim"),
        card_hint=_("of this claim"),
        group=_("Share this claim"),
        field=_("The link to this claim"),
        dom_id=f"share-claim-{claim_id}",
    )


def indicator_share(indicator_id: str, title: str) -> html.Div:
    """An indicator page's control: the page's address as it is now (its chart's state), its chart's card image."""
    return share_control(
        "indicator",
        indicator_id,
        link=None,
        copy_hint=_("the link to this page, as it is shown"),
        card_hint=_("of the chart “{title}”").format(title=title),
        group=_("Share the chart “{title}”").format(title=title),
        field=_("The link to this page"),
        dom_id="share-indicator",
    )


__all__ = ["claim_share", "indicator_share", "share_control"]
