"""The one vocabulary: statuses, methods, claim results, qualifiers, and their names and colours.

Names are catalogue msgids (`N_`): the wording is the reader's language's, made where it is shown
(`_(STATUS_TEXT[code])`). Every page, chart, file and report takes its names and colours from here,
so the table and the status line cannot call one method two names.
"""

from __future__ import annotations

from typing import Literal

from dashboard.i18n import N_

Status = Literal["target_achieved", "on_track", "fair", "limited", "deterioration", "missed", "due_awaiting_data", "insufficient_data"]
STATUSES: tuple[Status, ...] = (
    "target_achieved",
    "on_track",
    "fair",
    "limited",
    "deterioration",
    "missed",
    "due_awaiting_data",
    "insufficient_data",
)
STATUS_TEXT: dict[str, str] = {
    "target_achieved": N_("target achieved"),
    "on_track": N_("on track"),
    "fair": N_("fair progress"),
    "limited": N_("limited progress"),
    "deterioration": N_("deterioration"),
    "missed": N_("target missed"),
    "due_awaiting_data": N_("due, awaiting data"),
    "insufficient_data": N_("insufficient data"),
}
# the first half of a range, "limited to fair progress"
SHORT_TEXT = {"fair": N_("fair"), "limited": N_("limited"), "on_track": N_("on track"), "deterioration": N_("deterioration")}

METHODS = ("unsd", "escap", "statcan")
METHOD_TEXT = {
    "unsd": N_("UNSD Progress Chart"),
    "escap": N_("ESCAP Current Status Index"),
    "statcan": N_("Statistics Canada / Open SDG"),
}
# the short name of a method wherever one is shown: a table's head, a tile, a status line, the summary
METHOD_SHORT = {"unsd": "UNSD", "escap": "ESCAP", "statcan": "StatCan"}

# A claim's verdict. A commitment not yet due is "in the works", with its course; once due it is kept (consistent)
# or missed (inconsistent). "By a stand-in" is a modifier of any verdict (ClaimCheck.by_stand_in), never a verdict.
Result = Literal["consistent", "inconsistent", "in_works", "unverifiable"]
RESULTS: tuple[Result, ...] = ("consistent", "inconsistent", "in_works", "unverifiable")
RESULT_TEXT = {
    "consistent": N_("consistent"),
    "inconsistent": N_("inconsistent"),
    "in_works": N_("in the works"),
    "unverifiable": N_("unverifiable"),
}
# a target claim's verdict once its year has come: the same codes, said as a commitment's
KEPT_TEXT = {"consistent": N_("kept"), "inconsistent": N_("missed")}
STAND_IN_TEXT = N_("by a stand-in")

# The course of a commitment in the works: the headline method's status, in three words a reader can act on.
Course = Literal["on_course", "off_course", "too_early"]
COURSES: tuple[Course, ...] = ("on_course", "off_course", "too_early")
COURSE_TEXT = {"on_course": N_("on course"), "off_course": N_("off course"), "too_early": N_("too early to say")}
HEADLINE_METHOD = "unsd"  # the method a target is summarised by (the UNSD Progress Chart, the most widely used)
_COURSE_OF = {
    "target_achieved": "on_course",
    "on_track": "on_course",
    "fair": "off_course",  # progress, but too slow to reach the target in time (UNSD: CR 0.5-0.95)
    "limited": "off_course",
    "deterioration": "off_course",
}


def course_of(status: str | None) -> Course:
    """The course a status gives a commitment not yet due: "fair progress" is off course, since at that pace the
    target is not reached by its year; no status (no baseline, no value since) is too early to say."""
    return _COURSE_OF.get(status or "", "too_early")  # type: ignore[return-value]


# The rating of a verdict on one scale, for the claim reviews (schema.org ClaimReview's `reviewRating`), defined once
# here and explained on /methods (#rating). It orders the verdicts by how far the published figures bear the claim
# out: contradicted (1) to borne out (5). A commitment in the works is not yet kept or missed: off course leans to
# missed (2), on course to kept (4); too early to say sits in the middle (3) with unverifiable, since in both the
# figures neither bear the claim out nor contradict it. A stand-in moves no rating: it is the same verdict, and its
# words say "by a stand-in".
RATING_WORST, RATING_BEST = 1, 5
RATINGS: dict[tuple[str, str | None], int] = {
    ("inconsistent", None): 1,
    ("in_works", "off_course"): 2,
    ("in_works", "too_early"): 3,
    ("unverifiable", None): 3,
    ("in_works", "on_course"): 4,
    ("consistent", None): 5,
}


def rating_of(result: str, course: str | None = None) -> int:
    """A verdict's place on the one rating scale (RATINGS): a commitment in the works by its course, "too early" without one."""
    if result == "in_works":
        return RATINGS[(result, course or "too_early")]
    return RATINGS[(result, None)]


MOVED_TEXT = {"up": N_("up"), "down": N_("down"), "flat": N_("flat")}  # "the data moved up, the claim says down"

# Which of a year's values counts, best first: exact, approximate, then bounds (">=" before ">": it says more).
QUALIFIER_RANK = {"=": 0, "~": 1, ">=": 2, "<=": 2, ">": 3, "<": 3}


def qualifier_rank(qualifier: str) -> int:
    """The one ranking of qualifiers: the chart, the progress and the evidence pick a year's value by it."""
    return QUALIFIER_RANK.get(qualifier, 9)


# Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour vision.
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#8C8C8C",
}
STATUS_COLOURS = {
    "target_achieved": PALETTE["green"],
    "on_track": PALETTE["blue"],
    "fair": PALETTE["sky"],
    "limited": PALETTE["orange"],
    "deterioration": PALETTE["vermillion"],
    "missed": PALETTE["vermillion"],
    "due_awaiting_data": PALETTE["grey"],
    "insufficient_data": PALETTE["grey"],
}
RESULT_COLOURS = {
    "consistent": PALETTE["green"],
    "inconsistent": PALETTE["vermillion"],
    "in_works": PALETTE["blue"],
    "unverifiable": PALETTE["grey"],
}
COURSE_COLOURS = {"on_course": PALETTE["blue"], "off_course": PALETTE["orange"], "too_early": PALETTE["sky"]}


def text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with `background` ('#RRGGBB', WCAG relative luminance): a badge's
    and a share card's verdict text on the verdict's colour."""
    channels = [int(background[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#FFFFFF"


# How a claim's quote was found (registry `found_in`): a paraphrase is weaker evidence of what was said than a quote.
FOUND_IN_TEXT = {
    "transcript": N_("quoted from the transcript"),
    "press_quote": N_("a direct quote in a press report"),
    "paraphrase": N_("a press report's paraphrase: weaker evidence of the wording"),
}
FOUND_IN_SHORT = {"transcript": N_("transcript"), "press_quote": N_("press quote"), "paraphrase": N_("paraphrase")}
# What a claim is about, across speeches (registry `topic`), in the order the Claims page lists them.
TOPIC_TEXT = {
    "cybercrime": N_("Cybercrime"),
    "juvenile_crime": N_("Juvenile crime"),
    "road_safety": N_("Road safety"),
    "grave_crimes": N_("Grave crimes"),
    "extremism": N_("Extremism"),
    "drugs": N_("Drugs"),
    "solve_rates": N_("Solve rates"),
    "street_crime": N_("Street crime"),
    "crime_overall": N_("Crime overall"),
}
# What kind of page a source is (registry `type`, models.SOURCE_TYPES), in the order the Sources page filters them.
SOURCE_TYPE_TEXT = {
    "official": N_("official statistics"),
    "ministry": N_("ministry"),
    "press": N_("press"),
    "repost": N_("re-post"),
}
SOURCE_TYPE_HINT = {
    "official": N_("official statistics or a state document on the state's own site"),
    "ministry": N_("a ministry's or agency's own page"),
    "press": N_("a news outlet's report"),
    "repost": N_("an aggregator, mirror, blog or shop re-posting another text: check the original"),
}
UNTYPED_TEXT = N_("type not given")
SOURCE_TYPE_COLOURS = {
    "official": PALETTE["blue"],
    "ministry": PALETTE["purple"],
    "press": PALETTE["grey"],
    "repost": PALETTE["yellow"],
}
