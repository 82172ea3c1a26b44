"""Ingest stage, first step: which files are seeds, their sidecars, and their bytes as text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..config import schema as s
from ..config.briefs import brief_schema
from ..config.site import Config
from ..config.yamlio import load
from ..errors import Problems, SeedError, YamlError
from .decode import decode, precheck
from .html import decode_html

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
SEED_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, ".gz")
SIDECAR_SUFFIXES = (".yml", ".yaml")

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body)\b", re.I | re.S)


def is_seed(path: Path) -> bool:
    return path.suffix.lower() in SEED_SUFFIXES and not path.name.startswith(".")


def sidecar_for(seed: Path) -> Path | None:
    """`seed.yml` beside `seed.txt` (or `seed.txt.yml`): values the page itself lacks."""
    for candidate in (
        *(seed.with_suffix(suffix) for suffix in SIDECAR_SUFFIXES),
        *(seed.with_name(seed.name + suffix) for suffix in SIDECAR_SUFFIXES),
    ):
        if candidate.is_file():
            return candidate
    return None


def load_sidecar(path: Path, config: Config) -> dict[str, Any]:
    """A sidecar's values, checked against the brief schema (plus `url` for source_url)."""
    shown = config.relative(path)
    try:
        doc = load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SeedError(f"cannot read sidecar {shown}: {exc}") from None
    except YamlError as exc:
        raise SeedError(f"{shown}:{exc.line}: {exc.message}", exc.hint) from None
    if doc.data is None:
        return {}
    if isinstance(doc.data, dict) and "url" in doc.data:
        doc.data["source_url"] = doc.data.pop("url")
        doc.lines[("source_url",)] = doc.lines.get(("url",), 1)
    problems = Problems()
    schema = {k: v for k, v in brief_schema(config).items()}
    schema["title"] = s.Key("string", "", s.nonempty_string)  # a sidecar need not repeat the title
    values, _ = s.validate(doc, schema, problems, shown)
    if problems.errors:
        first = problems.errors[0]
        key = f"{first.key}: " if first.key else ""
        raise SeedError(f"{first.path}:{first.line}: {key}{first.message}", first.hint, problems.errors)
    given = doc.data if isinstance(doc.data, dict) else {}
    return {key: values[key] for key in given if key in values}


def read_seed(path: Path, config: Config) -> tuple[str, str, str, bytes]:
    """(text, kind, encoding, raw bytes) of a seed, or SeedError."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SeedError(f"cannot read: {exc.strerror}") from None
    unpacked = precheck(raw)
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(HTML_SUFFIXES) or _HTML_START.match(unpacked[:4096]):
        return decode_html(unpacked), "html", "declared or detected", raw
    text, encoding = decode(unpacked)
    return text, "text", encoding, raw
