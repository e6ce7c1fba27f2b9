"""Bytes to text, with a clear reason when the bytes are not text at all.

Decoding is its own stage so that a binary file or undecodable bytes become a reject with
stage `decode`, instead of garbage reaching the extractor.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from transforms.errors import DecodeError

# Signatures of common binary formats that reach news pipelines by mistake.
_MAGIC: dict[bytes, str] = {
    b"%PDF": "PDF document",
    b"\x89PNG": "PNG image",
    b"GIF8": "GIF image",
    b"\xff\xd8\xff": "JPEG image",
    b"PK\x03\x04": "ZIP archive",
    b"\x1f\x8b": "gzip data",
    b"\x7fELF": "ELF executable",
    b"RIFF": "RIFF media",
}
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w\-:]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format of `data`, or None when it may be text."""
    for magic, name in _MAGIC.items():
        if data.startswith(magic):
            return name
    head = data[:8192]
    if any(head.startswith(bom) for bom in _BOMS[1:]):
        return None  # UTF-16 text legitimately holds NUL bytes
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    return None


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode bytes as text: BOM, then UTF-8, then a declared or in-page charset, then detection.

    Raises DecodeError(empty | binary | undecodable).
    """
    if not data.strip():
        raise DecodeError("empty", "the input holds no bytes other than whitespace")
    binary = sniff_binary(data)
    if binary:
        raise DecodeError("binary", f"not text: looks like {binary}")
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[3:].decode("utf-8", errors="replace"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(data.decode("utf-16", errors="replace"), "utf-16")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    candidates = [declared] if declared else []
    match = _META_CHARSET.search(data[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", "ignore"))
    for enc in candidates:
        try:
            return Decoded(data.decode(enc), enc.lower())
        except (LookupError, UnicodeDecodeError):
            continue
    best = from_bytes(data[:65536]).best()
    if best is None:
        raise DecodeError("undecodable", "bytes are neither UTF-8 nor any encoding charset detection recognises")
    return Decoded(data.decode(best.encoding, errors="replace"), best.encoding)
