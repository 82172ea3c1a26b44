"""Ingest stage, first step: seed bytes → text, whatever the encoding, or one clear error."""

from __future__ import annotations

import codecs
import gzip
import re
import zlib

from charset_normalizer import from_bytes

from ..errors import SeedError

# An article is a few kilobytes; a page dump rarely passes a megabyte. Anything far larger is not
# a seed, and reading it whole would cost the memory of every other seed in the run.
MAX_SEED_BYTES = 20 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Formats people drop into seeds/ by mistake, named so the message says what the file is.
_SIGNATURES = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel file)"),
    (b"\x7fELF", "a program"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def precheck(raw: bytes) -> bytes:
    """Refuse what is not a seed (too large, empty, a PDF or an image); unpack gzip."""
    if len(raw) > MAX_SEED_BYTES:
        raise SeedError(
            f"too large ({len(raw) // (1024 * 1024)} MB; seeds are limited to {MAX_SEED_BYTES // (1024 * 1024)} MB)",
            "save just the article page",
        )
    if raw[:2] == b"\x1f\x8b":
        raw = _gunzip(raw)
    if not raw.strip():
        raise SeedError("empty file", "delete it or paste the article into it")
    for signature, kind in _SIGNATURES:
        if raw.startswith(signature):
            raise SeedError(f"this is {kind}, not text", "save the article as .txt or .html")
    return raw


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding name). UTF-8 first, then BOMs, then charset-normalizer's detection."""
    raw = precheck(raw)
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return _clean(raw[len(bom) :].decode(encoding)), encoding
            except UnicodeDecodeError:
                raise SeedError(f"starts with a {encoding} byte-order mark but is not {encoding}") from None
    try:
        return _clean(raw.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw[: 2 * 1024 * 1024]).best()
    if best is None or best.encoding is None:
        raise SeedError("not text in any encoding we could detect (binary file?)", "save the page as UTF-8 text")
    # EUC-KR is a subset of CP949 (Windows Korean): decoding with CP949 never loses a character
    # that EUC-KR detection allowed.
    encoding = "cp949" if best.encoding in ("euc_kr", "cp949") else best.encoding
    try:
        text = raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise SeedError(
            f"looks like {best.encoding} but does not decode as it", "save the page as UTF-8 text"
        ) from None
    if _mostly_control(text):
        raise SeedError("binary file (mostly control characters)", "save the article as .txt or .html")
    return _clean(text), encoding


def _gunzip(raw: bytes) -> bytes:
    try:
        # Bounded: a small gzip can unpack to gigabytes.
        decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
        data = decompressor.decompress(raw, MAX_SEED_BYTES + 1)
    except (OSError, zlib.error, gzip.BadGzipFile):
        raise SeedError("a damaged gzip file") from None
    if len(data) > MAX_SEED_BYTES:
        raise SeedError("unpacks to more than the seed size limit", "save just the article page")
    return data


def _mostly_control(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    control = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or c == "\ufffd")
    return control / len(sample) > 0.05


def _clean(text: str) -> str:
    """Normalise newlines and drop NULs and other C0 controls that no article contains."""
    if "\x00" in text and _mostly_control(text):
        raise SeedError("binary file (contains NUL bytes)", "save the article as .txt or .html")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)
