"""Ingest stage: one seed file → everything a brief needs (title, date, byline, entities, topic, summary)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config.site import Config
from ..model import Entry
from ..slugs import slugify
from .dates import FoundDate, date_from_text, date_from_url
from .entities import EntityType, FoundEntity, KnownEntity, find_entities
from .html import extract_html
from .seeds import load_sidecar, read_seed, sidecar_for
from .summary import summarize
from .textdump import extract_text
from .topics import choose_topic

# Which taxonomy each kind of entity goes to.
TAXONOMY_OF: dict[EntityType, str] = {"person": "actors", "place": "places", "organization": "organizations"}

_SPLIT_AUTHORS = re.compile(r"\s*(?:;|,|\band\b|&|/)\s*")


@dataclass
class Extraction:
    """What ingest makes of one seed; `briefing extract --json` prints it."""

    seed: str  # seed path as messages show it
    seed_sha256: str
    kind: str  # "text" or "html"
    encoding: str
    title: str = ""
    date: dt.date | None = None
    time: dt.datetime | None = None  # only when a source gives the time with its zone
    date_evidence: str = ""
    byline: str = ""
    source: str = ""
    source_url: str = ""
    paragraphs: list[str] = field(default_factory=list)
    summary: str = ""
    topic: str = ""
    topic_hits: list[tuple[str, int]] = field(default_factory=list)
    entities: list[FoundEntity] = field(default_factory=list)
    given: dict[str, Any] = field(default_factory=dict)  # sidecar values, which win over extraction
    warnings: list[str] = field(default_factory=list)

    def names(self, kind: EntityType) -> list[str]:
        return [e.name for e in self.entities if e.type == kind]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def to_json(self) -> dict[str, Any]:
        when = self.time or self.date
        return {
            "title": self.title,
            "date": when.isoformat() if when else None,
            "date_evidence": self.date_evidence or None,
            "byline": self.byline or None,
            "source": self.source or None,
            "source_url": self.source_url or None,
            "body": self.body,
            "summary": self.summary,
            "topic": self.topic or None,
            "actors": self.names("person"),
            "places": self.names("place"),
            "organizations": self.names("organization"),
            "entities": [
                {"name": e.name, "type": e.type, "mentions": list(e.mentions), "registered": e.registered}
                for e in self.entities
            ],
            "warnings": self.warnings,
            "seed": self.seed,
            "seed_sha256": self.seed_sha256,
            "encoding": self.encoding,
        }


@dataclass(frozen=True)
class Registry:
    """The registry as ingest needs it: known entities per type, for resolving names."""

    known: Mapping[EntityType, Sequence[KnownEntity]]

    @classmethod
    def from_entries(cls, entries: Mapping[str, list[Entry]]) -> Registry:
        known: dict[EntityType, list[KnownEntity]] = {}
        for kind, taxonomy in TAXONOMY_OF.items():
            known[kind] = [KnownEntity(e.name, e.aliases) for e in entries.get(taxonomy, [])]
        return cls(known)

    def canonical(self, kind: EntityType, name: str) -> str | None:
        """The registry name for name or one of its aliases, compared as slugs."""
        key = slugify(name)
        for entity in self.known.get(kind, ()):
            if key in {slugify(entity.name), *(slugify(a) for a in entity.aliases)}:
                return entity.name
        return None


def extract(path: Path, config: Config, registry: Registry, today: dt.date | None = None) -> Extraction:
    """Read one seed and make everything a brief needs; raises SeedError for unreadable seeds."""
    text, kind, encoding, raw = read_seed(path, config)
    sidecar = sidecar_for(path)
    given = load_sidecar(sidecar, config) if sidecar else {}
    result = Extraction(
        seed=config.relative(path),
        seed_sha256=hashlib.sha256(raw).hexdigest(),
        kind=kind,
        encoding=encoding,
        given=given,
    )
    today = today or dt.date.today()
    url = given.get("source_url") or ""
    if kind == "html":
        page = extract_html(text, url or None)
        result.title, result.paragraphs = page.title or "", page.paragraphs
        result.byline, result.source = page.byline or "", page.source or ""
        result.source_url = url or page.url or ""
        result.warnings.extend(page.warnings)
        found: FoundDate | None = None
        if page.date:
            found = FoundDate(page.date, None, page.date_evidence or "html metadata")
    else:
        dump = extract_text(text)
        result.title, result.paragraphs = dump.title or "", dump.paragraphs
        result.byline, result.source = dump.byline or "", dump.source or ""
        result.source_url = url
        result.warnings.extend(dump.warnings)
        found = date_from_text(text, not_after=today)
    if found is None and result.source_url:
        found = date_from_url(result.source_url, not_after=today)
    _apply_date(result, given, found)
    _apply_given(result, given)
    if not result.title:
        result.title = path.stem.replace("_", " ").replace("-", " ").strip() or "Untitled"
        result.warnings.append("no headline found: the file name stands in for the title; correct 'title:'")
    result.source = registry.canonical("organization", result.source) or result.source
    exclude = [a for a in _SPLIT_AUTHORS.split(result.byline) if a] if result.byline else []
    result.entities = _keep_full_names(find_entities(result.body, registry.known, exclude=exclude), result)
    _apply_given_entities(result, given, config)
    if "summary" not in given:
        language = "ko" if config.language.startswith("ko") else "en"
        result.summary = summarize(result.paragraphs, result.title, language)
    if "topic" not in given:
        best = choose_topic(f"{result.title}\n{result.body}", config.topics)
        if best is not None:
            result.topic, result.topic_hits = best.rule.title, list(best.hits)
        elif config.topics:
            result.warnings.append("no topic rule matched: add 'topic:' by hand or a keyword to site.yml topics")
    if not result.paragraphs:
        result.warnings.append("no article text found")
    return result


def _apply_date(result: Extraction, given: dict[str, Any], found: FoundDate | None) -> None:
    when = given.get("date")
    if isinstance(when, dt.datetime):
        result.date, result.time, result.date_evidence = when.date(), when, "sidecar"
    elif isinstance(when, dt.date):
        result.date, result.date_evidence = when, "sidecar"
    elif found is not None:
        result.date, result.date_evidence = found.date, found.evidence
        if found.datetime is not None and found.datetime.tzinfo is not None:
            result.time = found.datetime
    if result.date is None:
        result.warnings.append(
            "no publication date found: the brief is a draft; add 'date: YYYY-MM-DD' and remove 'draft: true' "
            "(or give the seed a sidecar .yml with 'date:')"
        )


def _apply_given(result: Extraction, given: dict[str, Any]) -> None:
    for key in ("title", "byline", "source", "summary"):
        if given.get(key):
            setattr(result, key, given[key])
    if given.get("topic"):
        topics = given["topic"]
        result.topic = topics[0] if isinstance(topics, list) else str(topics)


def _apply_given_entities(result: Extraction, given: dict[str, Any], config: Config) -> None:
    """Sidecar lists of actors/places/organizations replace what was found for that kind."""
    by_taxonomy = {t.name: t.key for t in config.taxonomies}
    for kind, taxonomy in TAXONOMY_OF.items():
        key = by_taxonomy.get(taxonomy)
        if key and key in given:
            kept = [e for e in result.entities if e.type != kind]
            listed = [FoundEntity(name, kind, (), True) for name in given[key]]
            result.entities = kept + listed


def _keep_full_names(entities: list[FoundEntity], result: Extraction) -> list[FoundEntity]:
    """Drop people known only by a surname that the registry does not know ("Austin", "Yoon").

    A tag page called "Austin" helps no reader and may be a city; the editor is told instead,
    and a registry alias ("Austin" → Lloyd Austin) makes the name count next time.
    """
    kept: list[FoundEntity] = []
    surnames: list[str] = []
    for entity in entities:
        if entity.type == "person" and not entity.registered and len(entity.name.split()) == 1:
            surnames.append(entity.name)
            continue
        kept.append(entity)
    if surnames:
        result.warnings.append(
            f"people named by surname only, left out of actors: {', '.join(surnames)} "
            "(add them to the registry with the surname as an alias to tag them)"
        )
    return kept
