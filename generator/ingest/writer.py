"""Ingest stage, the writer: an extraction as a brief (front matter, escaped Markdown), written atomically."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .. import files
from ..config.site import Config
from ..config.yamlio import dump
from ..content.frontmatter import join
from ..content.loader import content_area
from ..hangul import has_hangul, romanize_name
from ..slugs import slugify
from .entities import EntityType
from .entities.ko_lexicon import korean_name_shape
from .extract import KIND_OF, Extraction

SLUG_LENGTH = 60


# --- Markdown ----------------------------------------------------------------------------

_INLINE = re.compile(r"([\\`*_<\[~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^([#>+=|-])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])(\s|$)")


def escape_markdown(paragraph: str) -> str:
    """Scraped text as Markdown that renders as exactly that text: no HTML, links, lists or emphasis.

    Raw HTML is escaped even though sites may turn markdown.html on for hand-written briefs:
    ingested text comes from the open web and must never reach a page as markup.
    """
    text = " ".join(paragraph.split())
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub("&amp;", text)
    text = _BLOCK_START.sub(r"\\\1", text)
    return _ORDERED.sub(r"\1\\\2\3", text)


# --- the brief file ----------------------------------------------------------------------


def front_matter(x: Extraction, config: Config) -> dict[str, Any]:
    """Keys in the order an editor reads them; empty values left out."""
    keys: dict[str, Any] = {"title": x.title}
    if x.time is not None:
        keys["date"] = x.time.isoformat()
    elif x.date is not None:
        keys["date"] = x.date
    else:
        keys["draft"] = True
    for key in ("source", "source_url", "byline", "label"):
        value = getattr(x, key, "") or x.given.get(key, "")
        if value:
            keys[key] = value
    if x.lang and x.lang != config.language.split("-")[0].lower():
        keys["lang"] = x.lang  # only when it is not the site's: a site in one language says nothing
    for kind, taxonomy_kind in KIND_OF.items():
        names = x.names(kind)
        taxonomy = config.taxonomy(taxonomy_kind)
        if names and taxonomy is not None:
            keys[taxonomy.key] = names
    topics = config.taxonomy("topics")
    if x.topic and topics is not None:
        keys[topics.key] = x.topic
    if x.summary:
        keys["summary"] = x.summary
    if x.quotes:
        keys["quotes"] = [q.to_json() for q in x.quotes]
    for key in ("credit", "license", "license_url", "updated", "slug"):
        if x.given.get(key):
            keys[key] = x.given[key]
    if x.given.get("draft"):
        keys["draft"] = True
    keys["seed"] = x.seed
    keys["seed_sha256"] = x.seed_sha256
    return keys


def brief_text(x: Extraction, config: Config) -> str:
    body = "\n\n".join(escape_markdown(p) for p in x.paragraphs if p.strip())
    return join(dump(front_matter(x, config)), body)


def brief_name(x: Extraction) -> str:
    """YYYY-MM-DD-headline-words.md, cut at a word near SLUG_LENGTH (clashes get -2, -3…)."""
    slug = slugify(x.title, max_length=1000) or slugify(Path(x.seed).stem, max_length=1000) or "brief"
    if len(slug) > SLUG_LENGTH:
        slug = slug[: SLUG_LENGTH + 1].rsplit("-", 1)[0]
    return f"{x.date:%Y-%m-%d}-{slug}.md" if x.date else f"{slug}.md"


# --- files ----------------------------------------------------------------------------------


def write_atomic(path: Path, text: str, config: Config) -> None:
    """Write a file of content/ through a fresh temporary file and a rename (files.write_atomic): never
    half-written, never through a link, nothing left behind when the disk is full."""
    files.write_atomic(path, text.encode("utf-8"), content_area(config))


def stub(kind: EntityType, name: str) -> tuple[str, list[str], str]:
    """The name, aliases and slug of a new registry entry for a name found in the text.

    A Korean person named in Hangul gets the romanized name ("현송월" -> "Hyeon Songwol", slug
    hyeon-songwol) and keeps the Hangul as an alias, so the briefs that name them in Korean
    resolve to the entry. A foreign name in Hangul ("세르게이 라브로프") keeps its Hangul name,
    which a romanization would only garble, under a romanized slug; an editor adds the usual
    English spelling.
    """
    if kind == "person" and has_hangul(name):
        if korean_name_shape(name, sino=False):
            romanized = romanize_name(name)
            return romanized, [name], slugify(romanized)
        return name, [], slugify(name)
    return name, [], slugify(name)


def write_stubs(config: Config, unregistered: dict[EntityType, dict[str, int]]) -> tuple[list[str], list[str]]:
    """Registry stubs for entities found in the text; existing files are never touched.

    (files written, why others could not be): one that cannot be written does not stop the rest."""
    written: list[str] = []
    failed: list[str] = []
    for kind, names in sorted(unregistered.items()):
        taxonomy = config.taxonomy(KIND_OF[kind])
        if taxonomy is None:
            continue
        for found in sorted(names):
            name, aliases, slug = stub(kind, found)
            path = config.content / taxonomy.name / f"{slug}.md"
            if not slug or path.exists() or path.is_symlink():
                continue
            try:
                write_atomic(path, join(dump({"name": name, "aliases": aliases}), ""), config)
            except files.Refused as exc:
                failed.append(f"{config.relative(path)}: {exc.message}")
                continue
            except OSError as exc:
                reason, hint = files.write_problem(exc)
                failed.append(f"cannot write {config.relative(path)}: {reason}" + (f" (hint: {hint})" if hint else ""))
                continue
            written.append(config.relative(path))
    return written, failed
