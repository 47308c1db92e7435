"""Every file the project reads or writes goes through here: one guarded reader, one safe writer.

- `read_regular(path)` opens with O_NONBLOCK (and O_NOFOLLOW where no link is allowed), checks with
  `fstat` on the open descriptor that it is a regular file within the size limit, then reads at most
  that many bytes. A named pipe, a device (a link to /dev/zero) or a socket in place of a file is
  refused at once: nothing can make a read wait for a writer or run on without end.
- `write_atomic(path, data)` writes a new file through a fresh temporary file made with `mkstemp`
  (O_CREAT | O_EXCL, so a planted file or link under any name is never opened) in the target's own
  folder, then renames it over `path`: a reader sees the old file or the new one, never a part, and
  a link at `path` is replaced, not followed.
- Side files the registry names (series CSVs, source documents, `read`): every path must resolve,
  after following symbolic links, inside the registry's own `data/` folder (documents inside
  `data/sources/`), name a regular file and be at most MAX_FILE_BYTES. Problems quote the path only:
  the content of a file that fails these rules is never read.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 16 * 1024 * 1024


class FileRefused(Exception):
    """Why a named file cannot be used; ``message`` quotes the path, never the content."""

    def __init__(self, message: str, hint: str = "", *, too_big: bool = False) -> None:
        super().__init__(message)
        self.message, self.hint, self.too_big = message, hint, too_big


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


def _limit(max_bytes: int) -> str:
    return f"{max_bytes // 2**20} MB" if max_bytes >= 2**20 else f"{max_bytes:,} bytes"


def _check(info: os.stat_result, relative: str, max_bytes: int = MAX_FILE_BYTES) -> None:
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise FileRefused(f"{relative!r} is {what}", "name a text file")
    if info.st_size > max_bytes:
        raise FileRefused(
            f"{relative!r} is over {_limit(max_bytes)}, the limit for a file",
            "split it, or keep only what the registry needs",
            too_big=True,
        )


def read(base: Path, relative: str, folder: str) -> bytes:
    """The bytes of a checked file (`resolve`, then `read_regular` without following links: it was resolved already)."""
    real = resolve(base, relative, folder)
    return read_regular(real, follow_links=False, name=relative)


def read_regular(path: Path | str, *, follow_links: bool = True, max_bytes: int = MAX_FILE_BYTES, name: str | None = None) -> bytes:
    """The bytes of `path` if it is a regular file of at most `max_bytes`; FileRefused otherwise (quoting `name`, else the path).

    O_NONBLOCK: a named pipe in its place neither waits for a writer nor hangs the read; `fstat` on the
    open descriptor refuses anything but a regular file before a byte is read. `follow_links=False`
    adds O_NOFOLLOW: a link in the last place of the path is refused too.
    """
    shown = name if name is not None else str(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileRefused(f"{shown!r} cannot be read: {exc.strerror}") from None
    try:
        _check(os.fstat(fd), shown, max_bytes)
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew since the fstat
        raise FileRefused(f"{shown!r} is over {_limit(max_bytes)}, the limit for a file", too_big=True)
    return data


def write_atomic(path: Path | str, data: bytes, *, mode: int = 0o644) -> Path:
    """Write `data` to `path` whole or not at all, never through a planted file or link; returns `path`.

    The temporary file is `mkstemp`'s (a random name, O_CREAT | O_EXCL) in `path`'s own folder, so the
    rename is atomic and stays on one file system; it is synced, given `mode` (mkstemp makes it 0600)
    and renamed over `path`. A link at `path` itself is replaced by the new file, its target untouched.
    On any failure the temporary file is removed and the old `path` is left as it was.
    """
    import tempfile  # here: loading a registry (every command) only reads; tempfile's imports cost a start-up

    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode & ~_umask())
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def _umask() -> int:
    # the process's umask, read without changing it for other threads where the system tells it (Linux /proc)
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022
