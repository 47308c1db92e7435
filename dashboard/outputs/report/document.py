"""The briefing as one self-contained HTML string: inline CSS, charts as inline SVG, no request leaves the file.

In the order an analyst briefs: every target and its status (headline first), the claims with their
verdicts by speech date, then one section per indicator (chart, status by the three methods, claims,
sources). Every section carries the registry version and the data-as-of date; in print the page
margins carry them instead, with page numbers. All registry text is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from typing import Any

from dashboard.engine.assessment import Assessment, IndicatorView, TargetView
from dashboard.engine.claims import ClaimCheck
from dashboard.engine.evidence import Scorecard, scorecards
from dashboard.engine.vocabulary import (
    COURSE_COLOURS,
    COURSES,
    METHOD_SHORT,
    METHOD_TEXT,
    METHODS,
    PALETTE,
    RESULT_COLOURS,
    RESULT_TEXT,
    RESULTS,
    STAND_IN_TEXT,
    STATUS_COLOURS,
)
from dashboard.formatting import date, number, qualified, rate
from dashboard.i18n import _, current, ngettext
from dashboard.outputs.quotes import quote_of
from dashboard.outputs.report.style import CSS, page_css
from dashboard.outputs.rulings import ruling
from dashboard.outputs.share import citation
from dashboard.outputs.wording import publishers, say, status_line, target_derivation, target_value_text, verdict
from dashboard.registry.models import Registry

esc = html.escape
SPEECH_UNDATED = "undated"


def method_note() -> str:
    """'Methods: UNSD: UNSD Progress Chart; …', in the current language."""
    return _("Methods: {methods}.").format(methods="; ".join(f"{METHOD_SHORT[m]}: {esc(_(METHOD_TEXT[m]))}" for m in METHODS))


def section_id(indicator_id: str) -> str:
    return f"ind-{indicator_id}"


def _pill(text: str, colour: str) -> str:
    return f'<span class="pill" style="background:{colour}">{esc(text)}</span>'


def _status_pill(status: str, label: str) -> str:
    return _pill(label, STATUS_COLOURS.get(status, PALETTE["grey"]))


def _verdict_pill(check: ClaimCheck) -> str:
    return _pill(verdict(check), RESULT_COLOURS.get(check.result, PALETTE["grey"]))


def _date(iso: str | None) -> str:
    if not iso:
        return _("an unknown date")
    return date(dt.date.fromisoformat(iso))


def _band(registry: Registry, generated: dt.datetime, where: str) -> str:
    """The per-section header or footer block: the registry, its version, data as of (hidden in print: the page margins say it)."""
    meta = registry.meta
    stamp = _("registry {version} · data as of {date} · generated {generated} UTC").format(
        version=esc(registry.version), date=meta.as_of.isoformat(), generated=f"{generated:%Y-%m-%d %H:%M}"
    )
    return f'<div class="band {where}">{esc(meta.title)} · {stamp}</div>'


def _link(url: str, text: str | None = None) -> str:
    return f'<a href="{esc(url)}">{esc(text or url)}</a>'


def _source_names(registry: Registry, ids: Iterable[str]) -> str:
    found = [registry.source(i) for i in ids]
    return ", ".join(esc(s.publisher) if s else esc(i) for s, i in zip(found, ids)) or esc(_("none"))


def _headline_mark(tv: TargetView) -> str:
    return f" <b>({esc(_('headline'))})</b>" if tv.headline else ""


def _ordered_targets(view: IndicatorView) -> list[TargetView]:
    return sorted(view.targets, key=lambda t: not t.headline)


def _latest(view: IndicatorView) -> str:
    latest, ind = view.latest, view.indicator
    if latest is None:
        return esc(_("no published figure"))
    return esc(
        _("{value} ({year})").format(value=qualified(latest.value, latest.qualifier, ind.decimals, ind.unit_short), year=latest.year)
    )


# ------------------------------------------------------------------ sections


def _method_head() -> str:
    return "".join(f'<th title="{esc(_(METHOD_TEXT[m]))}">{METHOD_SHORT[m]}</th>' for m in METHODS)


def _part(registry: Registry, generated: dt.datetime, body: str) -> str:
    """A part of the briefing between its top and bottom bands."""
    return f'<section class="part">{_band(registry, generated, "top")}{body}{_band(registry, generated, "bottom")}</section>'


def _score(score: float | None) -> str:
    return "" if score is None else "<br><small>" + esc(_("score {score}").format(score=number(score, 2))) + "</small>"


def _method_cells(tv: TargetView, scores: bool = False) -> str:
    res = tv.result
    if not res.methods:
        return f'<td colspan="{len(METHODS)}">{_status_pill(res.status, tv.label)}</td>'
    return "".join(
        f"<td>{_status_pill(res.methods[m].status, res.methods[m].label)}{_score(res.methods[m].score) if scores else ''}</td>"
        for m in METHODS
    )


def _targets_section(views: list[IndicatorView]) -> str:
    rows = []
    for view in views:
        ind, targets = view.indicator, _ordered_targets(view)
        for n, tv in enumerate(targets):
            res = tv.result
            base = (
                _("{value} ({year})").format(value=number(res.baseline.value, ind.decimals), year=res.baseline.year)
                if res.baseline
                else "–"
            )
            first = (
                f'<td rowspan="{len(targets)}"><a href="#{section_id(ind.id)}">{esc(ind.title)}</a><br><small>{esc(_("latest"))} '
                f"{_latest(view)}</small></td>"
                if n == 0
                else ""
            )
            rows.append(
                f'<tr class="{"headline" if tv.headline else "other"}">{first}'
                f"<td>{esc(tv.name)}{_headline_mark(tv)}</td>"
                f"<td>{esc(target_value_text(view, tv))}<br><small>{esc(target_derivation(view, tv))}</small></td>"
                f"<td>{tv.target.year}</td><td>{esc(base)}</td>{_method_cells(tv)}</tr>"
            )
    untargeted = [v for v in views if not v.targets]
    other = "".join(
        f'<tr><td><a href="#{section_id(v.id)}">{esc(v.indicator.title)}</a></td><td>{_latest(v)}</td>'
        f"<td>{esc(v.change.text) if v.change else esc(say(v.change_note))}</td></tr>"
        for v in untargeted
    )
    heads = "".join(f"<th>{esc(h)}</th>" for h in (_("Indicator"), _("Target"), _("Value"), _("By"), _("Baseline")))
    table = (
        f'<table class="targets"><thead><tr>{heads}{_method_head()}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table><p class="note">{method_note()}</p>'
        if rows
        else f"<p>{esc(_('No selected indicator has a target.'))}</p>"
    )
    rest = (
        f"<h3>{esc(_('Indicators without a target ({count})').format(count=len(untargeted)))}</h3><table><thead><tr>"
        + "".join(f"<th>{esc(h)}</th>" for h in (_("Indicator"), _("Latest"), _("Change")))
        + f"</tr></thead><tbody>{other}</tbody></table>"
        if untargeted
        else ""
    )
    lead = _("The headline target of each indicator first, with its status by the three methods.")
    return f'<h2 id="targets">{esc(_("Targets and their status"))}</h2><p class="lead">{esc(lead)}</p>{table}{rest}'


def _quote_html(registry: Any, claim: Any, cite: str) -> str:
    """The reader's language first, each version labelled (original, official or our translation)."""
    quote = quote_of(registry, claim, current(), found_in=claim.found_in)
    if quote is None:
        return ""
    out = []
    for i, v in enumerate(quote.versions):
        tail = f"<cite>{esc(v.label)}{' · ' + cite if i == 0 else ''}</cite>"
        out.append(f'<blockquote lang="{v.lang}"{" class=second" if i else ""}>“{esc(v.text)}”{tail}</blockquote>')
    if quote.note:
        out.append(f'<p class="quote-note">{esc(quote.note)}</p>')
    return "".join(out)


def _claim_block(assessment: Assessment, claim_id: str, in_report: set[str]) -> str:
    registry = assessment.registry
    claim = next(c for c in registry.claims if c.id == claim_id)
    check = assessment.checks[claim_id]
    source = registry.source(claim.source)
    said = f"{esc(claim.said_by)}, " if claim.said_by else ""
    where = f"{said}{_link(source.url, source.publisher) if source else esc(claim.source)}"
    parts = [
        f'<div class="claim"><p class="claim-head">{_verdict_pill(check)} <b>{esc(check.text)}</b></p>',
        _quote_html(registry, claim, f"{where}{'' if check.quote_checked else ' — ' + esc(_('not checked against a stored text'))}"),
        f'<p class="ruling">{_ruling_html(assessment, claim)}</p>',
        '<dl class="facts">',
        f"<dt>{esc(_('Evidence'))}</dt>"
        f"<dd>{_source_names(registry, check.evidence) if check.evidence else esc(_('none independent of the claim'))}</dd>",
    ]
    if check.per_source:
        names = publishers(registry)
        parts.append(f"<dt>{esc(_('Per source'))}</dt><dd>{esc('; '.join(say(s, names) for s in check.per_source))}</dd>")
    if claim.indicator in in_report:
        indicator = registry.indicator(claim.indicator)
        parts.append(
            f"<dt>{esc(_('Indicator'))}</dt><dd><a "
            f'href="#{section_id(claim.indicator)}">{esc(indicator.title if indicator else claim.indicator)}</a></dd>'
        )
    parts.append("</dl></div>")
    return "".join(parts)


def _ruling_html(assessment: Assessment, claim) -> str:
    return " ".join(
        "".join(esc(p) if isinstance(p, str) else _link(p.url, p.publisher) for p in sentence) for sentence in ruling(assessment, claim)
    )


def _scorecard_html(card: Scorecard) -> str:
    """A speech's scorecard as the Overview draws it: a stacked bar (stand-ins hatched) and its counts."""
    segments, counts = [], []
    for result in RESULTS:
        courses = [c for c in COURSES if result == "in_works" and card.courses[c]] or [None]
        for course in courses:
            n = card.courses[course] if course else card.counts[result]
            if not n:
                continue
            colour = COURSE_COLOURS[course] if course else RESULT_COLOURS[result]
            hatch = f'<i style="width:{100 * card.by_stand_in[result] / n:.4g}%"></i>' if not course and card.by_stand_in[result] else ""
            segments.append(f'<span style="flex-grow:{n};background:{colour}">{hatch}</span>')
        words = _("{count} {result}").format(count=card.counts[result], result=_(RESULT_TEXT[result]))
        if card.by_stand_in[result]:
            words += " " + _("({count} {modifier})").format(count=card.by_stand_in[result], modifier=_(STAND_IN_TEXT))
        counts.append(esc(words))
    title = _("Speech of {date}").format(date=_date(None if card.said_on == SPEECH_UNDATED else card.said_on))
    return (
        f'<div class="scorecard"><b>{esc(title)}</b><div class="bar">{"".join(segments)}</div>'
        f'<p class="counts">{" · ".join(counts)}</p></div>'
    )


def _only(card: Scorecard, chosen: set[str], checks: dict[str, ClaimCheck]) -> Scorecard:
    """A speech's scorecard over the claims the briefing covers."""
    kept = [checks[c] for c in card.claims if c in chosen]
    return Scorecard(
        card.said_on,
        {r: sum(c.result == r for c in kept) for r in RESULTS},
        {r: sum(c.result == r and c.by_stand_in for c in kept) for r in RESULTS},
        {k: sum(c.result == "in_works" and c.course == k for c in kept) for k in COURSES},
        tuple(c.claim for c in kept),
    )


def _claims_section(assessment: Assessment, claim_ids: list[str], in_report: set[str]) -> str:
    checks = assessment.checks
    counts: dict[str, int] = {}
    for cid in claim_ids:
        counts[checks[cid].result] = counts.get(checks[cid].result, 0) + 1
    summary = ", ".join(
        _("{count} {result}").format(count=n, result=_(RESULT_TEXT.get(result, result))) for result, n in sorted(counts.items())
    ) or _("no claims on the selected indicators")
    speeches: dict[str, list[str]] = {}
    for cid in sorted(claim_ids, key=lambda c: checks[c].said_on or "9999"):
        speeches.setdefault(checks[cid].said_on or SPEECH_UNDATED, []).append(cid)
    body = "".join(
        "<h3>"
        + esc(
            ngettext("Said on {date} ({count} claim)", "Said on {date} ({count} claims)", len(ids)).format(
                date=_date(None if day == SPEECH_UNDATED else day), count=len(ids)
            )
        )
        + "</h3>"
        + "".join(_claim_block(assessment, cid, in_report) for cid in ids)
        for day, ids in speeches.items()
    )
    lead = ngettext(
        "{count} claim, checked against independent data: {summary}.",
        "{count} claims, checked against independent data: {summary}.",
        len(claim_ids),
    ).format(count=len(claim_ids), summary=summary)
    chosen = set(claim_ids)
    cards = [c for c in scorecards(checks, assessment.registry) if chosen & set(c.claims)]
    board = "".join(_scorecard_html(_only(card, chosen, checks)) for card in cards)
    return f'<h2 id="claims">{esc(_("Claims and their verdicts"))}</h2>{board}<p class="lead">{esc(lead)}</p>{body}'


def _status_table(view: IndicatorView) -> str:
    if not view.targets:
        return f"<p>{esc(_('No target set.'))}</p>"
    ind = view.indicator
    rows = []
    for tv in _ordered_targets(view):
        res = tv.result
        rows.append(
            f"<tr><td>{esc(tv.name)}{_headline_mark(tv)}<br>"
            f"<small>{esc(_('{value} by {year}').format(value=target_value_text(view, tv), year=tv.target.year))} "
            f"{esc(target_derivation(view, tv))}</small></td>"
            f"<td>{esc(rate(res.required_rate, res.rate_kind))}</td><td>{esc(rate(res.actual_rate, res.rate_kind))}</td>"
            f"<td>{esc(number(res.projected_value, ind.decimals))}</td>{_method_cells(tv, scores=True)}</tr>"
        )
        if res.reason:
            rows.append(f'<tr class="note"><td colspan="{4 + len(METHODS)}">{esc(say(res.reason))}</td></tr>')
    heads = "".join(f"<th>{esc(h)}</th>" for h in (_("Target"), _("Required"), _("Actual"), _("Projected")))
    return (
        f'<table><thead><tr>{heads}{_method_head()}</tr></thead><tbody>{"".join(rows)}</tbody></table><p class="note">{method_note()}</p>'
    )


def _indicator_section(assessment: Assessment, view: IndicatorView, number_: int, svg: str | None, generated: dt.datetime) -> str:
    registry, ind = assessment.registry, view.indicator
    chart = f'<figure class="chart">{svg}</figure>' if svg else f'<p class="nochart">{esc(_("No published figure yet: no chart."))}</p>'
    claims = "".join(
        f"<li>{_verdict_pill(check)} {esc(check.text)} <small>({esc(say(check.figure, publishers(registry)))})</small></li>"
        for _, check in view.claims
    )
    sources = "".join(
        f"<li>{esc(s.publisher)}: {esc(s.title)}{f' ({s.date.isoformat()})' if s.date else ''}<br><small>{_link(s.url)}</small></li>"
        for s in filter(None, (registry.source(i) for i in view.sources))
    )
    change = (
        "; " + esc(_("change since {year}: {change}").format(year=view.change.start.year, change=view.change.text)) if view.change else ""
    )
    return (
        f'<section class="indicator" id="{section_id(ind.id)}">{_band(registry, generated, "top")}'
        f'<h2>{number_}. {esc(ind.title)}</h2><p class="lead">{esc(ind.description)}</p>'
        f"<p><b>{esc(_('Latest:'))}</b> {_latest(view)}{change}. {esc(status_line(view))}</p>{chart}"
        f"<h3>{esc(_('Status by method'))}</h3>{_status_table(view)}"
        f"<h3>{esc(_('Claims on it'))}</h3>{f'<ul class=plain>{claims}</ul>' if claims else '<p>' + esc(_('None.')) + '</p>'}"
        f'<h3>{esc(_("Sources"))}</h3><ul class="sources">{sources or "<li>" + esc(_("none recorded")) + "</li>"}</ul>'
        f'<p class="cite"><b>{esc(_("Cite as:"))}</b> '
        f"{esc(citation(assessment, ind.id))}</p>{_band(registry, generated, 'bottom')}</section>"
    )


# ------------------------------------------------------------------ the document


def briefing_html(
    assessment: Assessment,
    ids: list[str],
    svgs: dict[str, str],
    *,
    generated: dt.datetime | None = None,
    pages: dict[str, int] | None = None,
    selection: str | None = None,
) -> str:
    """The briefing on the indicators `ids` (in that order): `svgs` maps an id to its chart, inline SVG; `pages` the
    section ids to their page numbers for the table of contents (known after a first print)."""
    registry = assessment.registry
    generated = (generated or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    selection = selection or _("all indicators")
    views = [assessment.views[i] for i in ids]
    in_report = set(ids)
    claim_ids = [c.id for c in registry.claims if c.indicator in in_report]
    toc_items = [("targets", _("Targets and their status")), ("claims", _("Claims and their verdicts"))]
    toc_items += [(section_id(v.id), f"{n}. {v.indicator.title}") for n, v in enumerate(views, 1)]
    pages = pages or {}
    toc = "".join(f'<li><a href="#{sid}">{esc(title)}</a><span class="page">{pages.get(sid, "")}</span></li>' for sid, title in toc_items)
    meta = registry.meta
    charts = sum(1 for v in views if svgs.get(v.id))
    covers = ", ".join(
        (
            ngettext("{count} indicator", "{count} indicators", len(views)).format(count=len(views)),
            ngettext("{count} chart", "{count} charts", charts).format(count=charts),
            ngettext("{count} claim", "{count} claims", len(claim_ids)).format(count=len(claim_ids)),
        )
    )
    sha = _("SHA-256 of the registry file: {sha}").format(sha=registry.sha256 or _("unknown"))
    cover = (
        f'<section class="cover">{_band(registry, generated, "top")}<p class="kicker">{esc(_("Briefing"))}</p><h1>{esc(meta.title)}</h1>'
        f"{f'<p class=lead>{esc(meta.description)}</p>' if meta.description else ''}"
        f'<table class="facts"><tr><th>{esc(_("Data as of"))}</th><td>{esc(date(meta.as_of))} ({meta.as_of.isoformat()})</td></tr>'
        f"<tr><th>{esc(_('Registry'))}</th><td>{esc(registry.version)} ({esc(sha)})</td></tr>"
        f"<tr><th>{esc(_('Generated'))}</th><td>{generated:%Y-%m-%d %H:%M} UTC</td></tr>"
        f"<tr><th>{esc(_('Covers'))}</th><td>{esc(selection)}: {esc(covers)}</td></tr></table>"
        f'<nav class="toc"><h2 class="toc-title">{esc(_("Contents"))}</h2><ol>{toc}</ol></nav>'
        f"{_band(registry, generated, 'bottom')}</section>"
    )
    parts = [
        _part(registry, generated, _targets_section(views)),
        _part(registry, generated, _claims_section(assessment, claim_ids, in_report)),
        *(_indicator_section(assessment, v, n, svgs.get(v.id), generated) for n, v in enumerate(views, 1)),
    ]
    return (
        f'<!doctype html>\n<html lang="{current()}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, '
        f'initial-scale=1">'
        f'<meta name="generator" content="crime-indicator-dashboard '
        f'report"><title>{esc(_("Briefing: {title}").format(title=meta.title))}</title>'
        f"<style>{CSS}{page_css(registry, generated)}</style></head><body>{cover}{''.join(parts)}</body></html>\n"
    )
