"""Claims in plain words: "Road traffic deaths fell by more than half between 2004 and 2024".

Every sentence is a catalogue template, so each language builds it its own way. The Russian
templates put the indicator's title first, as a heading is written ("Погибшие в ДТП: снижение
более чем вдвое с 2004 по 2024 год"), so the title never has to agree in case with the verb.
"""

from __future__ import annotations

from fractions import Fraction

from dashboard.formatting import number, qualifier_words, with_unit
from dashboard.i18n import _, current, ngettext, pgettext
from dashboard.registry.models import ChangeClaim, DirectionClaim, Indicator, LevelClaim, TargetClaim, TrendClaim

# a fall's qualifier is the reverse of the ratio's: a ratio below 0.5 is a fall by more than half
REVERSED = {"=": "=", "~": "~", ">": "<", "<": ">", ">=": "<=", "<=": ">="}
HALF, THIRD, TWO_THIRDS, QUARTER, THREE_QUARTERS = Fraction(1, 2), Fraction(1, 3), Fraction(2, 3), Fraction(1, 4), Fraction(3, 4)


def _fractions(way: str) -> dict[Fraction, str]:
    """Share words; a fall by half is "вдвое" in Russian, a rise by half "наполовину", so each way has its own context."""
    if way == "fall by":
        return {
            HALF: pgettext("fall by", "half"),
            THIRD: pgettext("fall by", "one-third"),
            TWO_THIRDS: pgettext("fall by", "two-thirds"),
            QUARTER: pgettext("fall by", "a quarter"),
            THREE_QUARTERS: pgettext("fall by", "three-quarters"),
        }
    return {
        HALF: pgettext("rise by", "half"),
        THIRD: pgettext("rise by", "one-third"),
        TWO_THIRDS: pgettext("rise by", "two-thirds"),
        QUARTER: pgettext("rise by", "a quarter"),
        THREE_QUARTERS: pgettext("rise by", "three-quarters"),
    }


def _by_word(qualifier: str) -> str:
    """The qualifier before a share or a multiple: "more than (half)" in English, "более чем (вдвое)" in Russian."""
    return {
        "~": pgettext("a change by", "about"),
        ">": pgettext("a change by", "more than"),
        "<": pgettext("a change by", "less than"),
        ">=": pgettext("a change by", "at least"),
        "<=": pgettext("a change by", "at most"),
    }.get(qualifier, "")


def subject(title: str) -> str:
    """'Road traffic deaths' -> 'road traffic deaths'; 'IT crimes' stays. Russian templates quote the title as written."""
    if current() != "en":
        return title
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


def _share(value: float, way: str) -> str:
    """0.5 -> 'half'; 0.3333 -> 'one-third'; 0.42 -> '42%' ('вдвое', 'на треть', 'на 42 %'); `way` is "fall by" or "rise by"."""
    for frac, word in _fractions(way).items():
        if abs(value - float(frac)) < 1e-6:
            return word
    percent = with_unit(number(float(f"{value * 100:.3g}"), 0, extra=3), "%")
    return (
        (pgettext("fall by", "{percent}") if way == "fall by" else pgettext("rise by", "{percent}"))
        .format(percent=percent)
        .format(percent=with_unit(number(float(f"{value * 100:.3g}"), 0, extra=3), "%"))
    )


def _by(qualifier: str, amount: str) -> str:
    """'more than half', 'более чем вдвое': the qualifier of a share or a multiple, in words."""
    word = _by_word(qualifier)
    return f"{word} {amount}" if word else amount


def _amount(value: float, qualifier: str, ind: Indicator | None) -> str:
    """'more than 200 bn RUB', 'более 200 млрд руб.': the value as it was said (its own decimals, never the indicator's
    padding: "200", not "200.0"), with the indicator's unit."""
    decimals = 0 if float(value).is_integer() else len(repr(float(value)).split(".")[1])
    text = with_unit(number(value, decimals), ind.unit_short if ind else "")
    words = qualifier_words(qualifier)
    return f"{words} {text}" if words else text


def _when(claim: LevelClaim | ChangeClaim | DirectionClaim | TrendClaim) -> str:
    if isinstance(claim, LevelClaim):
        if claim.period:
            return _("in {period} {year}").format(period=claim.period, year=claim.year)
        return _("in {year}").format(year=claim.year)
    if claim.period:
        return _("in {period} {year} against {period} {from_year}").format(
            period=claim.period, year=claim.to_year, from_year=claim.from_year
        )
    return _("between {from_year} and {year}").format(from_year=claim.from_year, year=claim.to_year)


def claim_text(claim: LevelClaim | ChangeClaim | DirectionClaim | TrendClaim | TargetClaim, indicator: Indicator | None) -> str:
    """The claim in plain words, from its fields (not its quote), in the current language."""
    title = indicator.title if indicator else claim.indicator
    if isinstance(claim, LevelClaim):
        return _("{title} was {amount} {when}").format(
            title=title, amount=_amount(claim.value, claim.qualifier, indicator), when=_when(claim)
        )
    if isinstance(claim, TrendClaim):
        template = _("{title} rose every year {when}") if claim.direction == "up" else _("{title} fell every year {when}")
        return template.format(title=title, when=_when(claim))
    if isinstance(claim, DirectionClaim):
        template = _("{title} rose {when}") if claim.direction == "up" else _("{title} fell {when}")
        return template.format(title=title, when=_when(claim))
    if isinstance(claim, ChangeClaim):
        ratio = claim.value if claim.measure == "ratio" else 1 + claim.value / 100
        if ratio < 1:
            amount = _by(REVERSED[claim.qualifier], _share(1 - ratio, "fall by"))
            return _("{title} fell by {amount} {when}").format(title=title, amount=amount, when=_when(claim))
        if claim.measure == "percent":
            amount = _by(claim.qualifier, pgettext("rise by", "{percent}").format(percent=with_unit(number(claim.value, 0, extra=3), "%")))
            return _("{title} rose by {amount} {when}").format(title=title, amount=amount, when=_when(claim))
        word = _by_word(claim.qualifier)
        times = int(ratio) if float(ratio).is_integer() else 2  # a fraction takes the "few" form in Russian: "в 2,5 раза"
        return ngettext(
            "{title} rose to {qualifier}{ratio} times its {from_year} level {when}",
            "{title} rose to {qualifier}{ratio} times its {from_year} level {when}",
            times,
        ).format(
            title=title, qualifier=word + " " if word else "", ratio=number(ratio, 0, extra=3), from_year=claim.from_year, when=_when(claim)
        )
    lower = indicator is None or indicator.direction != "higher_is_better"
    if claim.ratio is not None:
        falls = claim.ratio < 1
        qualifier = REVERSED[claim.qualifier] if falls else claim.qualifier
        amount = _by(qualifier, _share(abs(1 - claim.ratio), "fall by" if falls else "rise by"))
        template = (
            _("{title} must fall by {amount} from its {baseline_year} level by {year}")
            if falls
            else _("{title} must rise by {amount} from its {baseline_year} level by {year}")
        )
        return template.format(title=title, amount=amount, baseline_year=claim.baseline_year, year=claim.year)
    qualifier = claim.qualifier if claim.qualifier != "=" else ("<=" if lower else ">=")
    return _("{title} must be {amount} by {year}").format(
        title=title, amount=_amount(claim.value or 0, qualifier, indicator), year=claim.year
    )
