"""`paused_gc()`: build many long-lived objects without the cyclic collector scanning them again and again.

The lowest layer: imports nothing of the package, so the registry and the assessment can both use it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting still frees memory)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
