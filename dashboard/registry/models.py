"""The registry's models: the single source of truth for indicators.yaml.

The JSON Schema (``python -m dashboard schema``) is generated from these.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

from dashboard.registry.gc_pause import paused_gc

from .errors import Problem, capped_lines
from .fields import (
    DOCUMENT_PATTERN,
    SERIES_PATTERN,
    Direction,
    Id,
    Number,
    ObservationKind,
    Period,
    Qualifier,
    Ratio,
    SourceId,
    Url,
    Year,
    check_period,
)
from .series import Series
from .texts import LANGUAGES, LocalText, NameText, Text, resolve, written_in


def _empty() -> list:
    """A new empty list: the default of a list field. Not `list` itself, whose signature pydantic reads by
    tokenizing its text form (a millisecond of every command's start-up); a function's is read at once."""
    return []


class _Model(BaseModel):
    # defer_build: the validator is built on first use, and the loader only validates a whole Registry, so each
    # process builds one schema (the Registry's, holding every nested model) instead of one per model at import
    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True, allow_inf_nan=False, str_strip_whitespace=False)


class Publisher(_Model):
    """Who publishes the dashboard's rulings: the author of its claim reviews (schema.org ClaimReview)."""

    name: LocalText
    url: Url | None = None


class Meta(_Model):
    """About the registry as a whole."""

    title: LocalText
    as_of: dt.date = Field(description="Date the data was last checked ('data as of').")
    description: LocalText | None = None
    publisher: Publisher | None = Field(default=None, description="Who publishes the rulings: the author of the claim reviews.")
    speaker: NameText | None = Field(
        default=None,
        description="Whose remarks the claims quote, for a claim that does not say (`said_by`): its source is the speech's own text.",
    )


# What kind of page a source is, so a reader can weigh it: official statistics or a state document on the
# state's own site; a ministry's or agency's own page; a news outlet's report; a re-post (an aggregator, a
# mirror, a blog or a shop quoting someone else's text).
SourceType = Literal["official", "ministry", "press", "repost"]
SOURCE_TYPES: tuple[str, ...] = typing.get_args(SourceType)


class Source(_Model):
    """Where values, targets and claims come from."""

    id: SourceId
    title: LocalText
    publisher: NameText = Field(description="Who publishes the page: a name or a domain, in each language where the name differs.")
    type: SourceType | None = Field(
        default=None,
        description="official: official statistics or a state document on the state's site; ministry: a ministry's or "
        "agency's own page; press: a news outlet's report; repost: an aggregator, mirror, blog or shop re-posting another text.",
    )
    url: Url
    date: dt.date | None = Field(default=None, description="Publication date, when the page gives one.")
    document: str | None = Field(
        default=None,
        pattern=DOCUMENT_PATTERN,
        description="Local copy of the text under data/sources/, against which claim quotes are checked.",
    )
    license: Text | None = None
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] | None = None


class Area(_Model):
    id: Id
    title: LocalText
    description: LocalText | None = None


class Observation(_Model):
    """One value of an indicator in one year, as one source gives it."""

    year: Year
    value: Number
    qualifier: Qualifier = Field(default="=", description="= exact, ~ about, > more than, < less than, >= at least, <= at most")
    source: SourceId
    quote: Text | None = Field(default=None, description="The source's exact words for this value.")
    note: LocalText | None = None
    period: Period | None = None
    kind: ObservationKind = Field(
        default="level",
        description="level: the value itself; change: a published percent change on the previous year "
        "(on the same period of the previous year when `period` is given); direction: only the way it moved on the previous "
        "year, as the source says it (1 rose, -1 fell, 0 unchanged).",
    )

    @model_validator(mode="after")
    def _period(self) -> Observation:
        check_period(self.period)
        if self.kind == "direction" and (self.value not in (-1, 0, 1) or self.qualifier != "="):
            raise ValueError("a direction is 1 (rose), -1 (fell) or 0 (unchanged), with no qualifier")
        return self


class Derived(_Model):
    """How an indicator is computed per year from others: `road_deaths / population * 100000`."""

    formula: Annotated[str, StringConstraints(min_length=1, max_length=500)] = Field(
        description="Arithmetic on indicator ids and numbers: + - * / and parentheses."
    )
    mid_year: list[Id] = Field(
        default_factory=_empty,
        description="Inputs given on 1 January: a year uses the mean of 1 January of the year and of the next year when both exist, else "
        "1 January of the year.",
    )
    note: LocalText | None = None


class StandIn(_Model):
    """A related indicator, or the same one's values for part of the year, that may stand in as evidence when the claimed
    figure has none."""

    indicator: Id | None = Field(default=None, description="The related indicator; absent: the claim's own.")
    period: Period | None = Field(
        default=None, description="Months whose values stand in for a full-year claim: each year's same months only."
    )
    reason: LocalText

    @model_validator(mode="after")
    def _something(self) -> StandIn:
        if self.indicator is None and self.period is None:
            raise ValueError("give the stand-in `indicator`, or the `period` whose values stand in, or both")
        check_period(self.period)
        return self


class Baseline(_Model):
    """The reference year of a target; its value comes from the observations unless given."""

    year: Year
    value: Number | None = None
    source: SourceId | None = None
    note: LocalText | None = None


class Target(_Model):
    """A value to reach by a year: absolute (`value`) or relative to the baseline (`ratio`)."""

    id: Id
    year: Year
    value: Number | None = Field(default=None, description="Absolute target value.")
    ratio: Ratio | None = Field(
        default=None,
        description="Target as a multiple of the baseline value: 'one-third lower' is 2/3. Fractions like '2/3' are accepted.",
    )
    stated_value: Number | None = Field(
        default=None,
        description="The figure the source gives for a target it sets as a `ratio` ('9.9 thousand' beside 'one and a half times "
        "below 2023'): shown beside the derivation; the ratio is what is assessed.",
    )
    baseline: Baseline | None = Field(default=None, description="Overrides the indicator's baseline for this target.")
    label: LocalText | None = None
    source: SourceId
    quote: Text | None = None
    translation: Translation | None = Field(default=None, description="The quote in the other language, marked official or ours.")
    note: LocalText | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Target:
        if self.stated_value is not None and self.ratio is None:
            raise ValueError("`stated_value` is the source's own figure for a `ratio` target; an absolute target is its `value`")
        if self.translation is not None:
            if self.quote is None:
                raise ValueError("a translation needs the `quote` it translates")
            self.translation.check_against(self.quote)
        if (self.value is None) == (self.ratio is None):
            raise ValueError("give exactly one of `value` (absolute) or `ratio` (relative to the baseline)")
        if self.ratio is not None and self.ratio <= 0:
            raise ValueError("ratio must be above 0")
        return self


class Break(_Model):
    """A change in how an indicator is counted from `year` on (a series break): its values before and after are not alike."""

    year: Year = Field(description="The first year counted the new way. It may lie outside the indicator's years.")
    label: LocalText = Field(description="What changed, shown on the chart: 'From 2011, deaths within 30 days (before: 7 days)'.")
    note: LocalText | None = Field(default=None, description="Where this is stated, and anything else a reader needs.")


class Indicator(_Model):
    id: Id
    title: LocalText
    area: Id
    unit: LocalText
    unit_short: LocalText = Field(description="At most 40 characters in each language.")
    description: LocalText
    direction: Direction
    decimals: Annotated[int, Field(strict=True, ge=0, le=6)] = 0
    minimum: Number | None = Field(default=0, description="Smallest possible value (null: none). Counts cannot be negative.")
    limit: Number | None = Field(default=None, description="Largest possible value, e.g. 100 for a percentage.")
    observations: list[Observation] = Field(default_factory=_empty)
    series_file: str | None = Field(
        default=None,
        pattern=SERIES_PATTERN,
        description="CSV for long series: columns year,value,qualifier,source,note in any order; optionally quote, note_ru, "
        "period and kind. A CSV downloaded from the indicator's page is a series file.",
    )
    baseline: Baseline | None = None
    targets: list[Target] = Field(default_factory=_empty)
    note: LocalText | None = None
    derived: Derived | None = Field(
        default=None, description="Compute values per year from other indicators; published values are preferred."
    )
    breaks: list[Break] = Field(
        default_factory=_empty,
        description="Changes in how the series is counted, drawn on its chart: values before and after a break are not alike. One break a "
        "year.",
    )

    @model_validator(mode="after")
    def _short_unit(self) -> Indicator:
        texts = getattr(self.unit_short, "texts", {"en": self.unit_short})
        long = [f"{len(text)} ({code})" for code, text in texts.items() if len(text) > 40]
        if long:
            raise ValueError(f"unit_short must be at most 40 characters, got {', '.join(long)}")
        return self


FoundIn = Literal["transcript", "press_quote", "paraphrase"]
FOUND_IN: tuple[str, ...] = typing.get_args(FoundIn)
# crime_overall: claims about all crime (registered, repeat offending), not about one kind of it
Topic = Literal[
    "cybercrime", "juvenile_crime", "road_safety", "grave_crimes", "extremism", "drugs", "solve_rates", "street_crime", "crime_overall"
]
TOPICS: tuple[str, ...] = typing.get_args(Topic)


class Translation(_Model):
    """A quote in the reader's other language, marked with who translated it."""

    text: Text
    by: Literal["official", "ours"] = Field(
        description="official: the publisher's own translation (give its `source`); ours: this dashboard's, never the speaker's words."
    )
    source: SourceId | None = Field(default=None, description="Where an official translation is published.")

    @model_validator(mode="after")
    def _by(self) -> Translation:
        if self.by == "official" and self.source is None:
            raise ValueError("an official translation needs the `source` that publishes it")
        if self.by == "ours" and self.source is not None:
            raise ValueError("our own translation has no `source`: drop it, or say `by: official`")
        return self

    def check_against(self, quote: str) -> None:
        if written_in(self.text) == written_in(quote):
            raise ValueError(f"the translation is in the quote's own language ({written_in(quote)}): give it in the other one")


class AlsoQuoted(_Model):
    """The same words as another source gives them (another language, another outlet)."""

    source: SourceId
    quote: Text


class _Claim(_Model):
    id: Id
    indicator: Id
    source: SourceId
    quote: Text = Field(description="The source's exact words; checked against its local document.")
    qualifier: Qualifier = "="
    note: LocalText | None = None
    said_by: NameText | None = Field(default=None, description="Who said it, when `source` is a report of a speech: {en: ..., ru: ...}.")
    said_on: dt.date | None = Field(default=None, description="Date of the speech the quote reports, when `source` is a report of it.")
    period: Period | None = Field(default=None, description="Part of the year the claim is about; only values for the same period test it.")
    stand_in: StandIn | None = Field(default=None, description="A related indicator whose values may serve as evidence, with the reason.")
    found_in: FoundIn | None = Field(
        default=None,
        description="How the quote was found: transcript (the speech's published text), press_quote (a direct quote in a press "
        "report) or paraphrase (a report's words for what was said: weaker evidence of the wording).",
    )
    topic: Topic | None = Field(default=None, description="What the claim is about, across speeches.")
    also_quoted: list[AlsoQuoted] = Field(default_factory=_empty, description="The same claim as other sources quote it.")
    translation: Translation | None = Field(default=None, description="The quote in the other language, marked official or ours.")

    @model_validator(mode="after")
    def _period(self) -> _Claim:
        check_period(self.period)
        if self.translation is not None:
            self.translation.check_against(self.quote)
        if self.stand_in is not None and self.stand_in.period is not None and self.period is not None:
            raise ValueError("a part-year stand-in is for a full-year claim: this claim already has a `period`")
        return self


class LevelClaim(_Claim):
    """A value in a year: 'damages exceeding 200 billion rubles' is `> 200` in 2024."""

    kind: Literal["level"]
    year: Year
    value: Number


class ChangeClaim(_Claim):
    """A change between two years, as a ratio (to/from) or a percent change."""

    kind: Literal["change"]
    from_year: Year
    to_year: Year
    value: Number
    measure: Literal["ratio", "percent"] = "ratio"

    @model_validator(mode="after")
    def _order(self) -> ChangeClaim:
        if self.to_year <= self.from_year:
            raise ValueError("to_year must be after from_year")
        return self


class DirectionClaim(_Claim):
    """A direction of change between two years."""

    kind: Literal["direction"]
    from_year: Year
    to_year: Year
    direction: Literal["up", "down"]

    @model_validator(mode="after")
    def _order(self) -> DirectionClaim:
        if self.to_year <= self.from_year:
            raise ValueError("to_year must be after from_year")
        return self


class TrendClaim(_Claim):
    """A direction held every year over a span: 'growing annually' from 2019 to 2021 is up in 2020 and up again in 2021."""

    kind: Literal["trend"]
    from_year: Year
    to_year: Year
    direction: Literal["up", "down"]

    @model_validator(mode="after")
    def _order(self) -> TrendClaim:
        if self.to_year < self.from_year + 2:
            raise ValueError("a trend spans at least two year-on-year steps: to_year at least from_year + 2 (one step is `direction`)")
        return self


class TargetClaim(_Claim):
    """A target announced by the source: reach `value` (or `ratio` × baseline) by `year`."""

    kind: Literal["target"]
    year: Year
    baseline_year: Year | None = None
    value: Number | None = None
    ratio: Ratio | None = None
    target: Id | None = Field(default=None, description="Id of the indicator target this claim announces.")

    @model_validator(mode="after")
    def _one_kind(self) -> TargetClaim:
        if (self.value is None) == (self.ratio is None):
            raise ValueError("give exactly one of `value` or `ratio`")
        if self.ratio is not None and self.baseline_year is None:
            raise ValueError("a relative target claim needs `baseline_year`")
        return self


Claim = Annotated[LevelClaim | ChangeClaim | DirectionClaim | TrendClaim | TargetClaim, Field(discriminator="kind")]


@dataclasses.dataclass(frozen=True)
class LoadedFiles:
    """What the loader read besides the YAML's fields, attached to a Registry by `Registry.with_files`."""

    path: str = "indicators.yaml"  # as given to the loader
    sha256: str = ""  # of the registry file's bytes
    series: Series = dataclasses.field(default_factory=Series)  # indicator id -> DataFrame, built on first use
    warnings: tuple[Problem, ...] = ()  # the first MAX_SHOWN by place
    warning_count: int = 0  # how many were found
    translated: bool = True  # some display text is given as a mapping of languages (or a series file has note_ru)
    content_sha256: str = ""  # of every file the loader read (loader.content_version): the registry's one version


class Registry(_Model):
    """indicators.yaml, schema version 1."""

    schema_version: Literal[1]
    meta: Meta
    sources: list[Source]
    areas: list[Area]
    indicators: list[Indicator]
    claims: list[Claim] = Field(default_factory=_empty)

    _files: LoadedFiles = PrivateAttr(default_factory=LoadedFiles)  # set by the loader, through with_files
    _by_id: dict = PrivateAttr(default_factory=dict)  # lookups by id, built on first use
    _lang: str | None = PrivateAttr(default=None)  # the language of a registry made by in_language
    _origin: Registry | None = PrivateAttr(default=None)  # the registry it was made from
    _in: dict = PrivateAttr(default_factory=dict)  # language -> the registry made by in_language

    def with_files(self, files: LoadedFiles) -> Registry:
        """A copy of this registry that carries `files`: the one way to attach what loading read besides the YAML.

        The copy shares the fields (they are frozen) and starts with no language versions of its own.
        """
        made = self.model_copy()
        made.__pydantic_private__ = {**self.__pydantic_private__, "_files": files, "_by_id": {}, "_in": {}, "_lang": None, "_origin": None}
        return made

    @property
    def files(self) -> LoadedFiles:
        """What loading read besides the YAML's fields: path, hash, series and warnings."""
        return self._files

    @property
    def path(self) -> str:
        return self._files.path

    @property
    def sha256(self) -> str:
        """SHA-256 of the registry file's bytes."""
        return self._files.sha256

    @property
    def version(self) -> str:
        """The content version (12 hex digits) over every file the loader read: the YAML, its series files and its
        source documents. The one version shown everywhere; `sha256` is the YAML file's alone, labelled as that."""
        return (self._files.content_sha256 or self._files.sha256)[:12] or "unknown"

    @property
    def series(self) -> Series:
        """Series loaded from `series_file`s: indicator id to a DataFrame of observations, each built on first use."""
        return self._files.series

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """What may be wrong but does not stop the registry loading: the first MAX_SHOWN by place."""
        return self._files.warnings

    @property
    def warning_count(self) -> int:
        """How many warnings were found; `warnings` holds at most MAX_SHOWN of them."""
        return self._files.warning_count

    def warning_lines(self) -> list[str]:
        """One line per warning shown, then `and N more warnings` when some were left out."""
        return capped_lines(self.warnings, self.warning_count, "warning")

    def in_language(self, lang: str) -> Registry:
        """This registry with every display text a plain str in `lang` ("en" or "ru").

        A text missing in `lang` is shown in the other language followed by its marker ("Road deaths [en]");
        quotes, names and numbers are untouched, and the path, sha256, series and warnings are kept.
        Made once per language; a registry of plain texts is its own English version.
        """
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}: use {' or '.join(LANGUAGES)}")
        origin = self._origin or self
        if self._lang == lang:
            return self
        if lang == "en" and not origin._files.translated:
            return origin
        made = origin._in.get(lang)
        # model_copy shares private attributes: a version made from another registry is made again
        if made is None or made._origin is not origin:
            with paused_gc():  # many new objects that all survive: the cyclic collector would scan them again and again
                made = resolve(origin, lang)
            if made is origin:
                made = origin.model_copy()
            files = dataclasses.replace(origin._files, series=origin.series.in_language(lang))
            made.__pydantic_private__ = {
                **origin.__pydantic_private__,
                "_files": files,
                "_by_id": {},
                "_in": {},
                "_lang": lang,
                "_origin": origin,
            }
            origin._in = {**origin._in, lang: made}
        return made

    def _lookup(self, section: str, ident: str) -> Indicator | Source | None:
        items = getattr(self, section)
        built = self._by_id.get(section)
        # model_copy shares private attributes: an index built for another list (or length) is rebuilt
        if built is None or built[0] is not items or built[1] != len(items):
            # reversed: the first item wins, as a scan would find it
            built = self._by_id[section] = (items, len(items), {item.id: item for item in reversed(items)})
        return built[2].get(ident)

    def indicator(self, indicator_id: str) -> Indicator | None:
        return self._lookup("indicators", indicator_id)  # type: ignore[return-value]

    def source(self, source_id: str) -> Source | None:
        return self._lookup("sources", source_id)  # type: ignore[return-value]


def json_schema() -> dict:
    schema = Registry.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "indicators.yaml"
    return schema
