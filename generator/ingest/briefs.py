"""Ingest stage, last step: write briefs without ever losing an editor's change; a manifest remembers what we wrote."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Config
from ..content import BRIEFS_DIR, content_files, load_registry
from ..errors import Problems
from ..frontmatter import join
from ..slugs import slugify
from ..yamlio import dump
from .decode import SeedError
from .entities import EntityType, FoundEntity
from .extract import TAXONOMY_OF, Extraction, Registry, extract, is_seed

MANIFEST = ".ingest.json"  # in content/: hidden, so the loader never reads it as a brief
SLUG_LENGTH = 60

NEW, UPDATED, UNCHANGED, KEPT, REPLACED, FAILED = "new", "updated", "unchanged", "kept", "replaced", "failed"


@dataclass
class Outcome:
    seed: str
    status: str  # one of NEW, UPDATED, UNCHANGED, KEPT, REPLACED, FAILED
    brief: str = ""  # brief path relative to the site root
    message: str = ""  # why a seed failed or a brief was kept
    hint: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    # Entities found in the text but not in the registry: type → name → number of briefs.
    unregistered: dict[EntityType, dict[str, int]] = field(default_factory=dict)
    registered_stubs: list[str] = field(default_factory=list)  # registry files --register wrote

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> bool:
        return self.count(FAILED) > 0


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
    taxonomy_key = {t.name: t.key for t in config.taxonomies}
    for kind, taxonomy in TAXONOMY_OF.items():
        names = x.names(kind)
        if names and taxonomy in taxonomy_key:
            keys[taxonomy_key[taxonomy]] = names
    if x.topic and "topics" in taxonomy_key:
        keys[taxonomy_key["topics"]] = x.topic
    if x.summary:
        keys["summary"] = x.summary
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


# --- the manifest ------------------------------------------------------------------------


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Manifest:
    """seed → (brief path, hash of the text we wrote). A brief whose hash differs was edited."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict[str, str]] = {}
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.entries = {str(k): dict(v) for k, v in data.get("seeds", {}).items()}
            except (ValueError, AttributeError, TypeError):
                self.entries = {}  # a damaged manifest only makes ingest more careful: briefs count as edited
        self._original = json.dumps(self.entries, sort_keys=True)

    def save(self) -> None:
        if json.dumps(self.entries, sort_keys=True) == self._original:
            return  # unchanged seeds change no file, not even this one
        data = {
            "note": "Written by briefing ingest: which brief each seed became. Safe to delete.",
            "seeds": self.entries,
        }
        _write(self.path, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


_SEED_LINE = re.compile(r"^seed:\s*['\"]?(.+?)['\"]?\s*$", re.M)


def _briefs_by_seed(folder: Path) -> dict[str, Path]:
    """Existing briefs that name their seed, found even after an editor renamed the file."""
    found: dict[str, Path] = {}
    for path in content_files(folder):
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:8192]
        except OSError:
            continue
        match = _SEED_LINE.search(head.split("\n---", 2)[0] if head.startswith("---") else "")
        if match:
            found.setdefault(match.group(1), path)
    return found


# --- the run ----------------------------------------------------------------------------


def discover(paths: Sequence[Path], config: Config) -> list[Path]:
    """Seeds under the given paths (default: the seeds folder), sorted; sidecars are not seeds."""
    roots = list(paths) or [config.seeds]
    found: list[Path] = []
    for root in roots:
        if root.is_dir():
            found.extend(p for p in sorted(root.rglob("*")) if p.is_file() and is_seed(p))
        else:
            found.append(root)  # named explicitly: try it whatever its extension
    return sorted(dict.fromkeys(p.resolve() for p in found))


def ingest(
    config: Config,
    paths: Sequence[Path] = (),
    force: bool = False,
    register: bool = False,
    today: dt.date | None = None,
    progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None,
) -> Report:
    """Turn seeds into briefs. One bad seed never stops the others; see Report for what happened."""
    problems = Problems()
    entries = load_registry(config, problems)
    registry = Registry.from_entries(entries)
    folder = config.content / BRIEFS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    manifest = Manifest(config.content / MANIFEST)
    by_seed = _briefs_by_seed(folder)
    report = Report()
    seeds = discover(paths, config)
    missing = [p for p in seeds if not p.exists()]
    for path in progress(seeds) if progress else seeds:
        if path in missing:
            report.outcomes.append(Outcome(config.relative(path), FAILED, message="no such file"))
            continue
        report.outcomes.append(_ingest_one(path, config, registry, manifest, by_seed, force, today, report))
    manifest.save()
    if register:
        report.registered_stubs = write_stubs(config, report.unregistered)
    return report


def _ingest_one(
    path: Path,
    config: Config,
    registry: Registry,
    manifest: Manifest,
    by_seed: dict[str, Path],
    force: bool,
    today: dt.date | None,
    report: Report,
) -> Outcome:
    shown = config.relative(path)
    try:
        x = extract(path, config, registry, today)
    except SeedError as exc:
        return Outcome(shown, FAILED, message=exc.message, hint=exc.hint)
    for entity in x.entities:
        if not entity.registered:
            names = report.unregistered.setdefault(entity.type, {})
            names[entity.name] = names.get(entity.name, 0) + 1
    text = brief_text(x, config)
    folder = config.content / BRIEFS_DIR
    recorded = manifest.entries.get(x.seed)
    existing = _existing(config, recorded, by_seed.get(x.seed))
    if existing is None and recorded is not None and not force:
        return Outcome(
            shown, KEPT, recorded["brief"], "its brief was deleted; --force writes it again", None, x.warnings
        )
    if existing is None:
        target = _free_name(folder, brief_name(x), by_seed)
        _write(target, text)
        by_seed[x.seed] = target
        manifest.entries[x.seed] = {"brief": config.relative(target), "sha256": _sha(text)}
        return Outcome(shown, NEW, config.relative(target), warnings=x.warnings)
    current = existing.read_text(encoding="utf-8", errors="replace")
    entry = {"brief": config.relative(existing), "sha256": _sha(text)}
    if current == text:
        manifest.entries[x.seed] = entry
        return Outcome(shown, UNCHANGED, config.relative(existing), warnings=x.warnings)
    ours = recorded is not None and recorded.get("sha256") == _sha(current)
    if not ours and not force:
        return Outcome(
            shown,
            KEPT,
            config.relative(existing),
            "edited since it was ingested",
            "--force replaces it (keeping a backup)",
            x.warnings,
        )
    status = UPDATED
    if not ours:
        backup = existing.with_name(f"{existing.name}.{dt.datetime.now():%Y%m%d-%H%M%S}.bak")
        backup.write_text(current, encoding="utf-8")
        status = REPLACED
    _write(existing, text)
    manifest.entries[x.seed] = entry
    return Outcome(shown, status, config.relative(existing), warnings=x.warnings)


def _existing(config: Config, recorded: dict[str, str] | None, named: Path | None) -> Path | None:
    if recorded is not None:
        path = config.root / recorded.get("brief", "")
        if path.is_file():
            return path
    return named if named is not None and named.is_file() else None


def _free_name(folder: Path, name: str, by_seed: dict[str, Path]) -> Path:
    """name, or name-2, name-3… when another seed's (or an editor's) brief has it."""
    taken = set(by_seed.values())
    stem = name.removesuffix(".md")
    candidate, number = folder / name, 1
    while candidate.exists() or candidate in taken:
        number += 1
        candidate = folder / f"{stem}-{number}.md"
    return candidate


def _write(path: Path, text: str) -> None:
    """Write through a temporary file and a rename, so a brief is never half-written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def write_stubs(config: Config, unregistered: dict[EntityType, dict[str, int]]) -> list[str]:
    """Registry stubs for entities found in the text; existing files are never touched."""
    written: list[str] = []
    taxonomies = {t.name for t in config.taxonomies}
    for kind, names in sorted(unregistered.items()):
        taxonomy = TAXONOMY_OF[kind]
        if taxonomy not in taxonomies:
            continue
        for name in sorted(names):
            slug = slugify(name)
            path = config.content / taxonomy / f"{slug}.md"
            if not slug or path.exists():
                continue
            _write(path, join(dump({"name": name, "aliases": []}), ""))
            written.append(config.relative(path))
    return written


def unregistered_entities(entities: Iterable[FoundEntity]) -> list[FoundEntity]:
    return [e for e in entities if not e.registered]
