"""The one cache of what a snapshot's pages, embeds and downloads compute: its owner is the `Snapshot`.

Every key is built here, from a kind and its parts. A kind whose parts are the registry's own (an
indicator id, a language, a download's name) is bounded by the registry; a kind whose parts come from a
request's filters (the overview's selection of cards) is an LRU of `BOUNDS[kind]` entries. Racing builders
do the same work and one of them wins: every value is a pure function of the snapshot and its key.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

# kind -> the most entries kept, for kinds whose key a request chooses; other kinds are bounded by the registry
# briefing: a PDF of a few hundred KB (or its future) per selection and language; share_card: a PNG of about 100 KB per
# card and language (web/cards.py); claimreview: the claim reviews of a language at an address root (web/jsonld.py),
# which comes from the request's Host
BOUNDS = {"progress": 256, "briefing": 16, "share_card": 128, "claimreview": 16}
KINDS = frozenset({"assessment", "tracking", "sparkline", "card", "embed", "download", "report_chart", *BOUNDS})


class SnapshotCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fixed: dict[tuple, Any] = {}
        self._lru: dict[str, OrderedDict[tuple, Any]] = {kind: OrderedDict() for kind in BOUNDS}

    def get(self, kind: str, parts: tuple[Hashable, ...], build: Callable[[], Any]) -> Any:
        if kind not in KINDS:
            raise KeyError(f"no cache kind {kind!r}")
        key = (kind, *parts)
        lru = self._lru.get(kind)
        with self._lock:
            found = lru.get(key, _MISSING) if lru is not None else self._fixed.get(key, _MISSING)
            if found is not _MISSING:
                if lru is not None:
                    lru.move_to_end(key)
                return found
        value = build()  # outside the lock: a slow build never holds up the other kinds
        with self._lock:
            if lru is None:
                return self._fixed.setdefault(key, value)
            lru[key] = value
            lru.move_to_end(key)
            while len(lru) > BOUNDS[kind]:
                lru.popitem(last=False)
            return value

    def discard(self, kind: str, parts: tuple[Hashable, ...]) -> None:
        """Forget one entry (a refused or failed briefing), so that the next request builds it again."""
        key = (kind, *parts)
        with self._lock:
            lru = self._lru.get(kind)
            (lru if lru is not None else self._fixed).pop(key, None)

    def size(self, kind: str) -> int:
        with self._lock:
            lru = self._lru.get(kind)
            return len(lru) if lru is not None else sum(1 for k in self._fixed if k[0] == kind)


_MISSING = object()
