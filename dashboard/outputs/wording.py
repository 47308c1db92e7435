"""The one wording module: what the engine says in codes and numbers (`engine.phrases`), in the scope's language.

Each code has one catalogue template (`TEMPLATES`, msgids that `i18n_tools` extracts); `say` fills it with
its parts, each number formatted by CLDR in the reader's language, each nested phrase said in turn.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard.engine.assessment import IndicatorView, TargetView
from dashboard.engine.claims import ClaimCheck
from dashboard.engine.claimtext import subject
from dashboard.engine.derived import Derivation
from dashboard.engine.phrases import Num, Phrase
from dashboard.engine.progress import TargetProgress
from dashboard.engine.vocabulary import COURSE_TEXT, KEPT_TEXT, METHOD_SHORT, MOVED_TEXT, RESULT_TEXT, STAND_IN_TEXT
from dashboard.formatting import cldr_decimal, number, percent, percent_change, qualified, qualifier_words, with_unit
from dashboard.i18n import N_, _, current, ngettext, npgettext
from dashboard.registry.models import Registry
from dashboard.registry.texts import Local, text_in

TEMPLATES = {
    "none": "",
    "no_baseline_year": N_("no baseline year"),
    "no_baseline_value": N_("no value for the baseline year {year}"),
    "no_value_after_baseline": N_("no value after the baseline year {year}"),
    "target_not_after_baseline": N_("target year is not after the baseline year"),
    "due_no_baseline_value": N_("past due, but no value for the baseline year {year} to set the target"),
    "due_unpublished_later_published": N_(
        "due {year}: its value is not yet published; {later} is, but a later value does not decide a {year} target"
    ),
    "due_unpublished": N_("due {year}: its value is not yet published"),
    "due_met": N_("due {year}: the {year} value {value} meets the target"),
    "due_missed": N_("due {year}: the {year} value {value} misses the target {target} by {gap}"),
    # claim checks
    "no_independent_value": N_("no independent value for {years}"),
    "moved": N_("the data moved {moved}, the claim says {direction}"),
    "ratio_value": N_("ratio {value}"),
    "source_gives": N_("{source} gives {value} against the claimed {claimed}"),
    "bounds_overlap": N_("the bounds of the two values overlap"),
    "ratio_needs_positive": N_("a ratio needs a positive starting value"),
    "computed_change_range": N_("computed change {low} to {high}"),
    "computed_change": N_("computed change {low}"),
    "computed_ratio_range": N_("computed ratio {low}–{high}"),
    "computed_ratio": N_("computed ratio {low}"),
    "computed_against": N_("{computed} against the claimed {claimed}"),
    "in_works": N_("a commitment for {year}, in the works: {course} (UNSD: {status})"),
    "in_works_no_status": N_("a commitment for {year}, in the works: {course}"),
    "target_for": N_("a target for {year}"),
    "due_year": N_("due {year}"),
    "no_independent_baseline": N_("no independent value for the baseline {year}"),
    "target_value": N_("target {value}"),
    "against": N_("{result} against {values}"),
    "range_to": N_("{low} to {high}"),
    "sources_disagree": N_("sources disagree ({spans}); on the range they span: {detail}"),
    "published_change": N_("published change {year}: {values}"),
    "published_change_unclear": N_("published change {change}: the direction is not clear"),
    "published_change_moved": N_("published change {change}: {moved}"),
    "published_change_against": N_("published change {change} against the claimed {claimed}"),
    "settled_by_year": N_("the {year} value of {what} settles it"),
    "needs_year": N_("{what} for {year}{period} from an independent source"),
    "needs_years": N_("{what} for {first} and {second}{period} from an independent source"),
    "would_settle": N_("what would settle it: {missing}"),
    "or_published_change": N_(", or its published change for {year}"),
    "or_inputs": N_(" (or its inputs {inputs} for {years}, by its formula)"),
    "by_stand_in": N_("by a stand-in, {indicator}: {detail}"),
    "by_stand_in_period": N_("by a stand-in, {indicator} for {period} of each year only: {detail}"),
    "published_direction": N_("published direction {year}: {values}"),
    "published_directions_disagree": N_("the published directions disagree"),
    "trend_step": N_("{first}–{second}: {result} ({figure})"),
    "trend_held": N_("{direction} in every year from {first} to {last}"),
    "trend_broken": N_("not {direction} in {years}"),
    "trend_unsettled": N_("no value settles the step to {years}"),
    "needs_each_year": N_("{what} for every year from {first} to {last}{period} from an independent source, or its published changes"),
    "derived_point": N_("{year}: {value} (derived)"),
    # why an indicator has no change figure
    "no_figure_yet": N_("No published figure yet"),
    "no_baseline_year_value": N_("No value for the baseline year {year}"),
    "no_baseline_set": N_("No baseline set"),
    "no_later_value": N_("No later value yet"),
    "no_change_from_zero": N_("No percent change from a zero or negative value"),
    # layout only: no words to translate
    "with_values": "{shown} ({values})",
    "from_source": "{value} ({source})",
    "span": "{low}–{high}",
}
LAYOUT_ONLY = frozenset({"with_values", "from_source", "span"})  # templates with no words: never looked up in a catalogue
# codes said by a rule rather than one template: lists, plurals, words of the vocabulary, a title as a subject
SPECIAL = frozenset({"point", "years", "word", "join", "minus", "sources_count", "subject", "change_from_source", "source"})


Names = Mapping[str, str]  # source id -> publisher: how a reader is told who said it


def publishers(registry: Registry) -> dict[str, str]:
    """Every source's publisher by id: what `say` names a source by in public text (never its internal id)."""
    return {s.id: str(s.publisher) for s in registry.sources}


def say(what: Phrase | str | None, sources: Names | None = None) -> str:
    """A phrase in the scope's language; a plain text as it is; nothing as "". `sources` names each source by its
    publisher; without it a source is shown by its id (for logs and the registry's own tools)."""
    if what is None or isinstance(what, str):
        return what or ""
    if what.code in SPECIAL:
        return _special(what, sources)
    template = TEMPLATES[what.code]
    if not template:
        return ""
    parts = {k: _part(v, sources) for k, v in what.args}
    return (template if what.code in LAYOUT_ONLY else _(template)).format(**parts)


def _special(what: Phrase, sources: Names | None) -> str:
    code, arg = what.code, what.arg
    if code == "source":
        ids = arg("id").split(", ")
        return ", ".join(sources.get(i, i) for i in ids) if sources is not None else arg("id")
    if code == "point":
        shown = {"year": arg("year"), "value": _part(arg("value"), sources)}
        return _(TEMPLATES["derived_point"]).format(**shown) if arg("derived") else "{year}: {value}".format(**shown)
    if code == "years":  # '2024', '2004 and 2024' ('2024 г.', '2004 и 2024 гг.')
        years = list(arg("years"))
        shown = (
            str(years[0]) if len(years) == 1 else _("{first} and {second}").format(first=", ".join(map(str, years[:-1])), second=years[-1])
        )
        return npgettext("years", "{years}", "{years}", len(years)).format(years=shown)
    if code == "word":
        key = arg("key")
        return _({**RESULT_TEXT, **MOVED_TEXT, **COURSE_TEXT}[key])
    if code == "join":
        return arg("sep").join(say(item, sources) for item in arg("items"))
    if code == "minus":  # a computed change reads with a minus sign, not a hyphen
        return say(arg("text"), sources).replace("-", "−")
    if code == "sources_count":
        n = arg("count")
        return ngettext("{year}: {count} source", "{year}: {count} sources", n).format(year=arg("year"), count=n)
    if code == "subject":  # an indicator's title, in the scope's language when the registry gives it in several
        title = arg("title")
        return subject(text_in(title.texts, current()) if isinstance(title, Local) else title)
    if code == "change_from_source":
        period = f", {arg('period')}" if arg("period") else ""
        return f"{_part(arg('value'), sources)} ({_part(arg('source'), sources)}{period})"
    raise KeyError(code)


def _part(value: Any, sources: Names | None = None) -> str:
    if isinstance(value, Phrase):
        return say(value, sources)
    if isinstance(value, Num):
        return _number(value)
    if hasattr(value, "label"):  # a method's result: its status in words ("limited to fair progress")
        return value.label
    return str(value)


def _number(n: Num) -> str:
    if n.value is None:
        return "–"
    if n.style == "qualified":
        return qualified(n.value, n.qualifier, n.decimals, n.unit)
    if n.style == "percent":
        return percent(n.value, n.decimals)
    if n.style == "change":
        return percent_change(n.value)
    if n.style == "signed":  # '+5.2%', 'about −3.0%'
        words = qualifier_words(n.qualifier)
        return f"{words} {percent(n.value, n.decimals)}" if words else percent(n.value, n.decimals)
    if n.style == "ratio":
        return number(n.value, 3)
    return number(n.value, 0, extra=3)  # "g": the decimals it has, up to three: '9,700', '6.8'; '9 700', '6,8'


def status_line(view: IndicatorView) -> str:
    """'Status (UNSD): limited progress — methods disagree (…).', the sentence charts and files carry."""
    head = view.headline
    return target_status_line(head.result) if head else _("No target set.")


def target_status_line(result: TargetProgress) -> str:
    """The sentence charts, pages and files carry for a target."""
    if result.status == "insufficient_data":
        return _("Status: insufficient data ({reason}).").format(reason=say(result.reason))
    unsd = result.methods["unsd"]
    if result.due:  # decided by the value of the target year, not by a method
        return _("Status: {status} ({reason}).").format(status=unsd.label, reason=say(result.reason))
    if result.methods_disagree:
        others = "; ".join(f"{METHOD_SHORT[name]}: {m.label}" for name, m in result.methods.items() if name != "unsd")
        return _("Status (UNSD): {status} — methods disagree ({others}).").format(status=unsd.label, others=others)
    return _("Status (UNSD): {status}.").format(status=unsd.label)


def verdict(check: ClaimCheck, *, commitment: bool = False) -> str:
    """'consistent', 'in the works: on course', 'consistent (by a stand-in)'; a commitment once due: 'kept', 'missed'."""
    return verdict_words(check.result, check.course, stand_in=check.by_stand_in, commitment=commitment)


def verdict_words(result: str, course: str | None = None, *, stand_in: bool = False, commitment: bool = False) -> str:
    """A verdict's words from its codes (`verdict` of a check; the /methods page's rating table of codes alone)."""
    if result == "in_works":
        words = _("{result}: {course}").format(result=_(RESULT_TEXT["in_works"]), course=_(COURSE_TEXT[course or "too_early"]))
    elif commitment and result in KEPT_TEXT:
        words = _(KEPT_TEXT[result])
    else:
        words = _(RESULT_TEXT.get(result, result))
    return _("{result} ({modifier})").format(result=words, modifier=_(STAND_IN_TEXT)) if stand_in else words


def check_words(check: ClaimCheck, sources: Names | None = None) -> dict[str, Any]:
    """What a claim check says, in the scope's language: the one rendering the tables, the summary and the files share
    (`sources`: `publishers(registry)`, so that no public text names a source by its id)."""
    return {
        "figure": say(check.figure, sources),
        "detail": say(check.detail, sources),
        "verdict": verdict(check),
        "missing": say(check.missing, sources),
        "per_source": [say(s, sources) for s in check.per_source],
    }


def _digits(value: float) -> str:
    """Up to ten significant digits, grouped as the reader's language groups them: '146,150,789', '146 150 789'."""
    short = float(f"{value:.10g}")
    text = cldr_decimal(short, 0, 10, current())
    if text is None:
        from babel.numbers import format_decimal

        text = format_decimal(short, format="#,##0.##########", locale=current())
    return text.replace("-", "\u2212")


def derivation_text(derivation: Derivation, sources: Names) -> str:
    """A derived value's inputs, each source by its publisher: 'road_deaths 2024: > 14,400 (RIA Novosti); population …'."""
    parts = []
    for name, pts in derivation.inputs.items():
        years = ", ".join(str(p.year) for p in pts)
        shown = [f"{p.qualifier + ' ' if p.qualifier != '=' else ''}{_digits(p.value)} ({sources.get(p.source, p.source)})" for p in pts]
        values = _("{first} and {second}").format(first=", ".join(shown[:-1]), second=shown[-1]) if len(shown) > 1 else "".join(shown)
        parts.append(f"{name} {years}: {values}")
    return "; ".join(parts)


def ratio_text(ratio: float) -> str:
    """'÷ 1.5' for a ratio of 1/1.5 (as a decree words 'one and a half times below'), else '× 0.667'."""
    divisor = 1 / ratio
    if ratio < 1 and abs(round(divisor, 2) - divisor) < 1e-9:
        return "÷ " + number(round(divisor, 2), extra=2)
    return "× " + number(ratio, extra=3)


def target_value_text(view: IndicatorView, tv: TargetView) -> str:
    """A target's value with its unit: '9,669 deaths'; a ratio target without a baseline value, '÷ 1.5 the baseline'."""
    target, result = tv.target, tv.result
    if result.target_value is not None:
        return with_unit(number(result.target_value, view.indicator.decimals), view.indicator.unit_short)
    return _("{ratio} the baseline").format(ratio=ratio_text(target.ratio)) if target.ratio is not None else "–"


def target_derivation(view: IndicatorView, tv: TargetView) -> str:
    """How a ratio target's value is reached, and the source's own figure for it: '= 14,504 (2023) ÷ 1.5; the source
    states 9,900'. An absolute target: ''."""
    target, result, d = tv.target, tv.result, view.indicator.decimals
    if target.ratio is None or result.baseline is None or result.target_value is None:
        return ""
    text = _("= {baseline} ({year}) {ratio}").format(
        baseline=number(result.baseline.value, d), year=result.baseline.year, ratio=ratio_text(target.ratio)
    )
    if target.stated_value is not None:
        text += "; " + _("the source states {value}").format(value=number(target.stated_value, d))
    return text
