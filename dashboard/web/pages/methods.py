"""How verdicts and statuses are reached, `/methods`: one paragraph per verdict and per status, each with an anchor
that every badge links to (`badge_href`). The thresholds are read from `engine.progress.BANDS`, so the page cannot
drift from the code that applies them."""

from __future__ import annotations

from typing import Any

from dash import html

from dashboard.engine.claims import APPROX_TOLERANCE
from dashboard.engine.progress import BANDS
from dashboard.engine.vocabulary import (
    COURSE_TEXT,
    HEADLINE_METHOD,
    KEPT_TEXT,
    METHOD_SHORT,
    METHOD_TEXT,
    METHODS,
    RATING_BEST,
    RATING_WORST,
    RATINGS,
    RESULTS,
    STAND_IN_TEXT,
    STATUS_TEXT,
    STATUSES,
)
from dashboard.formatting import number
from dashboard.i18n import N_, _
from dashboard.outputs.wording import verdict_words
from dashboard.web.components import in_page_language, result_badge, status_badge, table

VERDICT_TEXT = {
    "consistent": N_(
        "The independent evidence fits the claim: what the sources show lies within what the claim's words allow. "
        "A commitment whose year has come and that was met reads “{kept}”."
    ),
    "inconsistent": N_(
        "The independent evidence contradicts the claim: what the sources show lies outside what the claim's words allow. "
        "A commitment whose year has come and that was not met reads “{missed}”."
    ),
    "in_works": N_(
        "A commitment not yet due. Its course is the target's status by the headline method ({method}): “{on}” when it is on "
        "track or already met; “{off}” when progress is fair, limited or going the wrong way, since at that pace the target "
        "is not reached by its year; “{early}” when no value has been published since the baseline. Where the methods "
        "disagree, the claim says so."
    ),
    "unverifiable": N_(
        "The registry holds no independent figure that settles the claim. The ruling names the figure that would settle it: "
        "each was searched for in the public pages the registry draws on, and not found."
    ),
}

STATUS_MEANING = {
    "target_achieved": N_("The latest value has reached the target."),
    "on_track": N_("At the pace since the baseline, the target is reached by its year."),
    "fair": N_("Progress, but too slow to reach the target by its year."),
    "limited": N_("Little progress, or a small move the wrong way."),
    "deterioration": N_("The value has moved away from the target."),
    "missed": N_("The target's year has come, and its value did not reach the target."),
    "due_awaiting_data": N_("The target's year has come; its value is not published yet."),
    "insufficient_data": N_("No baseline value, or no value since the baseline: nothing to measure progress by."),
}

METHOD_FORMULA = {
    "unsd": N_(
        "The ratio of the actual annual rate of change since the baseline to the rate the target requires "
        "(compound rates; linear changes when a value is zero or below)."
    ),
    "escap": N_("The share of the way from the baseline to the target covered so far, over the share of the time elapsed."),
    "statcan": N_(
        "The same ratio of actual to required annual rates as UNSD's, with Statistics Canada's thresholds as Open SDG applies them."
    ),
}


def badge_href(kind: str, code: str) -> str:
    """The anchor a badge links to: '#verdict-consistent', '#status-fair'."""
    return f"#{kind}-{code}"


def _n(value: float) -> str:
    return number(value, 2)


def _bands_table() -> Any:
    head = [_("Status"), *[_(METHOD_TEXT[m]) for m in METHODS]]
    rows = []
    statuses = [s for _lowest, s in BANDS[HEADLINE_METHOD]] + ["deterioration"]
    for status in statuses:
        cells: list = [_(STATUS_TEXT[status])]
        for m in METHODS:
            bands = BANDS[m]
            i = next((k for k, (_lowest, s) in enumerate(bands) if s == status), None)
            if i is None:
                cells.append(_("below {low}").format(low=_n(bands[-1][0])))
            elif i == 0:
                cells.append(_("{low} or more").format(low=_n(bands[0][0])))
            else:
                cells.append(_("{low} to {high}").format(low=_n(bands[i][0]), high=_n(bands[i - 1][0])))
        rows.append(cells)
    return table(head, rows, caption=_("Where each method draws its lines (the score, with 1 the pace the target needs)"))


def _verdicts() -> list:
    out: list = [
        html.H2(_("Claims: the verdicts"), id="verdicts", className="h4 mt-4"),
        html.P(
            _(
                "Each claim is restated as something the registry can test: a value in a year, a change between two years, "
                "a direction, a trend (every year-on-year step the same way), or a commitment (a target by a year). Only values "
                "from sources other than the claim's own count as evidence: a figure quoted in the same speech cannot confirm it."
            )
        ),
        html.P(
            _(
                "A stated figure is read as a person means it: “more than 14.4 thousand” lies between 14,400 and 14,500; "
                "“about 23%” accepts 23% give or take {tolerance}% of it, or half its rounding unit where that is larger; "
                "a figure for part of a year is compared only with the same months of another year."
            ).format(tolerance=number(APPROX_TOLERANCE * 100))
        ),
    ]
    words = {
        "kept": _(KEPT_TEXT["consistent"]),
        "missed": _(KEPT_TEXT["inconsistent"]),
        "method": METHOD_SHORT[HEADLINE_METHOD],
        "on": _(COURSE_TEXT["on_course"]),
        "off": _(COURSE_TEXT["off_course"]),
        "early": _(COURSE_TEXT["too_early"]),
    }
    for result in RESULTS:
        out.append(
            html.Div(
                [html.H3(result_badge(result, link=False), className="h6 mb-1"), html.P(_(VERDICT_TEXT[result]).format(**words))],
                id=badge_href("verdict", result)[1:],
                className="method-entry",
            )
        )
    out += [
        html.H3(_("By a stand-in"), id="stand-in", className="h5 mt-3"),
        html.P(
            _(
                "When the claimed figure itself is not published, a related measure the registry names, with its reason, may "
                "serve: a court statistic for repeat crimes, or the same months of each year for a full-year figure. A verdict "
                "reached that way says “{stand_in}”, is counted inside its verdict (hatched on the scorecards), and its ruling "
                "says how the stand-in differs from what was claimed."
            ).format(stand_in=_(STAND_IN_TEXT))
        ),
        html.H3(_("When sources disagree"), id="disputed", className="h5 mt-3"),
        html.P(
            _(
                "Where sources give one year different values, the verdict is taken on the range they span: a verdict stands "
                "when every source gives it, and the ruling lists the verdict against each source."
            )
        ),
    ]
    return out + _rating()


def _rating() -> list:
    """The one rating scale of the claim reviews (engine.vocabulary.RATINGS), said and tabled."""
    rows = [[verdict_words(result, course), str(value)] for (result, course), value in sorted(RATINGS.items(), key=lambda kv: kv[1])]
    return [
        html.H3(_("The rating of a verdict, in the claim reviews"), id="rating", className="h5 mt-3"),
        html.P(
            _(
                "Each ruling is also published as a claim review (schema.org ClaimReview), the markup search engines and "
                "fact-checking tools read: in the code of the Claims page, of each speech's page and of each claim's page, "
                "and in the feed /download/claimreview.json. There a verdict also has a number, from {worst} (the figures "
                "contradict the claim) to {best} (they bear it out). A commitment in the works is neither kept nor missed yet: "
                "off course stands at {off}, leaning to missed, and on course at {on}, leaning to kept. Too early to say stands at {early} "
                "with unverifiable: in both, the figures neither bear the claim out nor contradict it. A verdict reached by a "
                "stand-in keeps its verdict's number, and its words say “{stand_in}”."
            ).format(
                worst=RATING_WORST,
                best=RATING_BEST,
                off=RATINGS[("in_works", "off_course")],
                on=RATINGS[("in_works", "on_course")],
                early=RATINGS[("in_works", "too_early")],
                stand_in=_(STAND_IN_TEXT),
            )
        ),
        table([_("Verdict"), _("Rating")], rows, class_name="rating-table", caption=_("The rating of each verdict in the claim reviews")),
    ]


def _statuses() -> list:
    out: list = [
        html.H2(_("Targets: progress and status"), id="statuses", className="h4 mt-4"),
        html.P(
            _(
                "A target has a baseline (a value in a year) and a value to reach by its year. Its progress is measured on the "
                "latest full-year value after the baseline, by three methods; the headline status is {method}'s. A value known "
                "only within bounds is rated at both ends, and the status reads as a range."
            ).format(method=METHOD_SHORT[HEADLINE_METHOD])
        ),
    ]
    for m in METHODS:
        out.append(
            html.Div(
                [html.H3(_(METHOD_TEXT[m]), className="h6 mb-1"), html.P(_(METHOD_FORMULA[m]))],
                id=f"method-{m}",
                className="method-entry",
            )
        )
    out.append(_bands_table())
    for status in STATUSES:
        out.append(
            html.Div(
                [html.H3(status_badge(status, link=False), className="h6 mb-1"), html.P(_(STATUS_MEANING[status]))],
                id=badge_href("status", status)[1:],
                className="method-entry",
            )
        )
    unsd, escap, statcan = (BANDS[m] for m in METHODS)
    out += [
        html.H3(_("Why the methods may disagree"), id="disagree", className="h5 mt-3"),
        html.P(
            _(
                "UNSD and Statistics Canada compare compound annual rates, which expect the same percentage fall every year; "
                "ESCAP compares the share of the distance covered with the share of the time elapsed, which expects the same "
                "absolute fall every year. Halfway to a target of halving, a value 25% below the baseline is therefore on track "
                "for ESCAP and only fair progress for UNSD. Their lines differ too: fair progress starts at {unsd_fair} for UNSD "
                "and ESCAP and at {statcan_fair} for Statistics Canada; deterioration begins below {unsd_low} for UNSD and below "
                "{escap_low} for the others. Where they disagree, the page shows each method's status beside the headline."
            ).format(unsd_fair=_n(unsd[1][0]), statcan_fair=_n(statcan[1][0]), unsd_low=_n(unsd[-1][0]), escap_low=_n(escap[-1][0]))
        ),
    ]
    return out


@in_page_language
def layout(lang: str | None = None, **_query: Any) -> html.Div:
    return html.Div(
        [
            html.H1(_("How the verdicts and statuses are reached"), className="h3"),
            html.P(
                _(
                    "Every verdict on a claim and every status of a target on these pages follows the rules below. "
                    "Each badge links to its paragraph here."
                ),
                className="lead",
            ),
            *_verdicts(),
            *_statuses(),
        ],
        id="methods-page",
    )


def title(**_kwargs: Any) -> str:
    return _("How the verdicts are reached")
