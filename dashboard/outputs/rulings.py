"""A ruling per claim, written for a reader: what was claimed, what the best evidence shows, and why the verdict follows.

Two or three sentences, in the scope's language, built from the check's codes and numbers. Numbers are said as a
person says them: the indicator's unit, no trailing zeros ("205 bn RUB", "23%"), changes in whole percent from 10%
up ("fell 58%"). Sources are named by their publisher, with their address: `Ref` pieces, which a page makes
links and a file writes as the publisher's name. No internal id appears in a ruling.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.engine.assessment import Assessment
from dashboard.engine.claims import ClaimCheck
from dashboard.engine.claimtext import subject
from dashboard.engine.progress import Point
from dashboard.engine.vocabulary import COURSE_TEXT, METHOD_SHORT
from dashboard.formatting import number, qualifier_words, with_unit
from dashboard.i18n import _, ngettext
from dashboard.outputs.wording import publishers, say
from dashboard.registry.models import ChangeClaim, DirectionClaim, Indicator, LevelClaim, TargetClaim


@dataclass(frozen=True)
class Ref:
    """A source named in a ruling: its publisher, linked to its page."""

    publisher: str
    url: str | None


Piece = str | Ref
Sentence = tuple[Piece, ...]


def spoken(value: float, qualifier: str, ind: Indicator | None, *, unit: bool = True) -> str:
    """'205 bn RUB', 'about 23%', 'more than 14,400 deaths': the indicator's unit, its decimals only where the value has them."""
    text = number(value, 0, extra=ind.decimals if ind else 0)
    text = with_unit(text, str(ind.unit_short)) if (ind and unit) else text
    words = qualifier_words(qualifier)
    return f"{words} {text}" if words else text


def spoken_change(percent: float) -> str:
    """'58%' for a fall or rise of 58.3%, '5.4%' below ten: a change as a person says it (no sign: the verb carries it)."""
    size = abs(percent)
    return with_unit(number(size, 0 if size >= 10 else 1), "%")


def _refs(assessment: Assessment, p: Point) -> list[Piece]:
    """The publishers behind a value: one, or several for a derived value, joined by commas."""
    out: list[Piece] = []
    for sid in p.sources:
        source = assessment.registry.source(sid)
        if out:
            out.append(", ")
        out.append(Ref(str(source.publisher), str(source.url)) if source else Ref(_("an unnamed source"), None))
    return out


def _value_at(assessment: Assessment, p: Point, ind: Indicator | None) -> list[Piece]:
    """'205 bn RUB in 2024 (Kommersant)'."""
    when = f"{p.period} {p.year}" if p.period else str(p.year)
    return [_("{value} in {year}").format(value=spoken(p.value, p.qualifier, ind), year=when), " (", *_refs(assessment, p), ")"]


def _evidence(assessment: Assessment, claim, check: ClaimCheck, ind: Indicator | None) -> Sentence:
    levels = [p for p in check.values if p.kind == "level"]
    changes = [p for p in check.values if p.kind == "change"]
    if changes:
        parts: list[Piece] = [
            _("Published changes on the year before: ") if len(changes) > 1 else _("Published change on the year before: ")
        ]
        for i, p in enumerate(changes):
            parts += ["; " if i else "", _signed(p.value, p.qualifier), f" ({p.period} {p.year}, " if p.period else f" ({p.year}, "]
            parts += [*_refs(assessment, p), ")"]
        return (*parts, ".")
    if not levels:
        return ()
    parts = [_("The best independent figures: ") if len(levels) > 1 else _("The best independent figure: ")]
    for i, p in enumerate(sorted(levels, key=lambda q: (q.year, q.value))):
        parts += ["; " if i else "", *_value_at(assessment, p, ind)]
    years = sorted({p.year for p in levels})
    if isinstance(claim, (ChangeClaim, DirectionClaim)) and len(years) == 2:
        first = [p for p in levels if p.year == years[0]]
        last = [p for p in levels if p.year == years[1]]
        low = min(p.low for p in last) / max(p.high for p in first)
        high = max(p.high for p in last) / min(p.low for p in first)
        parts.append(_change_words(low, high, years))
    return (*parts, ".")


def _signed(value: float, qualifier: str) -> str:
    words = qualifier_words(qualifier)
    text = ("+" if value > 0 else "−" if value < 0 else "") + spoken_change(value)
    return f"{words} {text}" if words else text


def _change_words(low: float, high: float, years: list[int]) -> str:
    """': a fall of 58% from 2004 to 2024', ': a rise of 13% to 15% …'."""
    lo, hi = (low - 1) * 100, (high - 1) * 100
    span = years[0], years[1]
    if hi < 0:
        amount = spoken_change(hi) if abs(hi - lo) < 0.5 else _("{low} to {high}").format(low=spoken_change(hi), high=spoken_change(lo))
        return _(": a fall of {amount} from {first} to {last}").format(amount=amount, first=span[0], last=span[1])
    if lo > 0:
        amount = spoken_change(lo) if abs(hi - lo) < 0.5 else _("{low} to {high}").format(low=spoken_change(lo), high=spoken_change(hi))
        return _(": a rise of {amount} from {first} to {last}").format(amount=amount, first=span[0], last=span[1])
    return _(": between {first} and {last} the change is too small to tell its direction").format(first=span[0], last=span[1])


def _target_sentence(assessment: Assessment, claim: TargetClaim, check: ClaimCheck, ind: Indicator | None) -> Sentence:
    view = assessment.views.get(claim.indicator)
    tv = view.target(claim.target) if (view and claim.target) else None
    if tv is None or tv.result.latest is None:
        return (_("No value since the baseline has been published to rate the progress."),)
    result, latest = tv.result, tv.result.latest
    goal = spoken(result.target_value, "=", ind) if result.target_value is not None else "–"
    parts: list[Piece] = [
        _("The latest value: "),
        *_value_at(assessment, latest, ind),
        _(", against a target of {goal} by {year}").format(goal=goal, year=result.target_year),
    ]
    if result.baseline is not None:
        parts.append(_(" from {value} in {year}").format(value=spoken(result.baseline.value, "=", ind), year=result.baseline.year))
    return (*parts, ".")


def _why(assessment: Assessment, claim, check: ClaimCheck) -> Sentence:
    if check.result == "in_works":
        course = _(COURSE_TEXT[check.course or "too_early"])
        text = _("The commitment is not yet due: it is in the works, {course} by the UNSD method").format(course=course)
        if check.methods_disagree:
            others = ", ".join(f"{METHOD_SHORT[m]}: {_(COURSE_TEXT[c])}" for m, c in check.courses.items() if m != "unsd")
            text += _(" (the methods disagree: {others})").format(others=others)
        return (text + ".",)
    if check.result == "unverifiable":
        if check.values:
            return (_("The figures cannot tell the claim from its opposite, so it is unverifiable."),)
        return ()
    held = check.result == "consistent"
    if isinstance(claim, TargetClaim):
        return (_("The target year has come and the value meets the target: kept.") if held else _("The target year has come: missed."),)
    return (_("So the figures bear the claim out: consistent.") if held else _("So the figures contradict the claim: inconsistent."),)


def _stand_in(assessment: Assessment, claim, check: ClaimCheck) -> Sentence:
    other = assessment.registry.indicator(check.stand_in or "")
    title = subject(str(other.title)) if other else _("a related indicator")
    reason = str(claim.stand_in.reason) if claim.stand_in else ""
    return (
        _(
            "No figure for the claimed measure itself was found, so {title} stands in for it ({reason}); the verdict holds only as "
            "far as the two measure the same thing."
        ).format(title=title, reason=reason),
    )


def ruling(assessment: Assessment, claim: LevelClaim | ChangeClaim | DirectionClaim | TargetClaim) -> tuple[Sentence, ...]:
    """The ruling of one claim of a localized assessment (`claim` from its registry), as sentences of text and source references."""
    check = assessment.checks[claim.id]
    ind = (
        assessment.registry.indicator(check.stand_in or claim.indicator)
        if check.by_stand_in
        else assessment.registry.indicator(claim.indicator)
    )
    sentences: list[Sentence] = [(_("Claimed: {text}.").format(text=check.text),)] if check.text else []
    if check.by_stand_in:
        sentences.append(_stand_in(assessment, claim, check))
    if isinstance(claim, TargetClaim) and check.result == "in_works":
        sentences.append(_target_sentence(assessment, claim, check, ind))
    else:
        sentences.append(_evidence(assessment, claim, check, ind))
    if check.result == "unverifiable" and not check.values:
        sentences.append(
            (
                _("No independent figure for it was found in the sources searched. What would settle it: {missing}.").format(
                    missing=say(check.missing, publishers(assessment.registry))
                ),
            )
        )
    elif len({p.source for p in check.values}) > 1 and check.per_source:
        n = len({p.source for p in check.values})
        sentences.append(
            (
                ngettext("{count} source gives values; ", "{count} sources give values; ", n).format(count=n)
                + _("the verdict is taken on the range they span."),
            )
        )
    sentences.append(_why(assessment, claim, check))
    return tuple(s for s in sentences if s)


def ruling_text(assessment: Assessment, claim: LevelClaim | ChangeClaim | DirectionClaim | TargetClaim) -> str:
    """The ruling as plain text, each source by its publisher's name: the CSVs', the summary's and the briefing's."""
    return " ".join("".join(p if isinstance(p, str) else p.publisher for p in sentence) for sentence in ruling(assessment, claim))
