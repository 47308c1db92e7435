"""`paused_gc()`: build many long-lived objects without the cyclic collector scanning them again and again.

In the registry, the lowest folder: the loader, the models and the assessment all use it.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

# The store's check thread carries this name: it and the main thread (a command) may pause the collector.
BUILD_THREAD = "registry-check"


def may_pause() -> bool:
    """The collector is process-wide: a request thread pausing it would pause it for every other request."""
    thread = threading.current_thread()
    return thread is threading.main_thread() or thread.name.startswith(BUILD_THREAD)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting still frees memory), where `may_pause` allows it."""
    if not may_pause():
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
