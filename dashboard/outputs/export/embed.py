"""Provenance inside exported files: PNG text chunks, SVG <title>/<metadata>, PDF document info.

Byte-level and dependency-free: the pixels are never decoded, the PDF is extended by an incremental update.
`meta` is `dashboard.outputs.export.file_metadata(...)`: Title, Description, Source, Indicator, Registry,
Registry-SHA256, Data-As-Of, Creation Time, Software, Citation.
"""

from __future__ import annotations

import re
import struct
import zlib
from xml.sax.saxutils import escape


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def embed_png(png: bytes, meta: dict[str, str]) -> bytes:
    """Text chunks spliced in after IHDR: no decode and re-encode of the pixels."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    end_ihdr = 8 + 12 + struct.unpack(">I", png[8:12])[0]
    chunks = b""
    lang = meta.get("Language", "").encode("ascii", "ignore")
    for key, value in meta.items():
        try:
            chunks += _png_chunk(b"tEXt", key.encode("latin-1") + b"\0" + value.replace("\0", "").encode("latin-1"))
        except UnicodeEncodeError:  # iTXt (Cyrillic, dashes …): uncompressed UTF-8, tagged with the file's language
            chunks += _png_chunk(b"iTXt", key.encode("latin-1") + b"\0\0\0" + lang + b"\0\0" + value.replace("\0", "").encode("utf-8"))
    return png[:end_ihdr] + chunks + png[end_ihdr:]


def embed_svg(svg: bytes, meta: dict[str, str]) -> bytes:
    text = svg.decode("utf-8")
    root = re.search(r"<svg\b[^>]*>", text)
    if root is None:
        raise ValueError("not an SVG file")
    language = f"<dc:language>{escape(meta['Language'])}</dc:language>" if meta.get("Language") else ""
    sources = "".join(f"<dc:source>{escape(line)}</dc:source>" for line in meta["Source"].splitlines())
    block = (
        f"<title>{escape(meta['Title'])}</title><desc>{escape(meta['Description'])}</desc>"
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:cid="urn:crime-indicator-dashboard:export"><rdf:Description rdf:about="">'
        f"<dc:title>{escape(meta['Title'])}</dc:title><dc:description>{escape(meta['Description'])}</dc:description>{sources}"
        f"{language}"
        f"<dc:identifier>{escape(meta['Indicator'])}</dc:identifier><dc:date>{meta['Creation Time']}</dc:date>"
        f"<cid:registry>{escape(meta['Registry'])}</cid:registry><cid:registrySha256>{meta['Registry-SHA256']}</cid:registrySha256>"
        f"<cid:dataAsOf>{meta['Data-As-Of']}</cid:dataAsOf><cid:software>{escape(meta['Software'])}</cid:software>"
        f"<dcterms:bibliographicCitation>{escape(meta.get('Citation', ''))}</dcterms:bibliographicCitation>"
        "</rdf:Description></rdf:RDF></metadata>"
    )
    return (text[: root.end()] + block + text[root.end() :]).encode("utf-8")


def _pdf_text(value: str) -> str:
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


def embed_pdf(pdf: bytes, meta: dict[str, str]) -> bytes:
    """A new document-info dictionary appended as an incremental update (PDF 1.7, 7.5.6).

    Chromium's Skia writer ends with a classic xref table and trailer; anything else is returned unchanged.
    """
    tail = re.search(rb"trailer\s*<<(.*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$", pdf[-2048:], re.S)
    size = tail and re.search(rb"/Size\s+(\d+)", tail.group(1))
    root = tail and re.search(rb"/Root\s+(\d+\s+\d+\s+R)", tail.group(1))
    if not (tail and size and root):
        return pdf
    number, prev = int(size.group(1)), int(tail.group(2))
    created = meta["Creation Time"].replace("-", "").replace(":", "").replace("T", "")[:14]
    info = {
        "Title": meta["Title"],
        "Subject": meta["Description"],
        "Keywords": f"{meta['Indicator']}; registry version {meta['Registry-Version']}; registry sha256 {meta['Registry-SHA256']}",
        "Creator": meta["Software"],
        "Indicator": meta["Indicator"],
        "RegistrySHA256": meta["Registry-SHA256"],
        "Sources": meta["Source"],
        "Citation": meta.get("Citation", ""),
    }
    body = "".join(f"/{k} {_pdf_text(v)}\n" for k, v in info.items()) + f"/CreationDate (D:{created}Z)\n"
    head = pdf if pdf.endswith(b"\n") else pdf + b"\n"
    obj = f"{number} 0 obj\n<<\n{body}>>\nendobj\n".encode("latin-1")
    xref_at = len(head) + len(obj)
    xref = (
        f"xref\n0 1\n0000000000 65535 f\r\n{number} 1\n{len(head):010d} 00000 n\r\n"
        f"trailer\n<</Size {number + 1} /Root {root.group(1).decode()} /Info {number} 0 R /Prev {prev}>>\nstartxref\n{xref_at}\n%%EOF\n"
    )
    return head + obj + xref.encode("latin-1")
