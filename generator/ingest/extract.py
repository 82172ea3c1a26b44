"""Ingest stage: one seed file → everything a brief needs (title, date, byline, entities, topic, summary)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import schema as s
from ..config.site import Config
from ..content.loader import MAX_TERMS
from ..content.registry import Registry
from .dates import FoundDate, date_from_text, date_from_url
from .entities import EntityType, FoundEntity, KnownEntity, find_entities, is_full_name
from .html import extract_html
from .language import detect as detect_language
from .quotes import Quote, find_quotes
from .seeds import load_sidecar, read_seed, sidecar_for
from .summary import summarize
from .textdump import extract_text
from .topics import choose_topic

# Which taxonomy each kind of entity goes to.
# The kind of taxonomy (site.yml `kind:`) each type of entity goes to.
KIND_OF: dict[EntityType, str] = {"person": "people", "place": "places", "organization": "organizations"}

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
    lang: str | None = None  # the article's language ('ko', 'en'…), None when too short to tell
    topic: str = ""
    topic_hits: list[tuple[str, int]] = field(default_factory=list)
    entities: list[FoundEntity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
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
            "lang": self.lang,
            "topic": self.topic or None,
            "actors": self.names("person"),
            "places": self.names("place"),
            "organizations": self.names("organization"),
            "entities": [
                {"name": e.name, "type": e.type, "mentions": list(e.mentions), "registered": e.registered}
                for e in self.entities
            ],
            "quotes": [q.to_json() for q in self.quotes],
            "warnings": self.warnings,
            "seed": self.seed,
            "seed_sha256": self.seed_sha256,
            "encoding": self.encoding,
        }


def known_entities(registry: Registry) -> dict[EntityType, list[KnownEntity]]:
    """The registry as the entity finder takes it: per entity type, each entry with the spellings the
    registry's rule gives it (an alias that is another entry's name is not among them)."""
    known: dict[EntityType, list[KnownEntity]] = {}
    for kind, taxonomy_kind in KIND_OF.items():
        terms = registry.kind(taxonomy_kind)
        known[kind] = [KnownEntity(e.name, terms.spellings(e)) for e in terms.entries] if terms else []
    return known


def canonical(registry: Registry, kind: EntityType, name: str) -> str | None:
    """The registry's name for name (or one of its aliases), by the registry's one rule."""
    terms = registry.kind(KIND_OF[kind])
    entry = terms.resolve(name) if terms else None
    return entry.name if entry else None


def _speaker_entry(registry: Registry, name: str) -> tuple[str, str] | None:
    """The registry's person, else organization, of that name or alias, and which it is."""
    for kind in ("person", "organization"):
        entry = canonical(registry, kind, name)
        if entry is not None:
            return entry, kind
    return None


# Text dumps longer than this are cut before extraction: the longest real page dump seen is about
# 120 kB, and the classifier's time grows with the length (a 20 MB dump took 40 s).
MAX_TEXT_CHARS = 1_000_000


def extract(path: Path, config: Config, registry: Registry, today: dt.date | None = None) -> Extraction:
    """Read one seed and make everything a brief needs; raises SeedError for unreadable seeds."""
    text, kind, encoding, raw = read_seed(path, config)
    cut: str | None = None
    if kind == "text" and len(text) > MAX_TEXT_CHARS:
        end = text.rfind("\n", 0, MAX_TEXT_CHARS)
        cut = f"the page was cut to its first {MAX_TEXT_CHARS:,} characters (of {len(text):,}) before extraction"
        text = text[: end if end > 0 else MAX_TEXT_CHARS]
    sidecar = sidecar_for(path)
    given = load_sidecar(sidecar, config) if sidecar else {}
    result = Extraction(
        seed=config.relative(path),
        seed_sha256=hashlib.sha256(raw).hexdigest(),
        kind=kind,
        encoding=encoding,
        given=given,
    )
    if cut:
        result.warnings.append(cut)
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
    _apply_given(result, given, config)
    if not result.title:
        result.title = path.stem.replace("_", " ").replace("-", " ").strip() or "Untitled"
        result.warnings.append("no headline found: the file name stands in for the title; correct 'title:'")
    result.source = canonical(registry, "organization", result.source) or result.source
    exclude = [a for a in _SPLIT_AUTHORS.split(result.byline) if a] if result.byline else []
    found_entities = find_entities(result.body, known_entities(registry), exclude=exclude)
    result.entities = _keep_full_names(found_entities, result)
    _apply_given_entities(result, given, config)
    if "quotes" in given:
        result.quotes = [Quote(q["text"], q.get("speaker", ""), -1, "sidecar") for q in given["quotes"]]
    else:
        # every person found speaks, the lone surnames left out of actors included
        result.quotes = find_quotes(result.paragraphs, found_entities, lambda name: _speaker_entry(registry, name))
    result.lang = given.get("lang") or detect_language(result.title, result.paragraphs)
    if "summary" not in given:
        result.summary = summarize(result.paragraphs, result.title, result.lang or config.language.split("-")[0])
    topics = config.taxonomy("topics")
    if topics is not None and topics.key not in given:
        best = choose_topic(f"{result.title}\n{result.body}", config.topics)
        if best is not None:
            result.topic, result.topic_hits = best.rule.title, list(best.hits)
        elif config.topics:
            result.warnings.append(
                f"no topic rule matched: add '{topics.key}:' by hand or a keyword to site.yml topics"
            )
    if not result.paragraphs:
        result.warnings.append("no article text found")
    _bound(result, config)
    return result


def _shortened(text: str, limit: int) -> str:
    """text in at most limit characters, cut at a word and marked with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip() + "…"


def _bound(result: Extraction, config: Config) -> None:
    """Keep what ingest writes within what a brief may hold (config/schema.py), so that every brief
    it writes builds: long fields are shortened, overlong names and names past the limit left out."""
    for key in ("title", "summary", "byline", "source"):  # stripped as a brief's values are read back
        setattr(result, key, getattr(result, key).strip())  # (NEL and other Unicode spaces included)
    if len(result.title) > s.MAX_TITLE:
        result.title = _shortened(result.title, s.MAX_TITLE)
        result.warnings.append(f"the headline was shortened to {s.MAX_TITLE} characters")
    for key in ("summary", "byline", "source"):
        value = getattr(result, key)
        if len(value) > s.MAX_TEXT:
            setattr(result, key, _shortened(value, s.MAX_TEXT))
            result.warnings.append(f"the {key} was shortened to {s.MAX_TEXT} characters")
    if len(result.source_url) > s.MAX_TEXT:
        result.source_url = ""
        result.warnings.append("the page's address is too long to keep; add 'source_url:' by hand")
    long = [e.name for e in result.entities if len(e.name) > s.MAX_NAME]
    kept = [e for e in result.entities if len(e.name) <= s.MAX_NAME]
    if long:
        result.warnings.append(f"{len(long)} names longer than {s.MAX_NAME} characters were left out")
    room = MAX_TERMS - (1 if result.topic and config.taxonomy("topics") is not None else 0)
    if len(kept) > room:
        result.warnings.append(
            f"{len(kept)} names found; the first {room} were kept (a brief names at most {MAX_TERMS})"
        )
        kept = kept[:room]
    result.entities = kept


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


def _apply_given(result: Extraction, given: dict[str, Any], config: Config) -> None:
    for key in ("title", "byline", "source", "summary"):
        if given.get(key):
            setattr(result, key, given[key])
    topics = config.taxonomy("topics")
    if topics is not None and given.get(topics.key):
        chosen = given[topics.key]
        result.topic = chosen[0] if isinstance(chosen, list) else str(chosen)


def _apply_given_entities(result: Extraction, given: dict[str, Any], config: Config) -> None:
    """Sidecar lists of actors/places/organizations replace what was found for that kind."""
    for kind, taxonomy_kind in KIND_OF.items():
        taxonomy = config.taxonomy(taxonomy_kind)
        key = taxonomy.key if taxonomy else None
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
        if entity.type == "person" and not entity.registered and not is_full_name(entity.name):
            surnames.append(entity.name)
            continue
        kept.append(entity)
    if surnames:
        result.warnings.append(
            f"people named by surname only, left out of actors: {', '.join(surnames)} "
            "(add them to the registry with the surname as an alias to tag them)"
        )
    return kept
