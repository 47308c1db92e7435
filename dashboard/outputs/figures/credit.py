"""The source-and-licence line every chart carries, on screen and in every file: who published the values,
under which licence, and the registry version they were read from (`Registry.version`, passed in)."""

from __future__ import annotations

from dashboard.engine.assessment import IndicatorView
from dashboard.i18n import _
from dashboard.registry.models import Registry, Source

SHOWN = 3  # publishers named in the line; the rest counted


def chart_sources(registry: Registry, view: IndicatorView) -> list[Source]:
    """Target sources first, then the values' sources from the newest year back: a cut list drops the oldest."""
    ids = [t.source for t in view.indicator.targets] + [s for p in sorted(view.points, key=lambda p: -p.year) for s in p.sources]
    return [s for s in (registry.source(i) for i in dict.fromkeys(ids)) if s is not None]


def licence_text(sources: list[Source]) -> str:
    """What the sources say of their licence, without inventing one: a source that states none is counted as such."""
    stated = list(dict.fromkeys(s.license for s in sources if s.license))
    unstated = sum(1 for s in sources if not s.license)
    if not stated:
        return _("Licence: not stated by the sources")
    if not unstated:
        return _("Licence: {licences}").format(licences=", ".join(stated))
    return _("Licence: {licences} ({count} of {total} sources), the others not stated").format(
        licences=", ".join(stated), count=len(sources) - unstated, total=len(sources)
    )


def publishers_text(sources: list[Source], shown: int = SHOWN) -> str:
    names = list(dict.fromkeys(s.publisher for s in sources))
    if not names:
        return _("Sources: none recorded")
    listed = ", ".join(names[:shown])
    if len(names) > shown:
        listed = _("{names} and {count} more").format(names=listed, count=len(names) - shown)
    return _("Sources: {names}").format(names=listed)


def version_text(version: str) -> str:
    return _("registry version {version}").format(version=version)


def credit_line(registry: Registry, view: IndicatorView, version: str, shown: int = SHOWN) -> str:
    """'Sources: A, B, C and 4 more · Licence: … · registry version …', plain text (escape it for plotly)."""
    sources = chart_sources(registry, view)
    return " · ".join((publishers_text(sources, shown), licence_text(sources), version_text(version)))
