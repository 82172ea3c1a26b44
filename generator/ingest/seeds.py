"""Ingest stage, first step: which files are seeds, their sidecars, and their bytes as text."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from ..config import schema as s
from ..config.briefs import brief_schema
from ..config.site import Config
from ..config.yamlio import load
from ..errors import Problems, SeedError, YamlError
from ..files import Area, Refused, area, read_bytes
from .decode import MAX_SEED_BYTES, decode, precheck

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
SEED_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, ".gz")
SIDECAR_SUFFIXES = (".yml", ".yaml")

_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body)\b", re.I | re.S)


def is_seed(path: Path) -> bool:
    return path.suffix.lower() in SEED_SUFFIXES and not path.name.startswith(".")


# A sidecar holds a few keys; anything larger is not one.
MAX_SIDECAR_BYTES = 1024 * 1024


def seed_area(seed: Path, config: Config) -> Area | None:
    """Where a seed (and its sidecar) may be read from: seeds/ for the site's own seeds, the site for
    a path inside it; None for a file named on the command line outside the site (the user's choice)."""
    absolute = Path(os.path.abspath(seed))  # noqa: PTH100 - the path as given: its links are what is checked
    for folder, shown in ((config.seeds, "seeds/"), (config.root, "the site")):
        if absolute.is_relative_to(folder):
            return area(folder, config.root, shown)
    return None


def sidecar_for(seed: Path) -> Path | None:
    """`seed.yml` beside `seed.txt` (or `seed.txt.yml`): values the page itself lacks.

    Whatever is there under that name is the sidecar (a pipe or a link out of seeds/ included), and
    reading it decides whether it can be used: a sidecar that cannot be read fails its seed."""
    for candidate in (
        *(seed.with_suffix(suffix) for suffix in SIDECAR_SUFFIXES),
        *(seed.with_name(seed.name + suffix) for suffix in SIDECAR_SUFFIXES),
    ):
        if candidate != seed and (candidate.is_symlink() or candidate.exists()) and not candidate.is_dir():
            return candidate
    return None


def load_sidecar(path: Path, config: Config) -> dict[str, Any]:
    """A sidecar's values, checked against the brief schema (plus `url` for source_url)."""
    shown = config.relative(path)
    try:
        raw = read_bytes(path, seed_area(path, config), MAX_SIDECAR_BYTES, "sidecars")
        doc = load(raw.decode("utf-8-sig"))
    except Refused as exc:
        raise SeedError(f"sidecar {shown} {exc.message}", exc.hint) from None
    except OSError as exc:
        raise SeedError(f"cannot read sidecar {shown}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise SeedError(f"sidecar {shown} is not UTF-8 text", "save it as UTF-8") from None
    except YamlError as exc:
        raise SeedError(f"{shown}:{exc.line}: {exc.message}", exc.hint) from None
    if doc.data is None:
        return {}
    if isinstance(doc.data, dict) and "url" in doc.data:
        doc.data["source_url"] = doc.data.pop("url")
        doc.lines[("source_url",)] = doc.lines.get(("url",), 1)
    problems = Problems()
    schema = {k: v for k, v in brief_schema(config).items()}
    schema["title"] = s.Key("string", "", s.title)  # a sidecar need not repeat the title
    values, _ = s.validate(doc, schema, problems, shown)
    if problems.errors:
        first = problems.errors[0]
        key = f"{first.key}: " if first.key else ""
        raise SeedError(f"{first.path}:{first.line}: {key}{first.message}", first.hint, problems.errors)
    given = doc.data if isinstance(doc.data, dict) else {}
    return {key: values[key] for key in given if key in values}


def read_seed(path: Path, config: Config) -> tuple[str, str, str, bytes]:
    """(text, kind, encoding, raw bytes) of a seed, or SeedError.

    Read with a bound (a 1 GB file costs no more than the limit) and only if it is a regular file
    inside seeds/ (a FIFO, /dev/zero or a link out of the site is refused, never waited on)."""
    try:
        raw = read_bytes(path, seed_area(path, config), MAX_SEED_BYTES, "seeds")
    except Refused as exc:
        raise SeedError(exc.message, exc.hint) from None
    except OSError as exc:
        raise SeedError(f"cannot read: {exc.strerror}") from None
    unpacked = precheck(raw)
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(HTML_SUFFIXES) or _HTML_START.match(unpacked[:4096]):
        from .html import decode_html  # here, not at the top: the dev server's watcher imports this module

        return decode_html(unpacked), "html", "declared or detected", raw
    text, encoding = decode(unpacked)
    return text, "text", encoding, raw
