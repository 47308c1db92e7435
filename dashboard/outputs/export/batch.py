"""Files: one figure's finished bytes with provenance inside, a batch through one browser, and its manifest.

A batch writes each file through a fresh temporary file and renames it (registry.files.write_atomic:
a planted `.name.part` file or link is never opened), and writes the manifest last,
atomically, listing only the files written whole in this run. A run that fails part-way removes
the folder's old manifest, so that no manifest ever vouches for files it did not describe.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from dashboard.engine.assessment import Assessment
from dashboard.outputs.export.embed import embed_pdf, embed_png, embed_svg
from dashboard.outputs.export.errors import UnsafePathError
from dashboard.outputs.export.layout import FORMATS, Preset, export_figure, file_metadata, preset_of, software
from dashboard.outputs.export.renderer import Renderer
from dashboard.registry.files import write_atomic  # the one safe writer: mkstemp in the folder, then rename

EMBED = {"png": embed_png, "svg": embed_svg, "pdf": embed_pdf}
MANIFEST = "manifest.json"


def render_indicator(
    assessment: Assessment,
    indicator_id: str,
    *,
    fmt: str = "png",
    preset: str | Preset = "report",
    renderer: Renderer | None = None,
    generated: dt.datetime | None = None,
    chosen: str | None = None,
    base: int | None = None,
) -> bytes:
    """The finished file's bytes, metadata included. Without a renderer, a browser is started and closed for this one call.
    `chosen` and `base`: the target drawn in colour and the year the chart is re-based to (export.layout.export_figure)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    size = preset_of(preset)
    fig = export_figure(assessment, indicator_id, size, chosen=chosen, base=base)
    meta = file_metadata(assessment, indicator_id, generated)
    if renderer is None:
        with Renderer() as own:
            raw = own.render(fig, fmt=fmt, width=size.width, height=size.height, scale=size.scale)
    else:
        raw = renderer.render(fig, fmt=fmt, width=size.width, height=size.height, scale=size.scale)
    return EMBED[fmt](raw, meta)


_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}$")


def safe_path(out_dir: Path, name: str) -> Path:
    """`out_dir/name`, refused unless it is a plain file name that stays inside out_dir (symlinks resolved)."""
    if not _SAFE_NAME.match(name) or ".." in name:
        raise UnsafePathError(f"refusing file name {name!r}: only letters, digits, '_', '-' and '.' are allowed")
    base = out_dir.resolve()
    path = (base / name).resolve()
    if path.parent != base:
        raise UnsafePathError(f"refusing {name!r}: it resolves to {path}, outside {base}")
    return path


@dataclass(frozen=True)
class ManifestEntry:
    file: str
    indicator: str
    title: str
    format: str
    width: int
    height: int
    scale: float
    size: int
    sha256: str
    registry_sha256: str
    generated: str


def export_batch(
    assessment: Assessment,
    ids: list[str],
    out_dir: Path,
    *,
    fmt: str = "png",
    preset: str | Preset = "report",
    renderer: Renderer,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[ManifestEntry]:
    """Every figure through one renderer (one browser); files named `<id>.<fmt>`; returns the manifest rows.

    The folder's old manifest is removed first: if the run fails, no manifest describes files it did not write.
    """
    registry = assessment.registry
    size = preset_of(preset)
    targets = [(i, safe_path(out_dir, f"{i}.{fmt}")) for i in ids]  # refuse before rendering anything
    safe_path(out_dir, MANIFEST).unlink(missing_ok=True)
    entries = []
    for n, (indicator_id, path) in enumerate(targets):
        if progress:
            progress(n, len(targets), indicator_id)
        generated = dt.datetime.now(dt.UTC).replace(microsecond=0)
        data = render_indicator(assessment, indicator_id, fmt=fmt, preset=size, renderer=renderer, generated=generated)
        write_atomic(path, data)
        width, height = size.pixels
        entries.append(
            ManifestEntry(
                path.name,
                indicator_id,
                registry.indicator(indicator_id).title,
                fmt,
                width,
                height,
                size.scale,
                len(data),
                hashlib.sha256(data).hexdigest(),
                registry.sha256,
                generated.isoformat().replace("+00:00", "Z"),
            )
        )
    if progress:
        progress(len(targets), len(targets), "")
    return entries


def write_manifest(out_dir: Path, assessment: Assessment, entries: list[ManifestEntry], *, skipped: list[str] | None = None) -> Path:
    registry = assessment.registry
    path = safe_path(out_dir, MANIFEST)
    doc = {
        "registry": Path(registry.path).name,
        "registry_version": registry.version,
        "registry_sha256": registry.sha256,
        "data_as_of": registry.meta.as_of.isoformat(),
        "software": software(),
        "files": [asdict(e) for e in entries],
        "skipped": [{"indicator": i, "reason": "no values to chart yet"} for i in skipped or []],
    }
    write_atomic(path, (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return path
