"""The one wording module: what the engine says in codes and numbers (`engine.phrases`), in the scope's language.

Each code has one catalogue template (`TEMPLATES`, msgids that `i18n_tools` extracts); `say` fills it with
its parts, each number formatted by CLDR in the reader's language, each nested phrase said in turn.
"""

from __future__ import annotations

from typing import Any

from dashboard.engine.assessment import IndicatorView
from dashboard.engine.phrases import Num, Phrase
from dashboard.engine.progress import TargetProgress
from dashboard.engine.vocabulary import METHOD_SHORT
from dashboard.formatting import number, percent, percent_change, qualified
from dashboard.i18n import N_, _

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
}


def say(what: Phrase | str | None) -> str:
    """A phrase in the scope's language; a plain text as it is; nothing as ""."""
    if what is None or isinstance(what, str):
        return what or ""
    template = TEMPLATES[what.code]
    return _(template).format(**{k: _part(v) for k, v in what.args}) if template else ""


def _part(value: Any) -> str:
    if isinstance(value, Phrase):
        return say(value)
    if isinstance(value, Num):
        return _number(value)
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
