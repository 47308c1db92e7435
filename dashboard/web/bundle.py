"""The plotly.js the pages and the embeds load: plotly's official partial bundle "basic" (npm
`plotly.js-basic-dist-min`, MIT; its licence beside it in the assets folder), not the full plotly.min.js.

The app draws scatter and bar traces only, and basic holds scatter, bar and pie: 1.2 MB, 0.4 MB
compressed, against the full bundle's 4.8 MB and 1.4 MB. Its version is the plotly.js that the plotly
package ships (`plotly.offline.get_plotlyjs_version()`), so a figure built in Python means the same in
the page as in the exports, which keep the full plotly.js through kaleido. `tests/test_bundle.py` fails
when a figure the app or the embeds build uses a trace type this file lacks, or when the versions part.

The trace types and the version are read from the file itself, never from a copy of a list.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

ASSETS = Path(__file__).resolve().parent / "assets"
FILE = "plotly-basic-4.1.1.min.js"
PATH = ASSETS / FILE
# the assets Dash must not put in every page by itself: the app's page script loads this one (app.PAGE_SCRIPT)
ASSETS_IGNORE = r"^plotly-basic-[0-9.]+\.min\.js$"

_HEADER = re.compile(rb"\* plotly\.js \(basic - minified\) v(\d+\.\d+\.\d+)")
# how every plotly.js bundle registers a trace module: `moduleType:"trace",name:"scatter"`
_TRACE = re.compile(rb'moduleType:"trace",name:"(\w+)"')


def trace_types(path: Path = PATH) -> frozenset[str]:
    """The trace types a plotly.js bundle registers, read from its minified source."""
    return frozenset(m.decode() for m in _TRACE.findall(path.read_bytes()))


@functools.cache
def bundle_traces() -> frozenset[str]:
    return trace_types(PATH)


def bundle_version(path: Path = PATH) -> str:
    """The plotly.js version the bundle's licence header names."""
    found = _HEADER.search(path.read_bytes()[:400])
    if found is None:
        raise ValueError(f"{path.name}: no plotly.js basic header")
    return found.group(1).decode()


__all__ = ["ASSETS_IGNORE", "FILE", "PATH", "bundle_traces", "bundle_version", "trace_types"]
