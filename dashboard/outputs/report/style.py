"""The briefing's stylesheet: screen and A4 print, system fonts only (no font file, no request)."""

from __future__ import annotations

import datetime as dt
import re

from dashboard.i18n import _
from dashboard.registry.models import Registry

CSS = """
:root{--ink:#1d1d1d;--muted:#555;--rule:#d0d0d0;--link:#0b5cad}
html{font-family:'Liberation Sans',Arial,'Helvetica Neue',Helvetica,sans-serif;color:var(--ink);font-size:14px;line-height:1.45}
body{margin:0 auto;max-width:960px;padding:0 24px 48px}
h1{font-size:26px;line-height:1.2;margin:8px 0 12px}
h2{font-size:20px;margin:18px 0 6px;line-height:1.25}
h3{font-size:15px;margin:16px 0 6px}
a{color:var(--link)}
.kicker{text-transform:uppercase;letter-spacing:.12em;color:var(--muted);margin:24px 0 0;font-size:12px}
.lead{color:#333;margin:4px 0 10px}
.band{font-size:11px;color:var(--muted);border-bottom:1px solid var(--rule);padding:6px 0;margin-top:28px}
.band.bottom{border-bottom:0;border-top:1px solid var(--rule);margin:18px 0 0}
section{page-break-inside:auto}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:12.5px}
th,td{border-bottom:1px solid var(--rule);padding:4px 6px;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #999;font-weight:bold}
tr{break-inside:avoid}
p.note{font-size:11px;color:var(--muted);margin:0 0 8px}
table.targets td:first-child{width:26%}
tr.note td{color:var(--muted);font-size:11.5px;border-top:0}
table.facts{width:auto}
table.facts th{padding-right:18px;color:var(--muted);font-weight:normal}
.scorecard{margin:4px 0 10px}.scorecard .bar{display:flex;height:12px;border-radius:2px;overflow:hidden;margin:3px 0}
.scorecard .bar span{position:relative;border-right:2px solid #fff;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.scorecard .bar i{position:absolute;left:0;top:0;bottom:0;
background:repeating-linear-gradient(45deg,rgba(255,255,255,.75) 0 3px,transparent 3px 7px)}.scorecard .counts{margin:0;font-size:11.5px}
.pill{display:inline-block;padding:1px 7px;border-radius:9px;color:#fff;font-size:11.5px;font-weight:bold;white-space:nowrap;
  -webkit-print-color-adjust:exact;print-color-adjust:exact}
.claim{border-left:3px solid var(--rule);padding:2px 0 2px 12px;margin:10px 0 14px;break-inside:avoid}
.claim-head{margin:2px 0 4px}
blockquote{margin:4px 0 6px;font-style:italic;color:#333}
blockquote cite{display:block;font-style:normal;font-size:11.5px;color:var(--muted)}
blockquote.second{font-size:12px;color:#555}
.quote-note{font-size:11.5px;color:var(--muted);margin:0 0 6px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:4px 0;font-size:12.5px}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
figure.chart{margin:8px 0 6px}
figure.chart svg{width:100%;height:auto;display:block}
.nochart{color:var(--muted);font-style:italic}
ul.plain,ul.sources{padding-left:18px;margin:4px 0}
ul.sources li{margin-bottom:3px;font-size:12.5px;overflow-wrap:anywhere}
.cite{font-size:12px;color:#333;background:#f4f4f4;padding:6px 8px;overflow-wrap:anywhere}
nav.toc ol{list-style:none;padding:0;margin:0}
nav.toc li{display:flex;gap:8px;border-bottom:1px dotted var(--rule);padding:2px 0}
nav.toc li a{flex:1 1 auto;text-decoration:none}
nav.toc .page{flex:0 0 3em;text-align:right;font-variant-numeric:tabular-nums}
@media print{
  html{font-size:10.5pt}
  body{max-width:none;padding:0}
  .band{display:none}
  section.part,section.indicator{break-before:page}
  h2,h3{break-after:avoid}
  figure.chart{break-inside:avoid}
  a{text-decoration:none}
}
"""


def css_string(text: str, limit: int = 110) -> str:
    """`text` as a CSS string literal inside a <style> element: quoted, escaped, one line, at most `limit` characters."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return '"' + re.sub(r'[\\"<>&]', lambda m: f"\\{ord(m.group()):x} ", text) + '"'


def _page_numbers(template: str) -> str:
    """'page {page} of {pages}' as a CSS `content` value: the words as strings (spaces kept), the numbers as counters."""
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", template):
        if piece in ("{page}", "{pages}"):
            parts.append(f"counter({piece[1:-1]})")
        elif piece:
            parts.append('"' + re.sub(r'[\\"<>&\n]', lambda m: f"\\{ord(m.group()):x} ", piece) + '"')
    return " ".join(parts)


def page_css(registry: Registry, generated: dt.datetime) -> str:
    """Running header and footer of every printed A4 page: the registry, its version, data as of, page numbers."""
    meta = registry.meta
    left = css_string(meta.title)
    right = css_string(_("registry {version} · data as of {date}").format(version=registry.version, date=meta.as_of.isoformat()))
    made = css_string(_("Briefing generated {generated} UTC").format(generated=f"{generated:%Y-%m-%d %H:%M}"))
    numbers = _page_numbers(_("page {page} of {pages}"))
    box = "font-family:'Liberation Sans',Arial,sans-serif;font-size:8pt;color:#555"
    return (
        f"@page{{size:A4;margin:18mm 14mm 16mm 14mm;"
        f"@top-left{{content:{left};{box}}}@top-right{{content:{right};{box}}}"
        f"@bottom-left{{content:{made};{box}}}@bottom-right{{content:{numbers};{box}}}}}"
    )
