"""The Table Schema of each table of the data package: its fields (type, description, allowed values), keys, references.

A field whose unit depends on its indicator says so, and names each indicator's unit as the registry gives it
(`{units}` is filled from the registry by `table_schema`); a field with a fixed meaning says what it is measured
in. The field names are the CSV columns, in order (tests/test_package.py reads both).
"""

from __future__ import annotations

from typing import Any

from dashboard.engine.vocabulary import COURSES, METHODS, RESULTS, STATUSES
from dashboard.registry.fields import KINDS, QUALIFIER_WORDS
from dashboard.registry.models import FOUND_IN, SOURCE_TYPES, TOPICS, Registry

DIRECTIONS = ["lower_is_better", "higher_is_better", "neutral"]
CLAIM_KINDS = ["level", "change", "direction", "trend", "target"]
UNIT = "In the unit of its indicator (indicators.csv, column unit): {units}."
SAME_UNIT = "In the same unit as value."


def _f(name: str, type_: str, description: str, *, enum: list[str] | None = None, required: bool = False, **extra: Any) -> dict:
    field: dict[str, Any] = {"name": name, "type": type_, "description": description, **extra}
    constraints: dict[str, Any] = {}
    if enum is not None:
        constraints["enum"] = list(enum)
    if required:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


_YEAR = "A calendar year."
_ID = "Indicator id (indicators.csv)."
_SOURCE = "Source id (sources.csv)."

FIELDS: dict[str, list[dict]] = {
    "indicators": [
        _f("indicator", "string", "Indicator id.", required=True),
        _f("title", "string", "The indicator's title."),
        _f("area", "string", "Id of the area the indicator belongs to."),
        _f("area_title", "string", "The area's title."),
        _f("unit", "string", "The unit every value, baseline and target of the indicator is in."),
        _f("unit_short", "string", "The unit as charts and tables abbreviate it."),
        _f("direction", "string", "Which way is better: neutral for context figures (population).", enum=DIRECTIONS),
        _f("decimals", "integer", "Decimal places the dashboard shows the values with."),
        _f("minimum", "number", "Smallest possible value, in the indicator's unit; empty: none."),
        _f("limit", "number", "Largest possible value, in the indicator's unit (100 for a percentage); empty: none."),
        _f("derived_formula", "string", "For an indicator computed from others: its formula over their ids; empty otherwise."),
        _f("description", "string", "What the indicator counts, and how."),
    ],
    "observations": [
        _f("indicator", "string", _ID, required=True),
        _f("year", "integer", "The calendar year the value is for.", required=True),
        _f("period", "string", "Months covered when not the full year ('Jan-Sep'); empty: the full year."),
        _f(
            "kind",
            "string",
            "level: the value itself; change: a published percent change on the year before; direction: a published direction"
            " (1 rose, -1 fell).",
            enum=list(KINDS),
        ),
        _f("value", "number", "The value. " + UNIT + " A change row is in percent; a direction row is 1 or -1.", required=True),
        _f("qualifier", "string", "How the source qualifies the value.", enum=list(QUALIFIER_WORDS.values())),
        _f("low", "number", "The least the value can be, as the dashboard reads its qualifier; in the same unit as value."),
        _f("high", "number", "The most the value can be, as the dashboard reads its qualifier; in the same unit as value."),
        _f("derived", "boolean", "true: computed by the indicator's formula from other indicators' values, not published."),
        _f("unit", "string", "The indicator's unit, as in indicators.csv."),
        _f("source", "string", _SOURCE + " Empty for a derived value: see input_sources."),
        _f("source_publisher", "string", "Who publishes the source (for a derived value: its inputs' publishers, '; '-joined)."),
        _f("source_url", "string", "The source's address (for a derived value: its inputs' addresses, space-separated)."),
        _f("note", "string", "A note on the value; for a derived value, its formula and inputs."),
        _f("quote", "string", "The source's exact words for the value."),
        _f("input_sources", "string", "For a derived value: the source ids of its inputs, ', '-joined; empty otherwise."),
    ],
    "targets": [
        _f("indicator", "string", _ID, required=True),
        _f("target", "string", "Target id, unique within its indicator.", required=True),
        _f("label", "string", "The target's label."),
        _f("year", "integer", "The year the target is due.", required=True),
        _f("value", "number", "The target value: given, or the baseline value times ratio. " + UNIT),
        _f("ratio", "number", "For a target given as a ratio to the baseline value: that ratio (no unit); empty otherwise."),
        _f("baseline_year", "integer", _YEAR + " The year progress is measured from."),
        _f("baseline_value", "number", "The value in the baseline year. " + SAME_UNIT),
        _f("latest_year", "integer", _YEAR + " The latest full year with a value that enters progress."),
        _f("latest_value", "number", "That year's value. " + SAME_UNIT),
        _f(
            "rate_kind",
            "string",
            "compound: rates are compound annual growth rates; linear: changes per year.",
            enum=["compound", "linear"],
        ),
        _f(
            "required_rate",
            "number",
            "The annual rate that reaches the target by its year: a fraction per year (compound), the indicator's unit per year (linear).",
        ),
        _f("actual_rate", "number", "The annual rate from the baseline to the latest value, in the same terms as required_rate."),
        _f("projected_value", "number", "The value projected for the target year from the actual rate. " + SAME_UNIT),
        _f("status", "string", "The headline status: the UNSD Progress Chart method's (statuses.csv has all three).", enum=list(STATUSES)),
        _f("headline", "boolean", "true: the target the indicator is summarised by."),
        _f("due", "boolean", "true: past due; the status is decided by the value of the target year."),
        _f("gap", "number", "Past due: the target year's value minus the target value (signed). " + SAME_UNIT),
        _f("reason", "string", "Why the status is what it is, when it is past due or lacks data."),
        _f("source", "string", _SOURCE, required=True),
        _f("quote", "string", "The source's exact words for the target."),
        _f("note", "string", "A note on the target."),
    ],
    "statuses": [
        _f("indicator", "string", _ID, required=True),
        _f("target", "string", "Target id (targets.csv, with indicator).", required=True),
        _f(
            "method",
            "string",
            "unsd: UNSD Progress Chart; escap: ESCAP Current Status Index; statcan: Statistics Canada / Open SDG.",
            enum=list(METHODS),
        ),
        _f("status", "string", "The method's status, as a code.", enum=list(STATUSES)),
        _f("status_text", "string", "The status in words."),
        _f("label", "string", "The status as the dashboard shows it: a range ('limited to fair progress') when a bounded value spans two."),
        _f(
            "score",
            "number",
            "The method's score, no unit: unsd, CR = actual CAGR / required CAGR; escap, the share of the way from baseline to target"
            " over the share of time elapsed; statcan, actual CAGR / required CAGR. Empty when there is none.",
        ),
        _f("status_low", "string", "For a bounded latest value: the status at its low end.", enum=list(STATUSES)),
        _f("status_high", "string", "For a bounded latest value: the status at its high end.", enum=list(STATUSES)),
        _f("headline_method", "boolean", "true: the method targets are summarised by (UNSD Progress Chart)."),
    ],
    "claims": [
        _f("claim", "string", "Claim id.", required=True),
        _f("indicator", "string", _ID, required=True),
        _f("indicator_title", "string", "The indicator's title."),
        _f("kind", "string", "What the claim says: a level, a change, a direction, a trend or a target.", enum=CLAIM_KINDS),
        _f("said_on", "date", "The date of the speech the claim was made in."),
        _f("said_by", "string", "Who made the claim, when the source reports a speech."),
        _f("source", "string", _SOURCE + " Where the quote was read.", required=True),
        _f("source_publisher", "string", "Who publishes the source."),
        _f("source_url", "string", "The source's address."),
        _f("quote", "string", "The claim's exact words, in their original language."),
        _f("quote_language", "string", "The quote's language (two letters)."),
        _f("quote_translation", "string", "The quote in the other language."),
        _f("quote_translation_by", "string", "official: a published translation; ours: the dashboard's.", enum=["official", "ours"]),
        _f("quote_checked", "boolean", "true: the quote was found verbatim in the source's stored document."),
        _f("text", "string", "What the claim says, in plain words."),
        _f("ruling", "string", "The ruling, in one sentence."),
        _f("verdict", "string", "The verdict in words, with 'by a stand-in' where a related indicator was the evidence."),
        _f("result", "string", "The verdict as a code; every claim has one, unverifiable included.", enum=list(RESULTS), required=True),
        _f("course", "string", "For a commitment not yet due: its course by the headline method.", enum=list(COURSES)),
        _f("figure", "string", "The figure the dashboard computed to test the claim, in words with its unit."),
        _f("computed", "number", "The computed figure as a number, in the terms the claim is made in (figure says them)."),
        _f("evidence", "string", "The publishers of the values used, '; '-joined."),
        _f("evidence_sources", "string", "The source ids of the values used, ';'-joined (sources.csv)."),
        _f("values_used", "string", "Each value used: year, qualifier, value, its sources."),
        _f("missing", "string", "What is missing to test the claim, for an unverifiable one."),
        _f("detail", "string", "How the verdict was reached."),
        _f("per_source", "string", "The verdict by each source, when sources disagree."),
        _f("period", "string", "Part of the year the claim is about ('Jan-Sep'); empty: the full year."),
        _f("note", "string", "A note on the claim."),
        _f("found_in", "string", "Where the words were found.", enum=list(FOUND_IN)),
        _f("topic", "string", "What the claim is about, across speeches.", enum=list(TOPICS)),
    ],
    "sources": [
        _f("source", "string", "Source id.", required=True),
        _f("title", "string", "The page's or document's title."),
        _f("publisher", "string", "Who publishes it."),
        _f("type", "string", "official, ministry, press or repost.", enum=list(SOURCE_TYPES)),
        _f("url", "string", "Its address.", format="uri"),
        _f("date", "date", "Its publication date, when the page gives one."),
        _f("document", "string", "The local copy of its text the quotes are checked against, in the registry's data folder."),
        _f("license", "string", "The licence of its text and data, as the registry records it; empty: not known."),
        _f("language", "string", "Its language (two letters)."),
    ],
}

KEYS: dict[str, tuple[list[str], list[tuple[list[str], str, list[str]]]]] = {
    "indicators": (["indicator"], []),
    "observations": (
        ["indicator", "year", "period", "kind", "source", "derived"],
        [(["indicator"], "indicators", ["indicator"]), (["source"], "sources", ["source"])],
    ),
    "targets": (["indicator", "target"], [(["indicator"], "indicators", ["indicator"]), (["source"], "sources", ["source"])]),
    "statuses": (["indicator", "target", "method"], [(["indicator", "target"], "targets", ["indicator", "target"])]),
    "claims": (["claim"], [(["indicator"], "indicators", ["indicator"]), (["source"], "sources", ["source"])]),
    "sources": (["source"], []),
}


def table_schema(resource: str, registry: Registry) -> dict[str, Any]:
    """The resource's Table Schema, with each indicator's unit in the descriptions of the fields in its unit."""
    shown = [ind for ind in registry.indicators if ind.targets or resource != "targets"]
    units = "; ".join(f"{ind.id}: {ind.unit}" for ind in shown)
    fields = [{**f, "description": f["description"].replace("{units}", units)} for f in FIELDS[resource]]
    primary, foreign = KEYS[resource]
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""], "primaryKey": primary}
    if foreign:
        schema["foreignKeys"] = [{"fields": f, "reference": {"resource": r, "fields": t}} for f, r, t in foreign]
    return schema
