"""`parse_in_child(...)`: `parse_registry(...)` in a short-lived child Python process.

Parsing a large registry leaves the YAML node tree's peak resident in the parsing process for good:
Python's allocator keeps the arenas the tree filled (at 1,000 generated indicators a server held
270 MB for 45 MB of live objects). A child process parses and validates, hands back the validated
Registry (or the RegistryError) pickled over a pipe, and exits, taking the peak with it.

The child is a fresh interpreter started with `python -m dashboard.registry.child` (like the
multiprocessing "spawn" method: no fork of a process that has threads), but without multiprocessing's
re-import of the parent's `__main__`, which a server or script does not always guard. Pickles only
ever travel between this process and its own child.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

from .loader import parse_registry
from .models import Registry

# the folder that holds the `dashboard` package, so the child imports the same code as the parent
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent.parent)
TIMEOUT_SECONDS = 600.0


def parse_in_child(*args: Any, timeout: float = TIMEOUT_SECONDS) -> Registry:
    """`parse_registry(*args)` in a child process: its Registry returned, its RegistryError raised here."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_PACKAGE_ROOT, os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.registry.child"],
        input=pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL),
        capture_output=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    if done.returncode != 0 or not done.stdout:
        raise RuntimeError(f"the registry parser process failed (exit {done.returncode}): {done.stderr.decode(errors='replace')[-2000:]}")
    ok, result = pickle.loads(done.stdout)
    if not ok:
        raise result
    return result


def main() -> int:
    args = pickle.loads(sys.stdin.buffer.read())
    try:
        result: tuple[bool, Any] = (True, parse_registry(*args))
    except Exception as exc:  # the RegistryError, or a bug: raised again in the parent
        result = (False, exc)
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()
    os._exit(0)  # the parsed objects need no freeing: the process ends


if __name__ == "__main__":
    raise SystemExit(main())
