"""Languages: the reader's language for this request or command, and the UI message catalogue.

Every string the app, the exports and the CLI show a person goes through `_()` (gettext), so that
`pybabel extract` finds it; translations live in `dashboard/locale/<lang>/LC_MESSAGES/messages.po`,
read with Babel on first use (no compiled .mo file is kept); `python -m dashboard.i18n_tools` extracts the
messages and merges them into each catalogue. `ngettext` takes counts (Russian has three forms) and
`pgettext` a context where the same English words need two translations. The language is only ever set
for a scope, by `use_language`: a request (web/language), a callback or a page layout, a command (the CLI),
and it ends with the scope, so no request or command inherits another's. The engine makes no text:
it returns codes and numbers, which the wording module renders in the scope's language.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterator
from pathlib import Path

LANGUAGES = ("en", "ru")
DEFAULT = "en"
LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_language: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=DEFAULT)


def current() -> str:
    return _language.get()


def normalise(lang: object) -> str:
    """A supported language code, or the default: `?lang=` is a hostile input like any other.

    A repeated `?lang=` reaches a page's layout as a list (Dash's query parser); its first value counts, as it does
    for the callbacks (`callbacks.language_of`), so both halves of a page speak the same language.
    """
    if isinstance(lang, (list, tuple)) and lang:
        lang = lang[0]
    return lang if isinstance(lang, str) and lang in LANGUAGES else DEFAULT


@contextlib.contextmanager
def use_language(lang: object) -> Iterator[str]:
    token = _language.set(normalise(lang))
    try:
        yield current()
    finally:
        _language.reset(token)


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """msgid -> msgstr for one language; untranslated and fuzzy entries are left out (they fall back to English)."""
    if lang == DEFAULT:
        return {}
    from babel.messages.pofile import read_po

    path = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        cat = read_po(handle, locale=lang)
    out: dict[str, str] = {}
    for message in cat:
        if not message.id or message.fuzzy:
            continue
        key = "\0".join(message.id) if isinstance(message.id, tuple) else message.id
        if message.context:  # pgettext: the context and the id joined by \4, as GNU gettext keys them
            key = f"{message.context}\x04{key}"
        if isinstance(message.id, tuple):  # plural forms: kept under each id, the forms as a tuple joined by \0
            if all(message.string):
                out[key] = "\0".join(message.string)
        elif message.string:
            out[key] = message.string
    return out


def gettext(message: str) -> str:
    return catalogue(current()).get(message, message)


def _plural(key: str, singular: str, plural: str, n: int) -> str:
    forms = catalogue(current()).get(key)
    if forms is None:
        return singular if n == 1 else plural
    found = forms.split("\0")
    return found[_plural_index(current(), n) if len(found) > 1 else 0]


def ngettext(singular: str, plural: str, n: int) -> str:
    return _plural(f"{singular}\0{plural}", singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` where the same English words need different translations: pgettext("fall by", "half") is "вдвое"."""
    return catalogue(current()).get(f"{context}\x04{message}", message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _plural(f"{context}\x04{singular}\0{plural}", singular, plural, n)


def _plural_index(lang: str, n: int) -> int:
    if lang == "ru":  # CLDR: one (1, 21, 31 …), few (2–4, 22–24 …), many (the rest)
        if n % 10 == 1 and n % 100 != 11:
            return 0
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return 1
        return 2
    return 0 if n == 1 else 1


_ = gettext


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; `_()` translates it where it is shown."""
    return message
