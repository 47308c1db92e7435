"""Side files the registry names (series CSVs, source documents): where they may be, how big, what kind.

Every path must resolve, after following symbolic links, inside the registry's own `data/` folder
(documents inside `data/sources/`), name a regular file and be at most MAX_FILE_BYTES. Problems
quote the path only: the content of a file that fails these rules is never read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 16 * 1024 * 1024


class FileRefused(Exception):
    """Why a named file cannot be used; ``message`` quotes the path, never the content."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def resolve(base: Path, relative: str, folder: str) -> Path:
    """The real path of ``base/relative``, checked to be a regular file inside ``base/folder``."""
    root = (base / folder).resolve()
    outside = FileRefused(f"{relative!r} is outside {folder}/ (links followed)", f"keep the file itself under {folder}/")
    # a path that leaves the folder by its own '..' is refused before anything is looked up: whether
    # a file exists outside data/ is none of the registry's business
    lexical, lexical_root = (Path(os.path.normpath(base.absolute() / p)) for p in (relative, folder))
    if not lexical.is_relative_to(lexical_root):
        raise outside
    try:
        real = (base / relative).resolve(strict=True)
    except FileNotFoundError:
        raise FileRefused(f"{relative!r} not found", "paths are relative to the registry's folder") from None
    except (OSError, RuntimeError):  # a symbolic link loop, a path too long
        raise FileRefused(f"{relative!r} cannot be resolved", "is it a broken link?") from None
    if not real.is_relative_to(root):
        raise outside
    try:
        info = os.stat(real)
    except OSError as exc:
        raise FileRefused(f"{relative!r} cannot be read: {exc.strerror}") from None
    _check(info, relative)
    return real


def _check(info: os.stat_result, relative: str) -> None:
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise FileRefused(f"{relative!r} is {what}", "name a text file")
    if info.st_size > MAX_FILE_BYTES:
        raise FileRefused(
            f"{relative!r} is over {MAX_FILE_BYTES // 2**20} MB, the limit for a file", "split it, or keep only what the registry needs"
        )


def read(base: Path, relative: str, folder: str) -> bytes:
    """The bytes of a checked file. O_NONBLOCK: a file swapped for a named pipe cannot hang the read."""
    real = resolve(base, relative, folder)
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise FileRefused(f"{relative!r} cannot be read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        _check(os.fstat(fd), relative)  # it may have changed since it was resolved
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused(f"{relative!r} is over {MAX_FILE_BYTES // 2**20} MB, the limit for a file")
    return data
