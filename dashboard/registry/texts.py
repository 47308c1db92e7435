"""Display texts in Russian and English.

A display text (a title, unit, label, note, ...) is written either as plain text, which is English,
or as a mapping of language to text: `title: {en: Road traffic deaths, ru: Погибшие в ДТП}`.
A mapping loads as a `Local`: a `str` holding the English text (so that code reading the registry
directly sees what it saw before translations), with every given language in `.texts`.
`resolve(model, lang)` turns every display text into a plain `str` in one language; a missing
language falls back to the other with a visible marker: `Road deaths [en]`.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Discriminator, Field, PlainSerializer, StringConstraints, Tag, WithJsonSchema

Lang = Literal["en", "ru"]
LANGUAGES: tuple[str, ...] = typing.get_args(Lang)
NAMES = {"en": "English", "ru": "Russian"}
# the text a language falls back to is followed by the code of its own language: "Road deaths [en]"
MARKER = " [{lang}]"
# pydantic's tags of the two written forms, dropped from error paths
PLAIN, BY_LANGUAGE = "plain-text", "by-language"

Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


_CYRILLIC = re.compile("[\u0400-\u04ff]")


def written_in(text: str) -> str:
    """The language of a quote, from its letters: any Cyrillic letter makes it Russian (the registry quotes only ru and en)."""
    return "ru" if _CYRILLIC.search(text) else "en"


class Local(str):
    """A display text given in several languages: the str is the English text (or the fallback)."""

    texts: dict[str, str]

    @classmethod
    def of(cls, texts: dict[str, str]) -> Local:
        made = cls(text_in(texts, "en"))
        made.texts = texts
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return Local.of, (self.texts,)


def text_in(texts: dict[str, str], lang: str) -> str:
    """The text in `lang`, else in the first other language given, followed by its marker."""
    if lang in texts:
        return texts[lang]
    other = next(code for code in LANGUAGES if code in texts)
    return texts[other] + MARKER.format(lang=other)


def languages_of(value: str) -> tuple[str, ...]:
    """The languages a display text is given in: a plain text is English."""
    return tuple(value.texts) if isinstance(value, Local) else ("en",)


def _form(value: Any) -> str:
    return BY_LANGUAGE if isinstance(value, dict) else PLAIN


def _local(value: str | dict[str, str]) -> str:
    return Local.of(value) if isinstance(value, dict) else value


class _IsLocal:
    """Marks a field as a display text, for `local_fields` and `resolve`."""


class _IsName(_IsLocal):
    """Marks a display text that a plain string gives in every language alike: a name or a domain ("tass.ru")."""


LOCAL = _IsLocal()
NAME = _IsName()
_TEXT_SCHEMA = {"type": "string", "minLength": 1, "maxLength": 20_000}
_BY_LANGUAGE_SCHEMA = {
    "type": "object",
    "description": "The text in each language: {en: ..., ru: ...}.",
    "properties": {code: {**_TEXT_SCHEMA, "description": f"{NAMES[code]} text."} for code in LANGUAGES},
    "additionalProperties": False,
    "minProperties": 1,
}

LocalText = Annotated[
    Annotated[Text, Tag(PLAIN)] | Annotated[dict[Lang, Text], Field(min_length=1), Tag(BY_LANGUAGE)],
    Discriminator(_form),
    AfterValidator(_local),
    PlainSerializer(lambda v: dict(v.texts) if isinstance(v, Local) else v),
    WithJsonSchema({"oneOf": [{**_TEXT_SCHEMA, "description": "English text."}, _BY_LANGUAGE_SCHEMA]}),
    LOCAL,
]
# A publisher or a speaker: "tass.ru" reads the same in Russian, {en: "TASS", ru: "ТАСС"} does not
NameText = Annotated[
    Annotated[Text, Tag(PLAIN)] | Annotated[dict[Lang, Text], Field(min_length=1), Tag(BY_LANGUAGE)],
    Discriminator(_form),
    AfterValidator(_local),
    PlainSerializer(lambda v: dict(v.texts) if isinstance(v, Local) else v),
    WithJsonSchema({"oneOf": [{**_TEXT_SCHEMA, "description": "The same text in every language."}, _BY_LANGUAGE_SCHEMA]}),
    NAME,
]


def _has_marker(annotation: Any, marker: type = _IsLocal) -> bool:
    if typing.get_origin(annotation) is Annotated:
        return any(isinstance(m, marker) for m in annotation.__metadata__) or _has_marker(typing.get_args(annotation)[0], marker)
    return any(_has_marker(arg, marker) for arg in typing.get_args(annotation))


@functools.cache
def _names(cls: type[BaseModel]) -> frozenset[str]:
    """The fields of `cls` whose plain string is the same text in every language (NameText)."""
    return frozenset(
        name
        for name, info in cls.model_fields.items()
        if any(isinstance(m, _IsName) for m in info.metadata) or _has_marker(info.annotation, _IsName)
    )


@functools.cache
def _plan(cls: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(display-text fields, fields that may hold models) of a model class."""
    texts, nested = [], []
    for name, info in cls.model_fields.items():
        if any(isinstance(m, _IsLocal) for m in info.metadata) or _has_marker(info.annotation):
            texts.append(name)
        elif _holds_model(info.annotation):
            nested.append(name)
    return tuple(texts), tuple(nested)


def _holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(arg) for arg in typing.get_args(annotation))


def local_fields(model: BaseModel, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every display text given in `model` and below, with its path: (("indicators", 0, "title"), text)."""
    texts, nested = _plan(type(model))
    names = _names(type(model))
    for name in texts:
        value = getattr(model, name)
        if value is not None and (name not in names or isinstance(value, Local)):
            yield loc + (name,), value
    for name in nested:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from local_fields(value, loc + (name,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from local_fields(item, loc + (name, i))


def resolve(model: Any, lang: str) -> Any:
    """`model` with every display text a plain str in `lang`; parts without one are shared, not copied."""
    if isinstance(model, list):
        items = [resolve(item, lang) for item in model]
        return model if all(a is b for a, b in zip(items, model)) else items
    if not isinstance(model, BaseModel):
        return model
    texts, nested = _plan(type(model))
    names = _names(type(model))
    update: dict[str, Any] = {}
    for name in texts:
        value = getattr(model, name)
        if value is not None and (name not in names or isinstance(value, Local)):
            shown = (
                text_in(value.texts, lang) if isinstance(value, Local) else (value if lang == "en" else value + MARKER.format(lang="en"))
            )
            if shown is not value:
                update[name] = shown
    for name in nested:
        value = getattr(model, name)
        done = resolve(value, lang)
        if done is not value:
            update[name] = done
    return model.model_copy(update=update) if update else model
